import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileFingerprint } from '../builders/fingerprint.js';
import { makeThreadId, rolloutRelPath, writeRollout } from '../builders/rollouts.js';
import { writeSampleIncident, type SampleIncident } from '../builders/sample-incident.js';
import { buildStateDb, type SchemaVersion } from '../builders/state-db.js';
import { allFiles, ensureBuilt, REPO_ROOT, runCli } from './run-cli.js';

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-repair-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Findings {
  findings: { kind: string; threadId: string | null }[];
}
const analyze = (dir: string, extra: string[] = []) => JSON.parse(runCli(['analyze', dir, '--json', ...extra]).stdout) as Findings;
const kinds = (dir: string) =>
  analyze(dir)
    .findings.map((f) => `${f.kind} ${f.threadId}`)
    .sort();

describe('repair on the sample incident', () => {
  let sample: string;
  let ids: SampleIncident;
  beforeAll(() => {
    sample = join(work, 'sample');
    ids = writeSampleIncident(sample);
  });

  it('prints a dry-run script that changes nothing', () => {
    const before = fileFingerprint(allFiles(sample));
    const run = runCli(['repair', sample]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('BEGIN;');
    expect(run.stdout).toContain(`-- missing-thread-row ${ids.parent}: restore the threads row`);
    expect(run.stdout).toMatch(
      new RegExp(`INSERT INTO threads \\(id, rollout_path, .*\\) VALUES \\('${ids.parent}', '/Users/alice/\\.codex/sessions/2026/05/03/rollout-`),
    );
    expect(run.stdout).toContain('COMMIT;');
    expect(run.stdout).toContain(`-- * unpersisted-conversation ${ids.sideA}: Nothing on disk can restore this conversation`);
    expect(fileFingerprint(allFiles(sample))).toEqual(before);
    const plan = JSON.parse(runCli(['repair', sample, '--json']).stdout);
    expect(plan.steps.map((s: { kind: string; threadId: string }) => `${s.kind} ${s.threadId}`)).toEqual([`missing-thread-row ${ids.parent}`]);
    expect(plan.notes.map((n: { kind: string }) => n.kind)).toEqual([
      'unpersisted-conversation',
      'unpersisted-conversation',
      'unpersisted-turns',
      'sidebar-catalog-missing',
    ]);
    expect(run.stdout).toContain(`-- * sidebar-catalog-missing ${ids.catalogLost}: Nothing is lost`);
  });

  it("dates the restored row by its rollout's last line, not by the file's mtime (a copied home has the copy's)", () => {
    const copy = join(work, 'sample-copied');
    cpSync(sample, copy, { recursive: true });
    const rollout = allFiles(join(copy, 'codex-home', 'sessions')).find((f) => f.includes(ids.parent))!;
    const stamps = readFileSync(rollout, 'utf8')
      .trim()
      .split('\n')
      .map((l) => Date.parse((JSON.parse(l) as { timestamp: string }).timestamp));
    const last = Math.max(...stamps);
    utimesSync(rollout, new Date(), new Date());
    const plan = JSON.parse(runCli(['repair', copy, '--json']).stdout) as { steps: { sql: string }[] };
    const insert = plan.steps[0]!.sql;
    const columns = /INSERT INTO threads \(([^)]+)\)/.exec(insert)![1]!.split(', ');
    const values = /VALUES \((.+)\);$/.exec(insert)![1]!.split(/, (?=(?:[^']*'[^']*')*[^']*$)/);
    const value = (column: string) => Number(values[columns.indexOf(column)]);
    expect(columns).toContain('updated_at');
    expect(value('updated_at')).toBe(Math.floor(last / 1000));
    if (columns.includes('updated_at_ms')) expect(value('updated_at_ms')).toBe(last);
  });

  it('applies with a backup, and analyze then shows the lost row back', () => {
    const copy = join(work, 'sample-apply');
    cpSync(sample, copy, { recursive: true });
    const home = join(copy, 'codex-home');
    // The -shm is SQLite's shared-memory index, rebuilt by whoever opens the database; the data lives in the other two.
    const originals = fileFingerprint(['state_5.sqlite', 'state_5.sqlite-wal'].map((f) => join(home, f)));
    const run = runCli(['repair', copy, '--apply']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Applied 1 repair in one transaction/);
    const backups = readdirSync(home)
      .filter((f) => f.includes('.codex-logs-backup-'))
      .sort();
    expect(backups).toHaveLength(3);
    for (const original of originals) {
      const backup = backups.find((b) => b.startsWith(`${original.path.slice(home.length + 1)}.codex-logs-backup-`));
      expect(fileFingerprint([join(home, backup!)])[0]?.sha256).toBe(original.sha256);
    }
    expect(kinds(copy)).toEqual(
      [
        `request-failed ${ids.parent}`,
        `request-failed ${ids.sideA}`,
        `request-failed ${ids.sideB}`,
        `unpersisted-conversation ${ids.sideA}`,
        `unpersisted-conversation ${ids.sideB}`,
        `unmaterialized-thread ${ids.deferred}`,
        `unpersisted-turns ${ids.lostTail}`,
        // Not repairable by us: Desktop rebuilds its own catalog.
        `sidebar-catalog-missing ${ids.catalogLost}`,
      ].sort(),
    );
    const db = new Database(join(home, 'state_5.sqlite'), { readonly: true });
    const row = db.prepare('SELECT * FROM threads WHERE id = ?').get(ids.parent) as Record<string, unknown>;
    db.close();
    expect(row).toMatchObject({
      source: 'vscode',
      cwd: '/Users/alice/code/invoice-service',
      title: 'Fix rounding in tax lines',
      first_user_message: 'Fix rounding in tax lines',
      archived: 0,
      has_user_event: 1,
      model: 'gpt-5.5',
    });
  });

  it('refuses while another process holds the database, and changes nothing', async () => {
    const copy = join(work, 'sample-locked');
    cpSync(sample, copy, { recursive: true });
    const dbPath = join(copy, 'codex-home', 'state_5.sqlite');
    const holder = await holdWriteLock(dbPath);
    try {
      const before = fileFingerprint(allFiles(copy));
      // Reading works while the writer holds the lock: it reads a private copy.
      const read = runCli(['analyze', copy, '--json']);
      expect(read.status).toBe(0);
      expect((JSON.parse(read.stdout) as { inputs: { stateDbStatus: string } }).inputs.stateDbStatus).toBe('ok');
      const run = runCli(['repair', copy, '--apply']);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^codex-logs: state_5\.sqlite is in use by another process \(is Codex running\?\)/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(join(copy, 'codex-home')).some((f) => f.includes('backup'))).toBe(false);
      expect(fileFingerprint(allFiles(copy)).filter((f) => !f.path.endsWith('-shm'))).toEqual(before.filter((f) => !f.path.endsWith('-shm')));
    } finally {
      holder.kill();
    }
  });
});

/** Another writer, as a running Codex would be: a child process inside BEGIN IMMEDIATE. */
function holdWriteLock(dbPath: string): Promise<ChildProcess> {
  const betterSqlite = createRequire(join(REPO_ROOT, 'package.json')).resolve('better-sqlite3');
  const script = `const D = require(${JSON.stringify(betterSqlite)}); const db = new D(${JSON.stringify(dbPath)}); db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve(child));
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
}

describe('repair round trip on every schema version', () => {
  const homes: string[] = [];
  afterEach(() => {
    for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
  });

  it.each([17, 22, 29, 42] as SchemaVersion[])('schema %i: a lost row and an empty rollout_path are repaired', (schemaVersion) => {
    const home = mkdtempSync(join(tmpdir(), `codex-logs-repair-${schemaVersion}-`));
    homes.push(home);
    const lost = { id: makeThreadId(Date.parse('2026-05-01T10:00:00Z'), 'lost'), startedAt: Date.parse('2026-05-01T10:00:00Z') };
    const empty = { id: makeThreadId(Date.parse('2026-05-01T11:00:00Z'), 'empty'), startedAt: Date.parse('2026-05-01T11:00:00Z') };
    const turns = [{ at: Date.parse('2026-05-01T12:00:00Z'), userMessage: '## My request for Codex:\nPlease fix it', agentMessage: 'ok', complete: true }];
    writeRollout(home, { ...lost, turns, cwd: '/home/bob/app', source: 'cli' });
    writeRollout(home, { ...empty, root: 'archived_sessions', turns });
    buildStateDb(join(home, 'state_5.sqlite'), {
      schemaVersion,
      backfillStatus: 'complete',
      threads: [{ id: empty.id, rolloutPath: '', createdAt: 1777633200, updatedAt: 1777633200, archived: true, archivedAt: 1777633200 }],
    });
    expect(kinds(home)).toEqual([`empty-rollout-path ${empty.id}`, `missing-thread-row ${lost.id}`]);
    expect(runCli(['repair', home, '--apply']).status).toBe(0);
    expect(kinds(home)).toEqual([]);
    const db = new Database(join(home, 'state_5.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT id, rollout_path, title, source, cwd, archived FROM threads ORDER BY id').all() as Record<string, unknown>[];
    db.close();
    expect(rows[0]).toEqual({
      id: lost.id,
      rollout_path: join(home, rolloutRelPath(lost)),
      title: 'Please fix it',
      source: 'cli',
      cwd: '/home/bob/app',
      archived: 0,
    });
    // The path fix touches rollout_path and archived only; the row's other values stay as they were.
    expect(rows[1]).toMatchObject({ id: empty.id, rollout_path: join(home, rolloutRelPath({ ...empty, root: 'archived_sessions' })), archived: 1 });
  });
});

const corpus = join(REPO_ROOT, '..', 'shared', 'corpus', 'state-db');

describe.skipIf(!existsSync(corpus))('repair round trip on copies of the real state DBs', () => {
  const dirs = existsSync(corpus) ? [...readdirSync(corpus).map((d) => join('state-db', d)), 'codex-homes/Xu-Wentao+dotfile/.codex'] : [];
  it.each(dirs)('%s', (name) => {
    const home = join(work, `corpus-${name.replace(/[/\\]/g, '_')}`);
    cpSync(join(corpus, '..', name), home, { recursive: true });
    // Make the copy writable (the corpus is read-only) and give one row its rollout back, then lose that row.
    makeWritable(home);
    const db = new Database(join(home, 'state_5.sqlite'));
    const victim = db.prepare('SELECT id, created_at, cwd FROM threads ORDER BY created_at LIMIT 1').get() as { id: string; created_at: number; cwd: string };
    db.prepare('DELETE FROM threads WHERE id = ?').run(victim.id);
    db.close();
    const hasRollout = allFiles(home).some((f) => f.includes(victim.id));
    if (!hasRollout)
      writeRollout(home, {
        id: victim.id,
        startedAt: victim.created_at * 1000,
        cwd: victim.cwd,
        turns: [{ at: victim.created_at * 1000 + 5000, userMessage: 'restored', complete: true }],
      });
    expect(
      analyze(home)
        .findings.filter((f) => f.threadId === victim.id)
        .map((f) => f.kind),
    ).toEqual(['missing-thread-row']);
    const run = runCli(['repair', home, '--apply']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(analyze(home).findings.filter((f) => f.threadId === victim.id)).toEqual([]);
    const check = new Database(join(home, 'state_5.sqlite'), { readonly: true });
    const restored = check.prepare('SELECT title, cwd FROM threads WHERE id = ?').get(victim.id) as { title: string; cwd: string };
    expect(restored.cwd).toBe(victim.cwd);
    if (!hasRollout) expect(restored.title).toBe('restored');
    else expect(restored.title.length).toBeGreaterThan(0);
    check.close();
    expect(readFileSync(join(home, 'state_5.sqlite')).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});

/** The corpus is read-only; its copies must not be. */
function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(path);
    else chmodSync(path, 0o644);
  }
}
