import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDesktopLogDirs, findDesktopLogFiles } from '../../../src/sources/desktop-log/discover.js';
import { desktopLogRelPath, writeDesktopLog } from '../../builders/desktop-log.js';

const UUID = '6ef37613-40a4-47e7-8f21-3223b73d4efe';
const DAY1 = Date.UTC(2026, 7, 12, 0, 11, 47);
const DAY2 = Date.UTC(2026, 7, 13, 0, 11, 47);
const LINE = '2026-08-12T00:11:47.120Z info [electron-message-handler] Launching app';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'codex-logs-desktop-discover-'));
});
afterEach(() => {
  chmodSync(root, 0o755);
  rmSync(root, { recursive: true, force: true });
});

function touch(relPath: string, content = 'x'): string {
  const path = join(root, relPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe('defaultDesktopLogDirs', () => {
  it('macOS', () => {
    expect(defaultDesktopLogDirs('darwin', {}, '/Users/u')).toEqual(['/Users/u/Library/Logs/com.openai.codex']);
  });

  it('Linux: XDG_STATE_HOME when set and absolute, else ~/.local/state', () => {
    expect(defaultDesktopLogDirs('linux', {}, '/home/u')).toEqual(['/home/u/.local/state/codex/logs']);
    expect(defaultDesktopLogDirs('linux', { XDG_STATE_HOME: '/var/state/u' }, '/home/u')).toEqual(['/var/state/u/codex/logs']);
    expect(defaultDesktopLogDirs('linux', { XDG_STATE_HOME: 'relative/state' }, '/home/u')).toEqual(['/home/u/.local/state/codex/logs']);
    expect(defaultDesktopLogDirs('linux', { XDG_STATE_HOME: '' }, '/home/u')).toEqual(['/home/u/.local/state/codex/logs']);
  });

  it('Windows: the plain and the Store (MSIX) locations, with backslashes on any host', () => {
    expect(defaultDesktopLogDirs('win32', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'C:\\Users\\u')).toEqual([
      'C:\\Users\\u\\AppData\\Local\\Codex\\Logs',
      'C:\\Users\\u\\AppData\\Local\\Packages\\OpenAI.Codex_2p2nqsd0c76g0\\LocalCache\\Local\\Codex\\Logs',
    ]);
    expect(defaultDesktopLogDirs('win32', {}, 'C:\\Users\\v')).toEqual([
      'C:\\Users\\v\\AppData\\Local\\Codex\\Logs',
      'C:\\Users\\v\\AppData\\Local\\Packages\\OpenAI.Codex_2p2nqsd0c76g0\\LocalCache\\Local\\Codex\\Logs',
    ]);
  });
});

describe('findDesktopLogFiles', () => {
  it('finds the dated log files, sorted by path, and lists the other files', async () => {
    const second = writeDesktopLog(root, { date: DAY2, uuid: UUID, pid: 4612, lines: [LINE] });
    const first = writeDesktopLog(root, { date: DAY1, uuid: UUID, pid: 4612, lines: [LINE] });
    const upper = touch('2026/08/13/renamed.LOG');
    const ds = touch('.DS_Store');
    const gz = touch('2026/08/12/old.log.gz');

    expect(second).toBe(join(root, '2026', '08', '13', `codex-desktop-${UUID}-4612-t0-i1-001147-0.log`));
    const found = await findDesktopLogFiles(root, {});
    expect(found).toEqual({
      files: [first, second, upper],
      skipped: [
        { path: ds, reason: 'not-a-log-file' },
        { path: gz, reason: 'not-a-log-file' },
      ],
    });
  });

  it('does not read inside the Codex home: one record per excluded folder, with the logs it holds', async () => {
    const log = writeDesktopLog(root, { date: DAY1, uuid: UUID, pid: 4612, lines: [LINE] });
    const home = join(root, 'home', '.codex');
    touch('home/.codex/log/codex-tui.log', '2026-02-07T08:04:46.841045Z  INFO codex_core::auth: Reloading auth\n');
    touch('home/.codex/log/codex-login.log');
    touch('home/.codex/sessions/2026/08/12/rollout-2026-08-12T08-11-47-x.jsonl');

    expect(await findDesktopLogFiles(root, { exclude: [home] })).toEqual({
      files: [log],
      skipped: [{ path: home, reason: 'inside-codex-home', detail: '2 .log files not read' }],
    });
  });

  it('knows the excluded folder under another spelling of its path', async () => {
    touch('real-home/log/codex-tui.log');
    symlinkSync(join(root, 'real-home'), join(root, 'alias'));
    const found = await findDesktopLogFiles(root, { exclude: [join(root, 'alias')] });
    expect(found).toEqual({
      files: [],
      skipped: [
        { path: join(root, 'alias'), reason: 'not-a-log-file', detail: 'symlinked folder, not followed' },
        { path: join(root, 'real-home'), reason: 'inside-codex-home', detail: '1 .log file not read' },
      ],
    });
  });

  it('a root that is the Codex home itself is not read; a root inside it is', async () => {
    touch('log/codex-tui.log');
    expect(await findDesktopLogFiles(root, { exclude: [root] })).toEqual({
      files: [],
      skipped: [{ path: root, reason: 'inside-codex-home', detail: '1 .log file not read' }],
    });
    expect(await findDesktopLogFiles(join(root, 'log'), { exclude: [root] })).toEqual({ files: [join(root, 'log', 'codex-tui.log')], skipped: [] });
  });

  it('does not follow symlinked folders, so a loop ends', async () => {
    const log = writeDesktopLog(root, { date: DAY1, uuid: UUID, pid: 4612, lines: [LINE] });
    const loop = join(root, '2026', '08', '12', 'loop');
    symlinkSync(root, loop);
    symlinkSync(join(root, '2026'), join(root, 'again'));
    const found = await findDesktopLogFiles(root, {});
    expect(found).toEqual({
      files: [log],
      skipped: [
        { path: loop, reason: 'not-a-log-file', detail: 'symlinked folder, not followed' },
        { path: join(root, 'again'), reason: 'not-a-log-file', detail: 'symlinked folder, not followed' },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    });
  });

  it('takes symlinked log files; a dangling symlink is unreadable', async () => {
    const target = touch('elsewhere/main.txt', `${LINE}\n`);
    symlinkSync(target, join(root, 'linked.log'));
    symlinkSync(join(root, 'missing.log'), join(root, 'dangling.log'));
    const found = await findDesktopLogFiles(root, {});
    expect(found.files).toEqual([join(root, 'linked.log')]);
    expect(found.skipped).toEqual([
      { path: join(root, 'dangling.log'), reason: 'unreadable', detail: 'ENOENT' },
      { path: target, reason: 'not-a-log-file' },
    ]);
  });

  it('a root that is a file is returned as it is; a missing root gives nothing', async () => {
    const file = touch('some-export.txt', `${LINE}\n`);
    expect(await findDesktopLogFiles(file, {})).toEqual({ files: [file], skipped: [] });
    expect(await findDesktopLogFiles(join(root, 'nope'), {})).toEqual({ files: [], skipped: [] });
  });

  it('reads at most the file limit, the newest by path, and counts the rest in one record', async () => {
    for (const day of ['01', '02', '03']) for (const n of ['a', 'b']) touch(`2026/05/${day}/codex-desktop-${n}.log`);
    const found = await findDesktopLogFiles(root, { maxFiles: 3 });
    expect(found.files).toEqual(
      ['2026/05/02/codex-desktop-b.log', '2026/05/03/codex-desktop-a.log', '2026/05/03/codex-desktop-b.log'].map((p) => join(root, p)),
    );
    expect(found.skipped).toEqual([{ path: root, reason: 'over-file-limit', detail: '3 .log files not read (only the newest 3 are)', count: 3 }]);
  });

  it('keeps the newest when one folder streams thousands of logs past the limit', async () => {
    for (let i = 0; i < 3000; i += 1) touch(`flat/${String(i).padStart(4, '0')}.log`);
    const found = await findDesktopLogFiles(root, { maxFiles: 10 });
    expect(found.files).toEqual(Array.from({ length: 10 }, (_, i) => join(root, 'flat', `${2990 + i}.log`)));
    expect(found.skipped).toEqual([{ path: root, reason: 'over-file-limit', detail: '2990 .log files not read (only the newest 10 are)', count: 2990 }]);
  });

  it('lists at most 200 other files (the newest by name, in path order) and sums up the rest', async () => {
    for (let i = 0; i < 205; i += 1) touch(`junk/${String(i).padStart(3, '0')}.txt`);
    const found = await findDesktopLogFiles(root, {});
    expect(found.skipped).toHaveLength(201);
    expect(found.skipped[0]).toEqual({ path: join(root, 'junk', '005.txt'), reason: 'not-a-log-file' });
    expect(found.skipped[199]).toEqual({ path: join(root, 'junk', '204.txt'), reason: 'not-a-log-file' });
    expect(found.skipped[200]).toEqual({ path: root, reason: 'not-a-log-file', detail: '5 more files not listed', count: 5 });
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable folder is recorded and the walk goes on', async () => {
    const log = writeDesktopLog(root, { date: DAY1, uuid: UUID, pid: 4612, lines: [LINE] });
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o000);
    try {
      expect(await findDesktopLogFiles(root, {})).toEqual({ files: [log], skipped: [{ path: locked, reason: 'unreadable', detail: 'EACCES' }] });
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it('builds the path the way Desktop names its files', () => {
    expect(desktopLogRelPath(DAY1, UUID, 4612)).toBe(join('2026', '08', '12', `codex-desktop-${UUID}-4612-t0-i1-001147-0.log`));
  });
});
