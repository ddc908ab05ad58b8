import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseCodexHome, findHomeInside, homeBelow } from '../../../src/sources/home/discover.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-home-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function makeHome(path: string, marker: 'db' | 'sessions'): string {
  mkdirSync(path, { recursive: true });
  if (marker === 'db') writeFileSync(join(path, 'state_5.sqlite'), '');
  else mkdirSync(join(path, 'sessions'));
  return path;
}

describe('findHomeInside', () => {
  it('finds LOGS_DIR itself, or the shallowest home below it', () => {
    expect(findHomeInside(makeHome(join(dir, 'copied'), 'db'))).toBe(join(dir, 'copied'));
    const bundle = join(dir, 'bundle');
    makeHome(join(bundle, 'deep', 'a', '.codex'), 'db');
    makeHome(join(bundle, 'home'), 'sessions');
    mkdirSync(join(bundle, '2026', '05', '03'), { recursive: true });
    expect(findHomeInside(bundle)).toBe(join(bundle, 'home'));
  });

  it('does not descend into date folders or past three levels', () => {
    makeHome(join(dir, '2026', 'x'), 'db');
    makeHome(join(dir, 'a', 'b', 'c', 'd'), 'db');
    expect(findHomeInside(dir)).toBeNull();
  });
});

describe('chooseCodexHome', () => {
  it('prefers --codex-home, then a home inside LOGS_DIR, then $CODEX_HOME, then ~/.codex', () => {
    const logs = join(dir, 'logs');
    makeHome(join(logs, 'bundle-home'), 'db');
    const env = { CODEX_HOME: join(dir, 'env-home') };
    mkdirSync(env.CODEX_HOME);
    const user = join(dir, 'user');
    expect(chooseCodexHome({ argument: join(dir, 'arg'), logsDir: logs, env, home: user })).toEqual({
      path: join(dir, 'arg'),
      origin: 'argument',
      exists: false,
    });
    expect(chooseCodexHome({ argument: null, logsDir: logs, env, home: user })).toEqual({
      path: join(logs, 'bundle-home'),
      origin: 'inside-logs-dir',
      exists: true,
    });
    expect(chooseCodexHome({ argument: null, logsDir: join(dir, 'empty'), env, home: user })).toEqual({
      path: env.CODEX_HOME,
      origin: 'CODEX_HOME',
      exists: true,
    });
    expect(chooseCodexHome({ argument: null, logsDir: null, env: { CODEX_HOME: '' }, home: user })).toEqual({
      path: join(user, '.codex'),
      origin: 'default',
      exists: false,
    });
  });
});

describe('homeBelow', () => {
  it('names the home below a folder the user named that is not one itself, and nothing else', () => {
    const parent = join(dir, 'dotfiles');
    makeHome(join(parent, '.codex'), 'sessions');
    expect(homeBelow({ path: parent, origin: 'argument', exists: true })).toBe(join(parent, '.codex'));
    expect(homeBelow({ path: parent, origin: 'CODEX_HOME', exists: true })).toBe(join(parent, '.codex'));
    // ~/.codex is what Codex itself uses, however empty; a home found inside LOGS_DIR is one by construction.
    expect(homeBelow({ path: parent, origin: 'default', exists: true })).toBeNull();
    expect(homeBelow({ path: join(parent, '.codex'), origin: 'argument', exists: true })).toBeNull();
    expect(homeBelow({ path: join(dir, 'missing'), origin: 'argument', exists: false })).toBeNull();
    mkdirSync(join(dir, 'empty'));
    expect(homeBelow({ path: join(dir, 'empty'), origin: 'argument', exists: true })).toBeNull();
  });
});
