import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIP_CHARS, eachExisting, selectExisting } from '../../../src/sources/state-db/sqlite-read.js';

const DatabaseConstructor = createRequire(import.meta.url)('better-sqlite3') as typeof Database;

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-sqlite-read-'));
  db = new DatabaseConstructor(join(dir, 'state.sqlite'));
  db.exec(`CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, title TEXT);
    INSERT INTO t VALUES ('a', 1, 'first'), ('b', 9007199254740993, '${'x'.repeat(CLIP_CHARS + 30)}'), ('c', NULL, NULL);`);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('selectExisting', () => {
  it('gives each row its own object, with only the wanted columns the table has, integers as bigint, clipped texts', () => {
    const rows = selectExisting(db, 't', ['id', 'n', 'title', 'not_in_this_schema'], new Set(['title']));
    expect(rows).toEqual([
      { id: 'a', n: 1n, title: 'first' },
      { id: 'b', n: 9007199254740993n, title: 'x'.repeat(CLIP_CHARS) },
      { id: 'c', n: null, title: null },
    ]);
  });

  it('reads a table with none of the wanted columns as rows of nothing known', () => {
    expect(selectExisting(db, 't', ['missing'])).toEqual([{ no_known_column: null }, { no_known_column: null }, { no_known_column: null }]);
  });
});

describe('eachExisting', () => {
  it('hands each row in turn', () => {
    const seen: unknown[] = [];
    eachExisting(db, 't', ['id', 'n'], (row) => seen.push([row['id'], row['n']]));
    expect(seen).toEqual([
      ['a', 1n],
      ['b', 9007199254740993n],
      ['c', null],
    ]);
  });
});
