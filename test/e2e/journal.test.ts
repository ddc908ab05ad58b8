import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalLine } from '../builders/desktop-log.js';
import { ensureBuilt, runCli } from './run-cli.js';

const ID = '019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5';
let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-journal-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a Desktop log collected with journalctl', () => {
  it("is timed in the analysing machine's zone (TZ), not as UTC and not untimed", () => {
    const path = join(work, 'chatgpt-journal.log');
    const routed = (minute: number) =>
      journalLine({
        local: { month: 10, day: 7, hour: 18, minute, second: 30 },
        component: 'AppServerConnection',
        message: 'response_routed',
        fields: { conversationId: ID, method: 'turn/start' },
      });
    writeFileSync(path, `${routed(30)}\n${routed(58)}\n`);
    const saved = Date.UTC(2026, 9, 8) / 1000;
    utimesSync(path, saved, saved);
    const run = runCli(['analyze', path, '--codex-home', work, '--json'], { env: { TZ: 'Asia/Shanghai' } });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { conversations: { id: string; firstSeen: string; lastSeen: string }[]; stats: { problems: { what: string }[] } };
    // 18:30 in Shanghai (UTC+8) is 10:30Z.
    expect(report.conversations.find((c) => c.id === ID)).toMatchObject({ firstSeen: '2026-10-07T10:30:30.000Z', lastSeen: '2026-10-07T10:58:30.000Z' });
    expect(report.stats.problems.map((p) => p.what)).not.toContain('log entries without a timestamp (kept in file order)');
  });
});
