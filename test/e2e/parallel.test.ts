/**
 * The built CLI on real worker threads: its output is the single pass's byte for byte (CODEX_LOGS_THREADS=1), for
 * the JSON document and the table, with the logs cut into many shares; and a worker that dies leaves its share
 * reported, not lost, while the run goes on.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopLine, writeDesktopLog } from '../builders/desktop-log.js';
import { realWorldShapeLines } from '../builders/real-world-log.js';
import { makeThreadId } from '../builders/rollouts.js';
import { ensureBuilt, runCli } from './run-cli.js';

let work: string;
let logs: string;
let home: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-parallel-'));
  logs = join(work, 'logs');
  home = join(work, 'home');
  mkdirSync(home);
  // One large file (cut into ranges) and a run of small ones (grouped into shares).
  const day = join(logs, '2026', '09', '14');
  mkdirSync(day, { recursive: true });
  writeFileSync(join(day, 'codex-desktop-a-4612-t0-i1-083657-0.log'), `${realWorldShapeLines(3000, 11).join('\n')}\n`);
  for (let i = 0; i < 12; i += 1)
    writeFileSync(join(day, `codex-desktop-b${i}-4612-t0-i1-09000${i % 10}-0.log`), `${realWorldShapeLines(40, 100 + i).join('\n')}\n`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ONE = { CODEX_LOGS_THREADS: '1' };
const MANY = { CODEX_LOGS_THREADS: '3', CODEX_LOGS_SHARE_BYTES: '20000' };

describe('the Desktop logs folded on worker threads', () => {
  it('give the single pass output, byte for byte', () => {
    for (const args of [
      ['analyze', logs, '--codex-home', home, '--json'],
      ['analyze', logs, '--codex-home', home],
      ['analyze', logs, '--codex-home', home, '--json', '--since', '2026-09-14T09:00:00Z'],
    ]) {
      const one = runCli(args, { env: ONE });
      const many = runCli(args, { env: MANY });
      expect(one.stderr).toBe('');
      expect(many.stderr).toBe('');
      expect(many.status).toBe(one.status);
      expect(many.stdout.length).toBeGreaterThan(1000);
      expect(many.stdout).toBe(one.stdout);
    }
  });

  it('give the single pass output when the texts of the report are read back on a second thread too', () => {
    // 3,000 conversations with a few events each: enough deferred texts for the texts helper (read-ahead.ts) to start.
    const many = join(work, 'many-conversations');
    const start = Date.parse('2026-09-14T08:00:00.000Z');
    const ids = Array.from({ length: 3000 }, (_, i) => makeThreadId(start + i, 'many'));
    const methods = ['thread/inject_items', 'turn/start', 'thread/read', 'thread/resume'];
    const lines = Array.from({ length: 24000 }, (_, i) =>
      desktopLine({
        ts: start + i * 250,
        component: 'AppServerConnection',
        message: i % 7 === 0 ? 'request_sent' : 'response_routed',
        fields: { conversationId: ids[(i * 7919) % ids.length], method: methods[i % methods.length], note: i % 11 === 0 ? 'zoë 项目' : undefined },
      }),
    );
    writeDesktopLog(many, { date: start, lines: lines.slice(0, 12000) });
    writeDesktopLog(many, { date: start + 3 * 3600_000, lines: lines.slice(12000) });
    const args = ['analyze', many, '--codex-home', home, '--json'];
    const one = runCli(args, { env: ONE });
    const two = runCli(args, { env: { CODEX_LOGS_THREADS: '2' } });
    expect(two.stderr).toBe('');
    expect(two.status).toBe(one.status);
    const doc = JSON.parse(one.stdout) as { conversations: { events: { text: string }[] }[] };
    expect(doc.conversations.reduce((n, c) => n + c.events.length, 0)).toBeGreaterThan(8192);
    expect(two.stdout).toBe(one.stdout);
  });

  it('report the shares of a worker that died, and go on', () => {
    // A heap too small to fold anything: every worker dies on its first share; this thread folds the rest.
    const run = runCli(['analyze', logs, '--codex-home', home, '--json'], { env: { ...MANY, CODEX_LOGS_WORKER_HEAP_MB: '1' } });
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout) as { stats: { logLines: number; problems: { what: string; count: number }[] } };
    const unreadable = doc.stats.problems.find((p) => p.what.startsWith('unreadable log files'));
    expect(unreadable?.count).toBeGreaterThan(0);
    expect(doc.stats.logLines).toBeGreaterThan(0);
    const whole = JSON.parse(runCli(['analyze', logs, '--codex-home', home, '--json'], { env: ONE }).stdout) as typeof doc;
    expect(doc.stats.logLines).toBeLessThan(whole.stats.logLines);
  });
});
