import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lnavConfigDir } from '../../src/apply/install-lnav-format.js';

let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'codex-logs-lnav-home-'));
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('lnavConfigDir: where lnav reads installed formats from', () => {
  it('is ~/.lnav in a home with neither ~/.lnav nor ~/.config', () => {
    expect(lnavConfigDir({ HOME: home })).toBe(join(home, '.lnav'));
  });

  it('is ~/.config/lnav once ~/.config exists', () => {
    mkdirSync(join(home, '.config'));
    expect(lnavConfigDir({ HOME: home })).toBe(join(home, '.config', 'lnav'));
  });

  it('is $XDG_CONFIG_HOME/lnav when that folder exists, and ignores it when it does not', () => {
    const xdg = join(home, 'xdg');
    expect(lnavConfigDir({ HOME: home, XDG_CONFIG_HOME: xdg })).toBe(join(home, '.lnav'));
    mkdirSync(xdg);
    expect(lnavConfigDir({ HOME: home, XDG_CONFIG_HOME: xdg })).toBe(join(xdg, 'lnav'));
  });

  it('keeps an existing ~/.lnav over every other place', () => {
    mkdirSync(join(home, '.lnav'));
    mkdirSync(join(home, '.config', 'lnav'), { recursive: true });
    expect(lnavConfigDir({ HOME: home, XDG_CONFIG_HOME: join(home, '.config') })).toBe(join(home, '.lnav'));
  });

  it('refuses without a home', () => {
    expect(() => lnavConfigDir({})).toThrow(/HOME is not set/);
  });
});
