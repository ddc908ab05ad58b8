import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDesktopLog } from '../builders/desktop-log.js';
import { makeThreadId } from '../builders/rollouts.js';
import { buildStateDb } from '../builders/state-db.js';
import { writeSampleIncident } from '../builders/sample-incident.js';
import { CLI, ensureBuilt, runCli } from './run-cli.js';

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-interrupts-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI with its stdout a pipe that the reader closes after the first data, as `| head` does. */
async function runIntoClosedPipe(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.once('data', () => child.stdout!.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stderr };
}

describe('interrupts, pipes and a missing native driver', () => {
  it('Ctrl-C ends the run promptly and leaves no private database copy behind', async () => {
    const home = join(work, 'big-home');
    const start = Date.parse('2026-01-01T00:00:00Z');
    buildStateDb(join(home, 'state_5.sqlite'), {
      schemaVersion: 42,
      threads: Array.from({ length: 30_000 }, (_, i) => ({
        id: makeThreadId(start + i * 60_000, `t${i}`),
        rolloutPath: `/Users/a/.codex/sessions/x/${i}.jsonl`,
        title: 'x'.repeat(200),
        firstUserMessage: 'y'.repeat(500),
      })),
    });
    const scratch = join(work, 'tmp');
    mkdirSync(scratch);
    const child = spawn(process.execPath, [CLI, 'analyze', home, '--json'], { env: { ...process.env, TMPDIR: scratch }, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait for the private copy to exist, then interrupt mid-read.
    const deadline = Date.now() + 10_000;
    while (readdirSync(scratch).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(readdirSync(scratch).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const started = Date.now();
    const code = await exited;
    expect(Date.now() - started).toBeLessThan(5_000);
    // Interrupted while SQLite was busy, the process may end by the signal or by our exit code 130; either way clean.
    expect([130, null]).toContain(code);
    expect(readdirSync(scratch)).toEqual([]);
    // Building 30,000 rows is most of the time, and on a loaded machine more than the default 30 s; the promptness that
    // matters is the 5 s above.
  }, 120_000);

  it('`analyze | head` ends quietly: a closed pipe is not an error', async () => {
    const sample = join(work, 'sample');
    writeSampleIncident(sample);
    const { code, stderr } = await runIntoClosedPipe(['analyze', sample, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('`analyze --json | head` ends quietly too when the report is written in many batches', async () => {
    // 5,000 conversations: a report of several MB, far more than a pipe holds, so writes fail once the reader left.
    const logs = join(work, 'many-conversations');
    const start = Date.parse('2026-05-03T08:00:00Z');
    writeDesktopLog(logs, {
      date: start,
      lines: Array.from({ length: 5000 }, (_, i) => ({
        ts: start + i * 1000,
        component: 'AppServerConnection',
        message: 'response_routed',
        fields: { conversationId: makeThreadId(start + i * 1000, `pipe-${i}`), method: 'turn/start', errorCode: null },
      })),
    });
    const { code, stderr } = await runIntoClosedPipe(['analyze', logs, '--json'], { CODEX_HOME: join(work, 'no-home') });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('without a loadable better-sqlite3, says so once and goes on with logs and rollouts', () => {
    const sample = join(work, 'sample-no-driver');
    writeSampleIncident(sample);
    const preload = join(work, 'no-sqlite.cjs');
    writeFileSync(
      preload,
      `const Module = require('module'); const load = Module._load; Module._load = function (request, ...rest) { if (request === 'better-sqlite3') throw new Error('Could not locate the bindings file'); return load.call(this, request, ...rest); };`,
    );
    const run = runCli(['analyze', sample, '--json'], { env: { NODE_OPTIONS: `--require ${preload}` } });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: { kind: string; summary: string }[] };
    const driver = report.findings.filter((f) => f.summary.includes('better-sqlite3 could not be loaded'));
    expect(driver.map((f) => f.kind)).toEqual(['state-db-unreadable']);
    expect(report.findings.filter((f) => f.kind === 'unpersisted-conversation')).toHaveLength(2);
  });
});
