import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStateDbError } from '../../../src/sources/state-db/describe-error.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-state-db-error-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('describeStateDbError', () => {
  it('keeps the code and the first line of an SQLite error', () => {
    const db = new Database(':memory:');
    const err = thrownBy(() => db.prepare('SELECT * FROM threads'));
    db.close();
    expect(describeStateDbError(err)).toBe('no such table: threads (SQLITE_ERROR)');
  });

  it('drops the paths of a Node file-system error', () => {
    const err = thrownBy(() => copyFileSync(join(dir, 'absent.sqlite'), join(dir, 'copy.sqlite')));
    expect(describeStateDbError(err)).toBe('ENOENT: no such file or directory');
  });

  it('describes values that are not errors', () => {
    expect(describeStateDbError('boom\nstack line')).toBe('boom');
    expect(describeStateDbError(new Error(''))).toBe('unknown error');
  });
});
