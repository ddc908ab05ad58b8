import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopLine, desktopLogRelPath } from '../builders/desktop-log.js';
import { makeThreadId } from '../builders/rollouts.js';
import { CLI, ensureBuilt } from './run-cli.js';

/**
 * The progress line as a user on a terminal sees it, for one large log file. The CLI runs under `script`, which gives
 * it a pseudo-terminal; a preload makes its clock run 200 times faster (the display waits a second before it shows and
 * redraws every 100 ms), so that a 24 MB file takes as many redraws as a 5 GB one would at real speed.
 */
const SCRIPT = '/usr/bin/script';
let work: string;
let logs: string;
let preload: string;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-tty-'));
  logs = join(work, 'logs');
  const start = Date.parse('2026-05-03T08:00:00Z');
  const id = makeThreadId(start, 'tty');
  const line = `${desktopLine({ ts: start, component: 'AppServerConnection', message: 'response_routed', fields: { conversationId: id, durationMs: 41, errorCode: null, method: 'turn/start', requestId: 'r' } })}\n`;
  const file = join(logs, desktopLogRelPath(start, '9e5f9e74-8f51-43f2-a19c-00c485e458d4', 5121));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, line.repeat(Math.ceil((24 * 1024 * 1024) / line.length)));
  mkdirSync(join(work, 'empty-home'));
  preload = join(work, 'fast-clock.cjs');
  writeFileSync(preload, 'const real = Date.now; const t0 = real(); Date.now = () => t0 + (real() - t0) * 200;\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('progress on a terminal', () => {
  it.skipIf(!existsSync(SCRIPT))('moves within one large file, by bytes, and is erased before the report', () => {
    const command = `${process.execPath} ${CLI} analyze ${logs} --codex-home ${join(work, 'empty-home')}`;
    const run = spawnSync(SCRIPT, ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: `--require ${preload}`, NO_COLOR: '1', COLUMNS: '100', CODEX_HOME: undefined },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const draws = [...run.stdout.matchAll(/\r\u001b\[KDesktop logs: (\d+)\/1 files · (\d+) MiB of (\d+) MiB/g)].map((m) => ({
      files: Number(m[1]),
      done: Number(m[2]),
      total: Number(m[3]),
    }));
    const within = draws.filter((d) => d.files === 0 && d.done > 0 && d.done < d.total);
    expect(new Set(within.map((d) => d.done)).size, run.stdout.slice(0, 2000)).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < within.length; i++) expect(within[i]!.done).toBeGreaterThanOrEqual(within[i - 1]!.done);
    // The last draw is wiped before the table, which then starts on a clean line.
    const report = run.stdout.lastIndexOf('\r\u001b[K');
    expect(run.stdout.slice(report + 4)).not.toContain('Desktop logs:');
    expect(run.stdout.slice(report + 4)).toContain('Findings:');
  });
});
