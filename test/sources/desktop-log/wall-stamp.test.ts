import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDesktopLogStats, readDesktopLogFile } from '../../../src/sources/desktop-log/read-file.js';
import type { DesktopLogEntry } from '../../../src/sources/desktop-log/types.js';
import { readWallPrefix, resolveWallTime } from '../../../src/sources/desktop-log/wall-stamp.js';
import { chromiumLine, desktopLine, journalLine } from '../../builders/desktop-log.js';

const ID = '019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5';
/** This machine's local time, as the journal prints it: the zone the analysis takes for these lines. */
const local = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0) => new Date(y, mo - 1, d, h, mi, s, ms).getTime();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-wall-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function readLines(lines: string[], mtime: number): Promise<{ entries: DesktopLogEntry[]; untimed: number }> {
  const path = join(dir, 'journal.log');
  writeFileSync(path, `${lines.join('\n')}\n`);
  utimesSync(path, mtime / 1000, mtime / 1000);
  const entries: DesktopLogEntry[] = [];
  const stats = emptyDesktopLogStats();
  await readDesktopLogFile(path, (e) => entries.push(e), stats);
  return { entries, untimed: stats.untimedEntries };
}

describe('readWallPrefix', () => {
  it("reads journalctl short and short-precise prefixes, and Chromium's bracket", () => {
    expect(readWallPrefix('Oct 07 18:30:30 fedora chatgpt[10536]: [electron-message-handler] x')).toEqual({
      wall: { month: 10, day: 7, hour: 18, minute: 30, second: 30, ms: 0 },
      end: 39,
      level: null,
    });
    expect(readWallPrefix('Jan  3 01:02:03.456789 host chatgpt: y')?.wall).toEqual({ month: 1, day: 3, hour: 1, minute: 2, second: 3, ms: 456 });
    expect(readWallPrefix('[10536:10560:1007/183030.123456:ERROR:gpu_process_host.cc(991)] GPU process exited')).toEqual({
      wall: { month: 10, day: 7, hour: 18, minute: 30, second: 30, ms: 123 },
      end: 64,
      level: 'error',
    });
    expect(readWallPrefix('[10536:1007/183030.1:WARNING:x.cc(1)] z')?.level).toBe('warning');
  });

  it('leaves everything else alone', () => {
    for (const text of [
      'Oct 07 18:30 fedora',
      'Foo 07 18:30:30 h x: y',
      'Launching app version=1',
      'IAB_LIFECYCLE x',
      '[electron-message-handler] x',
      '[15/Jun/2026 12:22:29] "GET /"',
      '[1:13/01/000000:ERROR:x] y',
      '',
    ]) {
      expect(readWallPrefix(text)).toBeNull();
    }
  });
});

describe('resolveWallTime', () => {
  const wall = (month: number, day: number) => ({ month, day, hour: 23, minute: 59, second: 0, ms: 0 });
  it("takes the reference's year, moved by one across a Dec→Jan rollover", () => {
    expect(resolveWallTime(wall(10, 7), local(2026, 10, 9, 12, 0, 0))).toBe(local(2026, 10, 7, 23, 59, 0));
    // A December line in a journal saved in January, and a January line after a December one.
    expect(resolveWallTime(wall(12, 31), local(2027, 1, 2, 9, 0, 0))).toBe(local(2026, 12, 31, 23, 59, 0));
    expect(resolveWallTime(wall(1, 1), local(2026, 12, 31, 23, 59, 30))).toBe(local(2027, 1, 1, 23, 59, 0));
  });
});

describe('Desktop lines collected with journalctl, and Chromium lines', () => {
  it("times them in the local zone, the year from the file's mtime, and parses the Desktop part", async () => {
    const routed = { component: 'AppServerConnection', message: 'response_routed', fields: { conversationId: ID, method: 'turn/start' } };
    const { entries, untimed } = await readLines(
      [
        journalLine({ local: { month: 10, day: 7, hour: 18, minute: 30, second: 30 }, ...routed }),
        chromiumLine({
          local: { month: 10, day: 7, hour: 18, minute: 31, second: 0, micros: 250_000 },
          message: 'GPU process exited unexpectedly: exit_code=139',
        }),
        journalLine({
          local: { month: 10, day: 7, hour: 18, minute: 32, second: 0, micros: 5_000 },
          component: 'electron-message-handler',
          message: 'Conversation created',
          fields: { conversationId: ID },
        }),
      ],
      local(2026, 10, 8, 9, 0, 0),
    );
    expect(untimed).toBe(0);
    expect(entries.map((e) => [e.ts, e.timed, e.level, e.component, e.message])).toEqual([
      [local(2026, 10, 7, 18, 30, 30), true, null, 'AppServerConnection', 'response_routed'],
      [local(2026, 10, 7, 18, 31, 0, 250), true, 'error', null, 'GPU process exited unexpectedly:'],
      [local(2026, 10, 7, 18, 32, 0, 5), true, null, 'electron-message-handler', 'Conversation created'],
    ]);
    expect(entries[0]?.fields).toEqual({ conversationId: ID, method: 'turn/start' });
  });

  it('prefers the UTC stamp of a whole Desktop line inside the journal, and carries the year over Dec→Jan', async () => {
    const utc = Date.UTC(2026, 11, 31, 22, 59, 58, 120);
    const { entries } = await readLines(
      [
        journalLine({
          local: { month: 12, day: 31, hour: 23, minute: 59, second: 58 },
          desktopStamp: utc,
          level: 'info',
          component: 'IpcRouter',
          message: 'ready',
        }),
        journalLine({ local: { month: 1, day: 1, hour: 0, minute: 0, second: 5 }, component: 'IpcRouter', message: 'next' }),
        desktopLine({ ts: Date.UTC(2027, 0, 1, 0, 1, 0, 0), message: 'plain Desktop line', component: 'IpcRouter' }),
      ],
      // A copy made months later: the lines above are the reference, not the mtime.
      local(2027, 6, 1, 0, 0, 0),
    );
    expect(entries.map((e) => e.ts)).toEqual([utc, local(2027, 1, 1, 0, 0, 5), Date.UTC(2027, 0, 1, 0, 1, 0, 0)]);
    expect(entries[0]?.level).toBe('info');
  });
});
