import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRowPaths } from '../../../src/sources/home/row-paths.js';
import type { ThreadRow } from '../../../src/sources/state-db/types.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'codex-logs-row-paths-'));
  mkdirSync(join(home, 'sessions', '2026'), { recursive: true });
  writeFileSync(join(home, 'sessions', '2026', 'plain.jsonl'), '{}\n');
  writeFileSync(join(home, 'sessions', '2026', 'packed.jsonl.zst'), '');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const row = (id: string, rolloutPath: string) => ({ id, rolloutPath }) as ThreadRow;

describe('checkRowPaths', () => {
  it('tells what each re-rooted path names, without following it outside the home', () => {
    symlinkSync(join(home, 'sessions', '2026', 'plain.jsonl'), join(home, 'sessions', '2026', 'link.jsonl'));
    const checks = checkRowPaths(
      [
        row('file', '/Users/alice/.codex/sessions/2026/plain.jsonl'),
        row('zst', '/Users/alice/.codex/sessions/2026/packed.jsonl'),
        row('link', '/Users/alice/.codex/sessions/2026/link.jsonl'),
        row('missing', '/Users/alice/.codex/sessions/2026/gone.jsonl'),
        row('dir', '/Users/alice/.codex/sessions/2026'),
        row('home', '/Users/alice/.codex'),
        row('empty', ''),
        row('outside', '/etc/passwd'),
      ],
      home,
      ['/Users/alice/.codex'],
    );
    expect(checks.map((c) => [c.threadId, c.kind, c.compressedKind])).toEqual([
      ['file', 'file', 'missing'],
      ['zst', 'missing', 'file'],
      ['link', 'file', 'missing'],
      ['missing', 'missing', 'missing'],
      ['dir', 'directory', 'missing'],
      ['home', 'directory', null],
      ['empty', 'empty', null],
      ['outside', 'outside-home', null],
    ]);
    expect(checks.find((c) => c.threadId === 'file')?.resolved).toBe(join(home, 'sessions', '2026', 'plain.jsonl'));
    expect(checks.find((c) => c.threadId === 'outside')?.resolved).toBeNull();
  });
});
