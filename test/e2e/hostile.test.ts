import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeThreadId, rolloutFileName } from '../builders/rollouts.js';
import { writeSampleIncident } from '../builders/sample-incident.js';
import { buildStateDb } from '../builders/state-db.js';
import { ensureBuilt, runCli } from './run-cli.js';

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-hostile-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Report {
  stats: { problems: { what: string; count: number }[]; rolloutFiles: number; logEntries: number };
  findings: { kind: string }[];
}
const analyze = (dir: string) => {
  const run = runCli(['analyze', dir, '--json']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Report;
};

describe('hostile bundles', () => {
  it('does not follow a rollout symlink out of the home, nor a rollout_path to /etc/passwd', () => {
    const home = join(work, 'symlink-home');
    const day = join(home, 'sessions', '2026', '05', '03');
    mkdirSync(day, { recursive: true });
    const outside = join(work, 'secret.txt');
    writeFileSync(outside, '{"type":"session_meta","payload":{"id":"01234567-89ab-7def-8123-456789abcdef","cwd":"SECRET-CONTENT"}}\n');
    const id = makeThreadId(Date.parse('2026-05-03T08:00:00Z'), 'x');
    symlinkSync(outside, join(day, rolloutFileName({ id, startedAt: Date.parse('2026-05-03T08:00:00Z') })));
    buildStateDb(join(home, 'state_5.sqlite'), {
      schemaVersion: 42,
      threads: [
        { id, rolloutPath: '/etc/passwd' },
        { id: makeThreadId(Date.parse('2026-05-03T09:00:00Z'), 'y'), rolloutPath: `${home}/sessions/../../../etc/passwd` },
      ],
    });
    const run = runCli(['analyze', home, '--json']);
    expect(run.stdout).not.toContain('SECRET-CONTENT');
    expect(run.stdout).not.toContain('root:x:0:0');
    const report = JSON.parse(run.stdout) as Report;
    expect(report.stats.rolloutFiles).toBe(0);
    expect(report.findings.filter((f) => f.kind === 'rollout-path-outside-home')).toHaveLength(2);
  });

  it('follows a rollout symlink that stays inside the home', () => {
    const home = join(work, 'inside-link');
    const day = join(home, 'sessions', '2026', '05', '03');
    mkdirSync(day, { recursive: true });
    mkdirSync(join(home, 'kept'));
    const id = makeThreadId(Date.parse('2026-05-03T08:00:00Z'), 'inside');
    const target = join(home, 'kept', 'r.jsonl');
    writeFileSync(target, `{"timestamp":"2026-05-03T08:00:01.000Z","type":"session_meta","payload":{"id":"${id}","timestamp":"2026-05-03T08:00:00.000Z"}}\n`);
    symlinkSync(target, join(day, rolloutFileName({ id, startedAt: Date.parse('2026-05-03T08:00:00Z') })));
    expect(analyze(home).stats.rolloutFiles).toBe(1);
  });

  it('survives JSON nested 100,000 deep in a log value and in a session_meta line', () => {
    const bundle = join(work, 'deep');
    const home = join(bundle, 'home');
    const day = join(home, 'sessions', '2026', '05', '03');
    mkdirSync(day, { recursive: true });
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const id = makeThreadId(Date.parse('2026-05-03T08:00:00Z'), 'deep');
    writeFileSync(
      join(day, rolloutFileName({ id, startedAt: Date.parse('2026-05-03T08:00:00Z') })),
      `{"type":"session_meta","payload":{"id":"${id}","deep":${deep}}}\n`,
    );
    const logs = join(bundle, 'logs');
    mkdirSync(logs);
    writeFileSync(
      join(logs, 'a.log'),
      `2026-05-03T08:00:00.000Z error [electron-message-handler] Request failed conversationId=${id} error=${deep} method=thread/read\n`,
    );
    const report = analyze(bundle);
    expect(report.stats.logEntries).toBe(1);
    expect(report.stats.rolloutFiles).toBe(1);
  });

  it('bounds a 64 MB log line without a newline and a 50 MB session_meta line, and reports both', () => {
    const bundle = join(work, 'huge');
    const home = join(bundle, 'home');
    const day = join(home, 'sessions', '2026', '05', '03');
    mkdirSync(day, { recursive: true });
    const id = makeThreadId(Date.parse('2026-05-03T08:00:00Z'), 'huge');
    writeFileSync(
      join(day, rolloutFileName({ id, startedAt: Date.parse('2026-05-03T08:00:00Z') })),
      `{"type":"session_meta","payload":{"id":"${id}","base_instructions":"${'x'.repeat(50 * 1024 * 1024)}"}}\n`,
    );
    const logs = join(bundle, 'logs');
    mkdirSync(logs);
    writeFileSync(join(logs, 'a.log'), `2026-05-03T08:00:00.000Z info [X] start ${'y'.repeat(64 * 1024 * 1024)}`);
    const report = analyze(bundle);
    const problems = new Map(report.stats.problems.map((p) => [p.what, p.count]));
    expect(problems.get('log lines longer than the line limit (cut)')).toBe(1);
    expect(problems.get('rollout files whose first line is not a usable session_meta')).toBe(1);
    expect(report.findings.map((f) => f.kind)).toContain('unreadable-rollout');
  });
});

describe('live and damaged state databases', () => {
  it('reads the WAL rows of a database whose -shm is missing, and leaves it missing', async () => {
    const { writeSampleIncident } = await import('../builders/sample-incident.js');
    const { existsSync } = await import('node:fs');
    const sample = join(work, 'no-shm');
    writeSampleIncident(sample);
    rmSync(join(sample, 'codex-home', 'state_5.sqlite-shm'));
    const report = JSON.parse(runCli(['analyze', sample, '--json']).stdout) as { stats: { rowsOnlyInWal: number; threadRows: number } };
    expect(report.stats).toMatchObject({ rowsOnlyInWal: 1, threadRows: 6 });
    expect(existsSync(join(sample, 'codex-home', 'state_5.sqlite-shm'))).toBe(false);
  });

  it('reads a database another process holds with an exclusive lock', async () => {
    const { spawn } = await import('node:child_process');
    const { createRequire } = await import('node:module');
    const { REPO_ROOT } = await import('./run-cli.js');
    const home = join(work, 'exclusive');
    const id = makeThreadId(Date.parse('2026-05-03T08:00:00Z'), 'ex');
    buildStateDb(join(home, 'state_5.sqlite'), { schemaVersion: 42, threads: [{ id, rolloutPath: '' }] });
    const driver = createRequire(join(REPO_ROOT, 'package.json')).resolve('better-sqlite3');
    const script = `const D = require(${JSON.stringify(driver)}); const db = new D(${JSON.stringify(join(home, 'state_5.sqlite'))}); db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE'); db.prepare("UPDATE threads SET title = 'x'").run(); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve()));
    try {
      const report = JSON.parse(runCli(['analyze', home, '--json']).stdout) as { inputs: { stateDbStatus: string }; findings: { kind: string }[] };
      expect(report.inputs.stateDbStatus).toBe('ok');
      expect(report.findings.map((f) => f.kind)).toContain('empty-rollout-path');
    } finally {
      child.kill();
    }
  });
});

describe('awkward paths', () => {
  it('a bundle under a folder with spaces, accents, CJK and an emoji reads as under a plain one', () => {
    const plain = join(work, 'plain');
    const awkward = join(work, 'Codex Logs – zoë 项目 🚀', 'bundle (copy)');
    writeSampleIncident(plain);
    writeSampleIncident(awkward);
    const report = (dir: string) => {
      const run = runCli(['analyze', join(dir, 'desktop-logs'), '--codex-home', join(dir, 'codex-home'), '--json']);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      const { findings, stats } = JSON.parse(run.stdout) as Report;
      return JSON.stringify({ findings, stats }).replaceAll(JSON.stringify(dir).slice(1, -1), '<bundle>');
    };
    const got = report(awkward);
    expect(got).toBe(report(plain));
    expect(got).toContain('unpersisted-conversation');
  });
});
