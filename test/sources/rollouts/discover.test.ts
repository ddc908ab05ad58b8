import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRollouts } from '../../../src/sources/rollouts/discover.js';
import { readPlainRollout } from '../../../src/sources/rollouts/read-head.js';
import { makeThreadId, makeV4Id, rolloutFileName, writeEmptyRollout, writeRollout } from '../../builders/rollouts.js';

const DAY1 = Date.parse('2026-04-07T15:24:08.430Z'); // 23:24 in UTC+8
const DAY2 = Date.parse('2026-04-08T16:15:49.807Z'); // 00:15 the next local day
const OFFSET = 480;

const active = makeThreadId(DAY1, 'active');
const nextDay = makeThreadId(DAY2, 'next-day');
const copied = makeThreadId(DAY1 + 60_000, 'copied');
const compressed = makeThreadId(DAY1 + 120_000, 'compressed');
const empty = makeThreadId(DAY2 + 60_000, 'empty');
const archived = makeThreadId(DAY1 - 86_400_000, 'archived');
const nested = makeV4Id('nested-archive');

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'codex-logs-discover-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

function touch(relPath: string, content = 'x'): void {
  const path = join(home, relPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function buildHome(): void {
  const turns = [{ at: DAY1 + 5_000, userMessage: 'hello', agentMessage: 'hi' }];
  writeRollout(home, { id: active, startedAt: DAY1, localOffsetMinutes: OFFSET, turns });
  writeRollout(home, { id: nextDay, startedAt: DAY2, localOffsetMinutes: OFFSET });
  writeRollout(home, { id: copied, startedAt: DAY1 + 60_000, localOffsetMinutes: OFFSET });
  writeRollout(home, { id: copied, startedAt: DAY1 + 60_000, localOffsetMinutes: OFFSET, copyIndex: 1 });
  writeRollout(home, { id: compressed, startedAt: DAY1 + 120_000, localOffsetMinutes: OFFSET, compressed: true });
  writeEmptyRollout(home, { id: empty, startedAt: DAY2 + 60_000, localOffsetMinutes: OFFSET });
  writeRollout(home, { id: archived, startedAt: DAY1 - 86_400_000, localOffsetMinutes: OFFSET, root: 'archived_sessions' });
  // Codex keeps archived_sessions flat; a file moved into a subfolder by hand must still be found.
  const flat = writeRollout(home, { id: nested, startedAt: DAY1 - 2 * 86_400_000, root: 'archived_sessions' });
  mkdirSync(join(home, 'archived_sessions', 'old'));
  renameSync(flat, join(home, 'archived_sessions', 'old', rolloutFileName({ id: nested, startedAt: DAY1 - 2 * 86_400_000 })));
  writeRollout(home, { id: makeThreadId(DAY1, 'bad'), startedAt: DAY1, localOffsetMinutes: OFFSET, rawLines: () => ['{"torn":'], finalNewline: false });

  touch('sessions/.DS_Store');
  // macOS AppleDouble companions (`._<name>`) appear on exFAT/SMB volumes: binary, not rollouts.
  touch(`sessions/2026/04/07/._${rolloutFileName({ id: active, startedAt: DAY1, localOffsetMinutes: OFFSET })}`, '\u0000\u0005\u0016\u0007');
  touch(`sessions/2026/04/07/.compress.${rolloutFileName({ id: active, startedAt: DAY1, localOffsetMinutes: OFFSET })}.1.tmp`);
  touch(`sessions/2026/04/07/${rolloutFileName({ id: active, startedAt: DAY1, localOffsetMinutes: OFFSET })}.tmp`);
  touch('archived_sessions/notes.txt');
  touch('sessions/2026/04/misplaced.jsonl', '{"timestamp":"2026-04-07T00:00:00.000Z","type":"turn_context","payload":{}}\n');
  touch('history.jsonl'); // outside both roots: not looked at
}

function rel(id: string, startedAt: number, extra: { copyIndex?: number; compressed?: boolean } = {}): string {
  const name = rolloutFileName({ id, startedAt, localOffsetMinutes: OFFSET, ...extra });
  const day = name.slice('rollout-'.length, 'rollout-'.length + 10).replaceAll('-', '/');
  return `sessions/${day}/${name}`;
}

describe('findRollouts', () => {
  it('finds every rollout in both roots, sorted by path, and counts everything else', async () => {
    buildHome();
    const { files, stats } = await findRollouts(home);
    expect(files.map((f) => f.relPath)).toEqual(
      [
        `archived_sessions/old/${rolloutFileName({ id: nested, startedAt: DAY1 - 2 * 86_400_000 })}`,
        `archived_sessions/${rolloutFileName({ id: archived, startedAt: DAY1 - 86_400_000, localOffsetMinutes: OFFSET })}`,
        rel(active, DAY1),
        rel(makeThreadId(DAY1, 'bad'), DAY1),
        rel(copied, DAY1 + 60_000),
        rel(copied, DAY1 + 60_000, { copyIndex: 1 }),
        rel(compressed, DAY1 + 120_000, { compressed: true }),
        rel(nextDay, DAY2),
        rel(empty, DAY2 + 60_000),
        'sessions/2026/04/misplaced.jsonl',
      ].sort(),
    );
    expect(stats).toEqual({
      sessionsRootExists: true,
      archivedRootExists: true,
      files: 10,
      inSessions: 8,
      inArchived: 2,
      compressed: 1,
      emptyFiles: 1,
      unreadableHeads: 2,
      otherFiles: 5,
      unreadableDirs: [],
      // Only Codex's own temp names (a leading dot) count as debris; `<name>.jsonl.tmp` is just another file.
      tempFiles: [`sessions/2026/04/07/.compress.${rolloutFileName({ id: active, startedAt: DAY1, localOffsetMinutes: OFFSET })}.1.tmp`],
    });
  });

  it('puts a day that starts after local midnight in the local date folder', async () => {
    buildHome();
    const { files } = await findRollouts(home);
    const file = files.find((f) => f.name?.id === nextDay);
    expect(file?.relPath.startsWith('sessions/2026/04/09/')).toBe(true);
    expect(file?.name?.localStampMs).toBe(DAY2 - (DAY2 % 1000) + OFFSET * 60_000);
  });

  it('describes each file: root, name, size, mtime and head', async () => {
    buildHome();
    const { files } = await findRollouts(home);
    const byRel = new Map(files.map((f) => [f.relPath, f]));
    const activeFile = byRel.get(rel(active, DAY1));
    expect(activeFile).toMatchObject({
      path: join(home, ...rel(active, DAY1).split('/')),
      root: 'sessions',
      name: { id: active, copyIndex: null, compressed: false, stamp: '2026-04-07T23-24-08' },
      size: statSync(join(home, rel(active, DAY1))).size,
      mtimeMs: DAY1 + 10_000,
      head: { status: 'ok', format: 'modern', id: active, timestamp: DAY1, writtenAt: DAY1 + 5_000 },
    });
    expect(byRel.get(rel(copied, DAY1 + 60_000, { copyIndex: 1 }))).toMatchObject({ name: { id: copied, copyIndex: 1 }, head: { status: 'ok', id: copied } });
    expect(byRel.get(rel(compressed, DAY1 + 120_000, { compressed: true }))).toMatchObject({
      name: { compressed: true },
      head: { status: 'ok', id: compressed },
    });
    expect(byRel.get(rel(empty, DAY2 + 60_000))).toMatchObject({ size: 0, head: { status: 'empty' } });
    expect(byRel.get('sessions/2026/04/misplaced.jsonl')).toMatchObject({ name: null, head: { status: 'not-session-meta', firstType: 'turn_context' } });
    const archivedFiles = files.filter((f) => f.root === 'archived_sessions');
    expect(archivedFiles.map((f) => f.head.status === 'ok' && f.head.id)).toEqual([nested, archived]);
  });

  it('reports missing roots in stats, not as an error', async () => {
    expect(await findRollouts(home)).toEqual({
      files: [],
      listing: { listedDirs: new Set(), rolloutLikeNames: new Set(), regularFiles: new Set() },
      stats: {
        sessionsRootExists: false,
        archivedRootExists: false,
        files: 0,
        inSessions: 0,
        inArchived: 0,
        compressed: 0,
        emptyFiles: 0,
        unreadableHeads: 0,
        otherFiles: 0,
        unreadableDirs: [],
        tempFiles: [],
      },
    });
    expect((await findRollouts(join(home, 'no-such-home'))).stats.sessionsRootExists).toBe(false);
  });

  it('reads a home with only archived_sessions', async () => {
    writeRollout(home, { id: archived, startedAt: DAY1, root: 'archived_sessions' });
    const { files, stats } = await findRollouts(home);
    expect(files.map((f) => f.root)).toEqual(['archived_sessions']);
    expect(stats).toMatchObject({ sessionsRootExists: false, archivedRootExists: true, files: 1, inArchived: 1, inSessions: 0 });
  });

  it('lists a root that is not a directory as unreadable', async () => {
    touch('sessions', 'not a folder');
    const { stats } = await findRollouts(home);
    expect(stats).toMatchObject({ sessionsRootExists: true, files: 0, unreadableDirs: ['sessions'] });
  });

  it('follows a symlinked root, but neither symlinked folders below a root nor file symlinks that lead out of the home', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'codex-logs-elsewhere-'));
    try {
      const real = writeRollout(elsewhere, { id: active, startedAt: DAY1 });
      writeRollout(elsewhere, { id: nextDay, startedAt: DAY2, root: 'archived_sessions' });
      symlinkSync(join(elsewhere, 'archived_sessions'), join(home, 'archived_sessions'), 'dir');
      mkdirSync(join(home, 'sessions', '2026'), { recursive: true });
      symlinkSync(join(elsewhere, 'sessions', '2026', '04'), join(home, 'sessions', '2026', '04'), 'dir');
      symlinkSync(real, join(home, 'sessions', '2026', `rollout-2026-04-07T15-24-08-${active}.jsonl`));
      symlinkSync(join(home, 'missing-target'), join(home, 'sessions', `rollout-2026-04-07T15-24-08-${copied}.jsonl`));

      const { files, stats } = await findRollouts(home);
      // A root the user symlinked is their sessions folder; a single file pointing elsewhere is not read (#7).
      expect(files.map((f) => f.relPath)).toEqual([`archived_sessions/${rolloutFileName({ id: nextDay, startedAt: DAY2 })}`]);
      expect(stats).toMatchObject({ files: 1, otherFiles: 3 });
      void real;
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it.skipIf(process.platform === 'win32')('skips a named pipe called like a rollout instead of blocking on it', async () => {
    mkdirSync(join(home, 'sessions'));
    execFileSync('mkfifo', [join(home, 'sessions', `rollout-2026-04-07T15-24-08-${active}.jsonl`)]);
    const { files, stats } = await findRollouts(home);
    expect(files).toEqual([]);
    expect(stats.otherFiles).toBe(1);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('lists folders it may not read', async () => {
    writeRollout(home, { id: active, startedAt: DAY1 });
    execFileSync('chmod', ['000', join(home, 'sessions', '2026', '04')]);
    try {
      const { files, stats } = await findRollouts(home);
      expect(files).toEqual([]);
      expect(stats.unreadableDirs).toEqual(['sessions/2026/04']);
    } finally {
      execFileSync('chmod', ['755', join(home, 'sessions', '2026', '04')]);
    }
  });
});

describe('rollouts that vanish during the scan', () => {
  it('a file gone between the listing and the read is not a rollout: it is counted among the skipped files', async () => {
    writeRollout(home, { id: active, startedAt: DAY1 });
    const name = rolloutFileName({ id: nextDay, startedAt: DAY2 });
    const day = join(home, 'sessions', '2026', '04', '08');
    mkdirSync(day, { recursive: true });
    // A link whose target is gone is what a listed file that Codex moved away looks like when it is opened.
    symlinkSync(join(home, 'moved-away.jsonl'), join(day, name));
    const found = await findRollouts(home);
    expect(found.files.map((f) => f.name?.id)).toEqual([active]);
    expect(found.stats.otherFiles).toBe(1);
    expect(readPlainRollout(join(day, 'never-there.jsonl'))).toEqual({ kind: 'gone' });
  });
});
