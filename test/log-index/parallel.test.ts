/**
 * The Desktop logs folded in shares (files grouped, large ones cut into byte ranges) give what one pass over them
 * gives, byte for byte: on the shapes of real-world-shapes.md and on fuzzed logs, with cuts falling inside multi-line
 * entries, open quoted values and runs of continuation lines. Under vitest the shares are folded in this thread (the
 * worker's file is built into dist/ only); test/e2e/parallel.test.ts runs the same comparison on real workers.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSources } from '../../src/log-index/collect.js';
import { planShares } from '../../src/log-index/plan.js';
import type { Sources } from '../../src/sources/types.js';
import { chromiumLine, desktopLine, journalLine } from '../builders/desktop-log.js';
import { realWorldShapeLines } from '../builders/real-world-log.js';

const runs = Math.max(20, Math.floor(Number(process.env.FUZZ_RUNS ?? 300) / 10));
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'codex-logs-parallel-'));
  mkdirSync(join(root, 'no-home'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the Desktop logs leave in the sources, as text: the timelines in their order, counts, versions, requests. */
function desktopPart(sources: Sources): string {
  return JSON.stringify({
    timelines: [...sources.logTimelines],
    stats: sources.logStats,
    versions: sources.logVersions,
    ephemeral: sources.ephemeralRequests,
  });
}

async function collect(logs: string, env: NodeJS.ProcessEnv, extra: { since?: number; keepAll?: boolean } = {}): Promise<string> {
  const sources = await collectSources({
    logsDir: logs,
    codexHome: join(root, 'no-home'),
    env,
    home: join(root, 'no-user-home'),
    filters: { since: extra.since ?? null, until: null, threads: [] },
    ...(extra.keepAll === true ? { keepEventsOf: 'all' as const } : {}),
  });
  return desktopPart(sources);
}

const ONE = { CODEX_LOGS_THREADS: '1' };
const shares = (bytes: number) => ({ CODEX_LOGS_THREADS: '2', CODEX_LOGS_SHARE_BYTES: String(bytes) });

function writeLog(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('the Desktop logs folded in shares', () => {
  it('equal one pass on the real-world shapes, cut every few hundred bytes', async () => {
    const dir = join(root, 'shapes');
    const text = realWorldShapeLines(400, 7).join('\n');
    const path = writeLog(join(dir, '2026', '09', '14'), 'codex-desktop-a-4612-t0-i1-083657-0.log', `\uFEFF${text}\n`);
    writeLog(join(dir, '2026', '09', '15'), 'codex-desktop-b-4612-t0-i1-090000-0.log', text.replace(/\n/g, '\r\n'));
    const one = await collect(dir, ONE);
    for (const bytes of [211, 997, 4096]) {
      // The test only proves something if the file was cut.
      expect(planShares([path], { shareBytes: bytes, since: null, until: null }).shares.length).toBeGreaterThan(5);
      expect(await collect(dir, shares(bytes))).toBe(one);
    }
    expect(await collect(dir, shares(333), { keepAll: true })).toBe(await collect(dir, ONE, { keepAll: true }));
  });

  it('equal one pass when a cut falls inside an entry: continuation lines, an open quoted value, key= lines', async () => {
    const dir = join(root, 'straddle');
    const id = '019ea6fa-0000-7000-8000-000000000001';
    const lines: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      const ts = Date.parse('2026-09-14T08:00:00Z') + i * 1000;
      lines.push(
        desktopLine({
          ts,
          level: 'error',
          component: 'electron-message-handler',
          message: 'Request failed',
          fields: { conversationId: id, method: 'turn/start', errorMessage: `failure ${i % 40}` },
        }),
      );
      lines.push('    at Hy (app://-/assets/composer-abc.js:46:37854)', '    at run (app.js:1:2)');
      lines.push(
        `${new Date(ts + 1).toISOString()} error [electron-message-handler] Request failed conversationId=${id} errorMessage="invalid syntax`,
        'spanning lines',
        `still open" method=thread/read`,
      );
      lines.push(`errorCode=-32600 conversationId=${id}`);
      lines.push(`untimed line ${i}`, '');
    }
    const path = writeLog(join(dir, '2026', '09', '14'), 'codex-desktop-s-4612-t0-i1-080000-0.log', `${lines.join('\n')}\n`);
    const one = await collect(dir, ONE);
    for (let bytes = 101; bytes < 3000; bytes += 389) {
      expect(planShares([path], { shareBytes: bytes, since: null, until: null }).shares.length).toBeGreaterThan(1);
      expect(await collect(dir, shares(bytes))).toBe(one);
    }
  });

  it('leave the same timelines when logs wholly before --since are not opened', async () => {
    const dir = join(root, 'window');
    const id = '019ea6fa-0000-7000-8000-000000000009';
    const line = (at: string, method: string) =>
      desktopLine({ ts: Date.parse(at), component: 'AppServerConnection', message: 'response_routed', fields: { conversationId: id, method } });
    const old = writeLog(join(dir, '2026', '09', '01'), 'codex-desktop-o-1-t0-i1-080000-0.log', `${line('2026-09-01T08:00:00Z', 'turn/start')}\n`);
    utimesSync(old, new Date('2026-09-01T09:00:00Z'), new Date('2026-09-01T09:00:00Z'));
    writeLog(
      join(dir, '2026', '09', '14'),
      'codex-desktop-n-1-t0-i1-080000-0.log',
      `${line('2026-09-14T08:00:00Z', 'thread/read')}\n${line('2026-09-14T08:01:00Z', 'turn/start')}\n`,
    );
    const since = Date.parse('2026-09-10T00:00:00Z');
    const pruned = JSON.parse(await collect(dir, ONE, { since })) as {
      timelines: unknown;
      stats: { skippedFiles: { path: string; reason: string }[]; filesRead: number };
    };
    expect(pruned.stats.skippedFiles).toEqual([expect.objectContaining({ path: old, reason: 'outside-window' })]);
    expect(pruned.stats.filesRead).toBe(1);
    // The same run with the old file's mtime inside the window: it is opened, and gives no event in it.
    utimesSync(old, new Date(), new Date());
    const opened = JSON.parse(await collect(dir, ONE, { since })) as typeof pruned;
    expect(opened.stats.filesRead).toBe(2);
    // Seq numbers only order events (the old file's lines took some): the rest is the same.
    const withoutSeq = (value: unknown) => JSON.stringify(value, (key, v: unknown) => (key === 'seq' ? undefined : v));
    expect(withoutSeq(pruned.timelines)).toBe(withoutSeq(opened.timelines));
    expect(withoutSeq(pruned.timelines)).toContain('/2026/09/14/');
  });

  it('keep, with --since, only the events within it, and a request for an ephemeral thread just before it', async () => {
    const dir = join(root, 'window-ephemeral');
    const id = '019ea6fa-0000-7000-8000-0000000000a1';
    const child = '019ea6fa-0000-7000-8000-0000000000a2';
    const since = Date.parse('2026-09-14T12:00:00Z');
    const line = (ts: number, conversationId: string, method: string, extra: Record<string, unknown> = {}) =>
      desktopLine({ ts, component: 'AppServerConnection', message: 'response_routed', fields: { conversationId, method, errorCode: null, ...extra } });
    writeLog(
      join(dir, '2026', '09', '14'),
      'codex-desktop-a-1-t0-i1-080000-0.log',
      `${[
        line(since - 60_000, id, 'turn/start'),
        line(since - 500, id, 'thread/fork', { ephemeral: true }),
        line(since + 100, child, 'turn/start'),
        line(since + 60_000, id, 'thread/read'),
      ].join('\n')}\n`,
    );
    const sources = await collectSources({
      logsDir: dir,
      codexHome: join(root, 'no-home'),
      env: ONE,
      home: join(root, 'no-user-home'),
      filters: { since, until: null, threads: [] },
    });
    expect(sources.logTimelines.get(id)).toMatchObject({ total: 1, counts: { 'desktop-log/read': 1 } });
    expect(sources.logTimelines.get(child)).toMatchObject({ total: 1, counts: { 'desktop-log/turn-start': 1 } });
    expect(sources.ephemeralRequests).toEqual([expect.objectContaining({ threadId: id, kind: 'fork', ts: since - 500 })]);
    expect(sources.logStats.lines).toBe(4);
  });

  it('equal one pass on fuzzed logs', async () => {
    const id = fc.constantFrom(
      '019ea6fa-0000-7000-8000-000000000001',
      '019ea6fa-0000-7000-8000-000000000002',
      'client-new-thread:33199600-0000-4000-8000-000000000003',
      'none',
    );
    const ts = fc.integer({ min: Date.parse('2026-09-14T00:00:00Z'), max: Date.parse('2026-09-16T00:00:00Z') });
    const line = fc.oneof(
      fc
        .record({
          ts,
          id,
          method: fc.constantFrom('turn/start', 'thread/read', 'thread/fork', 'thread/start', null),
          failed: fc.boolean(),
          message: fc.constantFrom('response_routed', 'Request failed', 'Conversation created', 'maybe_resume_started'),
        })
        .map((l) =>
          desktopLine({
            ts: l.ts,
            level: l.failed ? 'error' : 'info',
            component: 'AppServerConnection',
            message: l.message,
            fields: { conversationId: l.id, method: l.method, errorCode: l.failed ? -32603 : null, ephemeral: l.method === 'thread/start' ? true : undefined },
          }),
        ),
      fc
        .record({ ts, id, key: fc.string({ maxLength: 30 }) })
        .map((l) => desktopLine({ ts: l.ts, level: 'error', message: 'Request failed', fields: { conversationId: l.id, error: { code: 1, message: l.key } } })),
      fc.constantFrom(
        '    at x (a.js:1:1)',
        '',
        'key=value conversationId=019ea6fa-0000-7000-8000-000000000002',
        '  continued',
        'Launching app',
        'still open" method=turn/start',
      ),
      fc.record({ ts, id }).map((l) => `${new Date(l.ts).toISOString()} info [IpcClient] opened conversationId=${l.id} errorMessage="line one`),
      fc.integer({ min: 0, max: 59 }).map((minute) =>
        journalLine({
          local: { month: 9, day: 14, hour: 8, minute, second: 0 },
          message: 'noise',
          fields: { conversationId: '019ea6fa-0000-7000-8000-000000000001' },
        }),
      ),
      fc.integer({ min: 0, max: 59 }).map((minute) => chromiumLine({ local: { month: 9, day: 14, hour: 8, minute, second: 0 }, message: 'chromium noise' })),
      fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/\0/g, '')),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 120 }), fc.integer({ min: 40, max: 2000 }), async (lines, bytes) => {
        const dir = join(root, `fuzz-${n++}`);
        writeLog(join(dir, '2026', '09', '14'), 'codex-desktop-f-1-t0-i1-000000-0.log', `${lines.join('\n')}\n`);
        writeLog(join(dir, '2026', '09', '15'), 'codex-desktop-g-1-t0-i1-000000-0.log', lines.slice(0, 30).join('\n'));
        expect(await collect(dir, shares(bytes))).toBe(await collect(dir, ONE));
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: runs },
    );
  });
});
