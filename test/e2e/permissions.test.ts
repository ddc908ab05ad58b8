import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopLine } from '../builders/desktop-log.js';
import { fileFingerprint } from '../builders/fingerprint.js';
import { makeThreadId, writeRollout } from '../builders/rollouts.js';
import { writeSampleIncident } from '../builders/sample-incident.js';
import { buildQueueDb, moveToDbBackup, writeMigrationJournal, writeWriterLock } from '../builders/codex-home-files.js';
import { allFiles, ensureBuilt, runCli, unprivilegedUser, type RunAs } from './run-cli.js';

interface Report {
  stats: { problems: { what: string; count: number; examples: string[] }[]; conversations: number; threadRows: number; logEntries: number };
  findings: { kind: string; severity: string }[];
}

let work: string;
let user: RunAs | null;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-permissions-'));
  // mkdtemp makes the folder private to its owner: the unprivileged user must be able to reach what lies below.
  chmodSync(work, 0o755);
  user = unprivilegedUser();
});
afterAll(() => {
  // Restore access so the folder can be removed, whatever a test left.
  if (existsSync(work)) spawnSync('chmod', ['-R', 'u+rwX', work]);
  rmSync(work, { recursive: true, force: true });
});

function sample(name: string): { logs: string; home: string; ids: ReturnType<typeof writeSampleIncident> } {
  const target = join(work, name);
  const ids = writeSampleIncident(target);
  spawnSync('chmod', ['-R', 'a+rX', target]);
  return { logs: join(target, 'desktop-logs'), home: join(target, 'codex-home'), ids };
}

function analyze(logs: string, home: string, as: RunAs): { status: number | null; report: Report; stderr: string } {
  const run = runCli(['analyze', logs, '--codex-home', home, '--json'], { user: as });
  return { status: run.status, report: JSON.parse(run.stdout || '{}') as Report, stderr: run.stderr };
}

const problem = (report: Report, what: string) => report.stats.problems.find((p) => p.what === what);

describe('permissions', () => {
  it('reads a home and logs in read-only folders as it reads writable ones, and creates nothing there', (ctx) => {
    if (user === null) return ctx.skip();
    const writable = sample('writable');
    const expected = analyze(writable.logs, writable.home, user);
    const readOnly = sample('read-only');
    spawnSync('chmod', ['-R', 'a-w', join(work, 'read-only')]);
    const files = allFiles(join(work, 'read-only'));
    const before = fileFingerprint(files);
    const got = analyze(readOnly.logs, readOnly.home, user);
    expect(got.status).toBe(0);
    expect(got.stderr).toBe('');
    const same = (r: Report) => JSON.stringify({ findings: r.findings, stats: r.stats }).replaceAll(join(work, 'writable'), join(work, 'read-only'));
    expect(same(got.report)).toBe(same(expected.report));
    // Rows committed only in the -wal are still seen, and no -shm or -journal appears beside the database.
    expect(got.report.stats.threadRows).toBeGreaterThan(0);
    expect(allFiles(join(work, 'read-only'))).toEqual(files);
    expect(fileFingerprint(files)).toEqual(before);
  });

  it('counts log files and folders, rollouts and rollout folders it may not read, and analyses the rest', (ctx) => {
    if (user === null) return ctx.skip();
    const { logs, home } = sample('denied');
    const deniedLog = join(logs, '2026', '05', '04', 'codex-desktop-denied.log');
    writeFileSync(
      deniedLog,
      `${desktopLine({ ts: '2026-05-04T10:00:00Z', component: 'AppServerConnection', message: 'response_routed', fields: { conversationId: makeThreadId(Date.parse('2026-05-04T10:00:00Z'), 'denied'), method: 'turn/start' } })}\n`,
    );
    chmodSync(deniedLog, 0o000);
    const deniedDay = join(logs, '2026', '05', '05');
    mkdirSync(deniedDay, { recursive: true });
    writeFileSync(join(deniedDay, 'codex-desktop-hidden.log'), 'x\n');
    chmodSync(deniedDay, 0o000);
    const deniedRollout = writeRollout(home, {
      id: makeThreadId(Date.parse('2026-05-05T09:00:00Z'), 'denied-rollout'),
      startedAt: Date.parse('2026-05-05T09:00:00Z'),
      turns: [],
    });
    chmodSync(deniedRollout, 0o000);
    const hiddenRollout = writeRollout(home, {
      id: makeThreadId(Date.parse('2026-05-06T09:00:00Z'), 'hidden-rollout'),
      startedAt: Date.parse('2026-05-06T09:00:00Z'),
      turns: [],
    });
    const hiddenDay = join(hiddenRollout, '..');
    chmodSync(hiddenDay, 0o000);

    const { status, report, stderr } = analyze(logs, home, user);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(problem(report, 'unreadable log files or folders (skipped)')).toMatchObject({ count: 2, examples: expect.arrayContaining([deniedLog, deniedDay]) });
    expect(problem(report, 'rollout files whose first line is not a usable session_meta')?.examples).toContain(`${relative(home, deniedRollout)} (unreadable)`);
    expect(problem(report, 'unreadable folders under sessions/ and archived_sessions/')).toMatchObject({ count: 1 });
    // The readable part is analysed as ever: the sample's incident is still found.
    expect(report.findings.some((f) => f.kind === 'unpersisted-conversation')).toBe(true);
    expect(statSync(deniedLog).mode & 0o777).toBe(0);
  });

  it('reports a state database it may not read as one finding and analyses logs and rollouts all the same', (ctx) => {
    if (user === null) return ctx.skip();
    const { logs, home } = sample('denied-db');
    chmodSync(join(home, 'state_5.sqlite'), 0o000);
    const { status, report } = analyze(logs, home, user);
    expect(status).toBe(0);
    expect(report.findings.filter((f) => f.kind === 'state-db-unreadable')).toHaveLength(1);
    expect(report.stats.logEntries).toBeGreaterThan(0);
    expect(report.stats.conversations).toBeGreaterThan(0);
  });

  it('goes on past side files of the home it may not read: the sidebar catalog, queue DB, backups, journals and locks', (ctx) => {
    if (user === null) return ctx.skip();
    const { logs, home, ids } = sample('closed-side-files');
    writeWriterLock(home, ids.healthy);
    writeMigrationJournal(home, ids.healthy);
    moveToDbBackup(join(home, 'state_5.sqlite'), Date.parse('2026-05-04T10:00:00Z'));
    buildQueueDb(home, [{ threadId: ids.healthy, text: 'x', createdAtMs: Date.parse('2026-05-04T10:00:00Z') }]);
    for (const dir of ['sqlite', 'thread-writer-locks', 'rollout-migrations', 'db-backups']) chmodSync(join(home, dir), 0o000);
    chmodSync(join(home, 'queue_1.sqlite'), 0o000);
    const got = analyze(logs, home, user);
    for (const dir of ['sqlite', 'thread-writer-locks', 'rollout-migrations', 'db-backups']) chmodSync(join(home, dir), 0o755);
    expect(got.stderr).toBe('');
    expect(got.status).toBe(0);
    expect(got.report.stats.problems.map((p) => p.what)).toContainEqual(
      expect.stringMatching(/^the queue database could not be read \(.*EACCES|permission denied/i),
    );
    expect(got.report.findings.map((f) => f.kind)).not.toContain('sidebar-catalog-missing');
  });

  it('--out into a folder it may not write: one line, exit 2, nothing left behind', (ctx) => {
    if (user === null) return ctx.skip();
    const { logs, home, ids } = sample('out-denied');
    const outDir = join(work, 'out-denied', 'reports');
    mkdirSync(outDir);
    chmodSync(outDir, 0o555);
    const run = runCli(['timeline', ids.sideA, logs, '--codex-home', home, '--out', join(outDir, 'timeline.md')], { user });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('EACCES');
    expect(readdirSync(outDir)).toEqual([]);
  });
});

describe('a full disk', () => {
  it('--out on a file system without room: one line, exit 2, no partial or temporary file', (ctx) => {
    const mount = join(work, 'full');
    mkdirSync(mount);
    if (process.getuid?.() !== 0 || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', mount]).status !== 0) return ctx.skip();
    try {
      const { logs, home } = sample('full-disk');
      const run = runCli(['report', logs, '--codex-home', home, '--out', join(mount, 'report.md')]);
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('ENOSPC');
      expect(readdirSync(mount)).toEqual([]);
    } finally {
      spawnSync('umount', [mount]);
    }
  });
});
