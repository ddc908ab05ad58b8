import { closeSync, mkdirSync, openSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { desktopLine } from '../../test/builders/desktop-log.js';
import { makeThreadId } from '../../test/builders/rollouts.js';
import { seededRandom } from './random.js';

/**
 * The two shapes of issue #17: `mixed` is today's mix (big IPC lines); `dense` names a conversation on about 80 % of
 * its lines (routed requests, `request_sent`, 1 % failures with inline JSON) and has no huge lines.
 */
export type LogShape = 'mixed' | 'dense';

export interface BenchLogOptions {
  shape?: LogShape;
  /** Days the logs span (a day folder each, files' mtimes at their last line): 0 packs them as time goes. */
  days?: number;
  /** Where the logs end: the last day is the one before it. */
  endMs?: number;
  /**
   * With `days`: each conversation is named only in the this many days after it begins (conversations begin one after
   * another across the days), as a user's conversations come and go; unset, every line may name any conversation.
   */
  lifetimeDays?: number;
}

/**
 * `bytes` of Desktop logs across days, as a heavy user's: mostly routed requests for `conversations` conversations,
 * noise lines without ids, the odd stack trace and a few long inline-JSON lines (or the dense shape, see LogShape).
 * Deterministic for a seed.
 */
export function makeBenchLogs(root: string, bytes: number, conversations: number, seed: number, opts: BenchLogOptions = {}): { files: number; bytes: number } {
  const shape = opts.shape ?? 'mixed';
  const days = opts.days ?? 0;
  const random = seededRandom(seed);
  const ids = Array.from({ length: conversations }, (_, i) => makeThreadId(Date.parse('2026-03-01T00:00:00Z') + i * 1000, `log-${seed}-${i}`));
  const perFile = 64 * 1024 * 1024;
  let written = 0;
  let files = 0;
  const startMs = (opts.endMs ?? Date.now()) - days * DAY_MS;
  const lifetimeMs = days > 0 && opts.lifetimeDays !== undefined ? opts.lifetimeDays * DAY_MS : null;
  // The conversations a line at `at` may name: all of them, or those begun within the lifetime before it.
  const alive = (at: number): readonly string[] => {
    if (lifetimeMs === null) return ids;
    const spanMs = days * DAY_MS;
    const first = Math.floor(((at - lifetimeMs - startMs) / spanMs) * ids.length);
    const last = Math.floor(((at - startMs) / spanMs) * ids.length);
    const from = Math.max(0, Math.min(ids.length - 1, first));
    return ids.slice(from, Math.max(from + 1, Math.min(ids.length, last + 1)));
  };
  let aliveAt = Number.NaN;
  let aliveIds: readonly string[] = ids;
  let ts = days > 0 ? startMs : Date.parse('2026-03-01T08:00:00Z');
  const methods = ['turn/start', 'thread/read', 'thread/inject_items', 'thread/resume', 'thread/list', 'account/read'];
  while (written < bytes) {
    const day = new Date(ts).toISOString().slice(0, 10).split('-');
    const dir = join(root, day[0]!, day[1]!, day[2]!);
    mkdirSync(dir, { recursive: true });
    const started = new Date(ts).toISOString().slice(11, 19).replace(/:/g, '');
    const path = join(dir, `codex-desktop-00000000-0000-4000-8000-${String(files).padStart(12, '0')}-4612-t0-i1-${started}-0.log`);
    const fd = openSync(path, 'w');
    const fileDay = Math.floor(ts / DAY_MS);
    let inFile = 0;
    const chunk: string[] = [];
    while (inFile < perFile && written + inFile < bytes && (days === 0 || Math.floor(ts / DAY_MS) === fileDay)) {
      // Over days, time moves with the bytes written, so that the logs end at endMs; else by up to 200 ms a line.
      ts = days > 0 ? Math.max(ts + 1, startMs + Math.floor(((written + inFile) / bytes) * days * DAY_MS)) : ts + 1 + Math.floor(random() * 200);
      const r = random();
      let line: string;
      // The set moves with the time; worked out again once a minute of log has passed, not on every line.
      if (!(Math.abs(ts - aliveAt) < 60_000)) {
        aliveAt = ts;
        aliveIds = alive(ts);
      }
      if (shape === 'dense') {
        line = denseLine(ts, aliveIds, methods, random);
      } else if (r < 0.6) {
        const id = aliveIds[Math.floor(random() * aliveIds.length)]!;
        line = desktopLine({
          ts,
          component: 'AppServerConnection',
          message: 'response_routed',
          fields: {
            conversationId: id,
            durationMs: Math.floor(random() * 900),
            errorCode: null,
            method: methods[Math.floor(random() * methods.length)],
            requestId: id,
          },
        });
      } else if (r < 0.95) {
        line = desktopLine({
          ts,
          component: 'electron-fetch-handler',
          message: 'fetch completed',
          fields: { status: 200, url: 'https://chatgpt.com/backend-api/wham/usage', durationMs: Math.floor(random() * 300) },
        });
      } else if (r < 0.99) {
        line = `${desktopLine({ ts, level: 'error', component: 'electron-message-handler', message: 'Unhandled error', fields: { error: { message: 'x'.repeat(200) } } })}\n    at run (app.js:1:2)\n    at next (app.js:3:4)`;
      } else {
        line = desktopLine({ ts, component: 'IpcRouter', message: 'state', fields: { params: { blob: 'y'.repeat(20_000 + Math.floor(random() * 40_000)) } } });
      }
      chunk.push(line);
      inFile += line.length + 1;
      if (chunk.length >= 2000) {
        writeSync(fd, `${chunk.join('\n')}\n`);
        chunk.length = 0;
      }
    }
    if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
    closeSync(fd);
    // Written now, but as Desktop would have left it: last modified at its last line (time pruning reads this).
    if (days > 0) utimesSync(path, new Date(ts), new Date(ts));
    written += inFile;
    files += 1;
  }
  return { files, bytes: written };
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * One line of the dense shape: 80 % name a conversation (routed requests, `request_sent`, and 1 % of all lines a
 * failure with inline JSON), the rest noise without an id. No line is long.
 */
function denseLine(ts: number, ids: readonly string[], methods: readonly string[], random: () => number): string {
  const r = random();
  const id = ids[Math.floor(random() * ids.length)]!;
  const method = methods[Math.floor(random() * methods.length)]!;
  if (r < 0.01) {
    return desktopLine({
      ts,
      level: 'error',
      component: 'electron-message-handler',
      message: 'Request failed',
      fields: { conversationId: id, error: { code: -32603, message: `thread ${id.slice(0, 8)} not loaded` }, method },
    });
  }
  if (r < 0.45)
    return desktopLine({
      ts,
      component: 'AppServerConnection',
      message: 'response_routed',
      fields: { conversationId: id, durationMs: Math.floor(random() * 900), errorCode: null, method, requestId: id },
    });
  if (r < 0.8)
    return desktopLine({
      ts,
      component: 'AppServerConnection',
      message: 'request_sent',
      fields: { conversationId: id, method, requestId: Math.floor(random() * 1e9) },
    });
  return desktopLine({
    ts,
    component: 'electron-fetch-handler',
    message: 'fetch completed',
    fields: { status: 200, url: 'https://chatgpt.com/backend-api/wham/usage', durationMs: Math.floor(random() * 300) },
  });
}
