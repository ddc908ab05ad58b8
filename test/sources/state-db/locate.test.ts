import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateDbPath } from '../../../src/sources/state-db/locate.js';

const HOME = join('/Users', 'dev', '.codex');

describe('stateDbPath', () => {
  it('uses the Codex home when CODEX_SQLITE_HOME is unset', () => {
    expect(stateDbPath(HOME, {})).toBe(join(HOME, 'state_5.sqlite'));
  });

  it('uses the Codex home when CODEX_SQLITE_HOME is empty', () => {
    expect(stateDbPath(HOME, { CODEX_SQLITE_HOME: '' })).toBe(join(HOME, 'state_5.sqlite'));
  });

  it('uses an absolute CODEX_SQLITE_HOME as is', () => {
    const sqliteHome = resolve('/var', 'lib', 'codex-sqlite');
    expect(stateDbPath(HOME, { CODEX_SQLITE_HOME: sqliteHome })).toBe(join(sqliteHome, 'state_5.sqlite'));
  });

  it('resolves a relative CODEX_SQLITE_HOME against the current directory, not the Codex home', () => {
    expect(stateDbPath(HOME, { CODEX_SQLITE_HOME: join('data', 'sqlite') })).toBe(join(process.cwd(), 'data', 'sqlite', 'state_5.sqlite'));
    expect(stateDbPath(HOME, { CODEX_SQLITE_HOME: '.' })).toBe(join(process.cwd(), 'state_5.sqlite'));
  });
});
