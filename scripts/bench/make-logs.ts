import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { desktopLine } from '../../test/builders/desktop-log.js';
import { makeThreadId } from '../../test/builders/rollouts.js';
import { seededRandom } from './random.js';

/**
 * `bytes` of Desktop logs across days, as a heavy user's: mostly routed requests for `conversations` conversations,
 * noise lines without ids, the odd stack trace and a few long inline-JSON lines. Deterministic for a seed.
 */
export function makeBenchLogs(root: string, bytes: number, conversations: number, seed: number): { files: number; bytes: number } {
  const random = seededRandom(seed);
  const ids = Array.from({ length: conversations }, (_, i) => makeThreadId(Date.parse('2026-03-01T00:00:00Z') + i * 1000, `log-${seed}-${i}`));
  const perFile = 64 * 1024 * 1024;
  let written = 0;
  let files = 0;
  let ts = Date.parse('2026-03-01T08:00:00Z');
  const methods = ['turn/start', 'thread/read', 'thread/inject_items', 'thread/resume', 'thread/list', 'account/read'];
  while (written < bytes) {
    const day = new Date(ts).toISOString().slice(0, 10).split('-');
    const dir = join(root, day[0]!, day[1]!, day[2]!);
    mkdirSync(dir, { recursive: true });
    const fd = openSync(join(dir, `codex-desktop-00000000-0000-4000-8000-${String(files).padStart(12, '0')}-4612-t0-i1-080000-0.log`), 'w');
    let inFile = 0;
    const chunk: string[] = [];
    while (inFile < perFile && written + inFile < bytes) {
      ts += 1 + Math.floor(random() * 200);
      const r = random();
      let line: string;
      if (r < 0.6) {
        const id = ids[Math.floor(random() * ids.length)]!;
        line = desktopLine({ ts, component: 'AppServerConnection', message: 'response_routed', fields: { conversationId: id, durationMs: Math.floor(random() * 900), errorCode: null, method: methods[Math.floor(random() * methods.length)], requestId: id } });
      } else if (r < 0.95) {
        line = desktopLine({ ts, component: 'electron-fetch-handler', message: 'fetch completed', fields: { status: 200, url: 'https://chatgpt.com/backend-api/wham/usage', durationMs: Math.floor(random() * 300) } });
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
    written += inFile;
    files += 1;
  }
  return { files, bytes: written };
}
