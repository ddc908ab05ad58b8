/**
 * The texts helper on a real worker thread: the built module (its worker's file is built into dist/ only), real log
 * files. What it fills is what this thread's fillDeferredTexts fills, group by group, changed files included; the
 * first batch stays this thread's; a group that is not the plan's next, or any group once the helper is let go, is
 * left to the caller.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logEntryToEvent } from '../../src/log-index/events.js';
import { readLinesAt } from '../../src/log-index/reread.js';
import { fillDeferredTexts } from '../../src/log-index/texts.js';
import type { DeferredText } from '../../src/model/deferred-text.js';
import { emptyDesktopLogStats, readDesktopLogFile } from '../../src/sources/desktop-log/read-file.js';
import { ensureBuilt, REPO_ROOT } from '../e2e/run-cli.js';

type ReadAheadModule = typeof import('../../src/log-index/read-ahead.js');

let dir: string;
let built: ReadAheadModule;
let files: string[];
beforeAll(async () => {
  ensureBuilt();
  built = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'log-index', 'read-ahead.js')).href)) as ReadAheadModule;
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-read-ahead-'));
  files = ['a.log', 'b.log', 'c.log'].map((name, f) => {
    const path = join(dir, name);
    writeFileSync(path, linesOf(f, 5000).join('\n'));
    return path;
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lines of every shape a text is read back from: plain, UTF-8, long, quoted, CRLF, a wrapped entry. */
function linesOf(file: number, count: number, hour = 8): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `019decfe-a771-7380-ac92-${String(file * 100000 + (i % 997)).padStart(12, '0')}`;
    const ts = new Date(Date.UTC(2026, 4, 3, hour) + i * 1000).toISOString();
    const shape = i % 5;
    if (shape === 0) lines.push(`${ts} info [AppServerConnection] response_routed conversationId=${id} method=turn/start`);
    else if (shape === 1) lines.push(`${ts} info [AppServerConnection] request_sent conversationId=${id} method=thread/read note="zoë 项目 🚀"\r`);
    else if (shape === 2) lines.push(`${ts} info [AppServerConnection] response_routed conversationId=${id} method=thread/read ${'x'.repeat(3000)}`);
    else if (shape === 3) lines.push(`${ts} error [electron-message-handler] Request failed conversationId=${id} errorMessage="first`, '  second line"');
    else lines.push(`${ts} info [electron-message-handler] Conversation created conversationId=${id}`);
  }
  return lines;
}

async function deferredEventsOf(path: string): Promise<DeferredText[]> {
  const events: DeferredText[] = [];
  await readDesktopLogFile(path, (e) => void events.push(logEntryToEvent(e, events.length, { deferText: true })!), emptyDesktopLogStats(), {
    needles: ['conversation'],
  });
  return events;
}

/** Conversations of 1-9 events drawn from all three files, in a fixed shuffle, each with one event already filled. */
async function groupsOf(): Promise<DeferredText[][]> {
  const all = (await Promise.all(files.map(deferredEventsOf))).flat();
  const groups: DeferredText[][] = [];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  while (all.length > 0) {
    const group: DeferredText[] = [{ file: files[0]!, ts: null, text: 'already filled' }];
    for (let k = 1 + next(9); k > 0 && all.length > 0; k -= 1) group.push(all.splice(next(all.length), 1)[0]!);
    groups.push(group);
  }
  return groups;
}

const copyOf = (groups: DeferredText[][]): DeferredText[][] => groups.map((g) => g.map((item) => ({ ...item })));

describe('the texts helper', () => {
  it('fills what fillDeferredTexts fills, group by group, the first batch left to this thread', async () => {
    const groups = await groupsOf();
    // A file rewritten since it was read (the same lines an hour later): its lines are unreadable on both threads alike.
    writeFileSync(files[2]!, linesOf(2, 5000, 9).join('\n'));
    const expected = copyOf(groups);
    const unreadableHere = expected.map((g) => fillDeferredTexts(g, readLinesAt));
    expect(unreadableHere.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    const ahead = built.startReadAhead(groups);
    expect(ahead).not.toBeNull();
    const byHelper: boolean[] = [];
    try {
      groups.forEach((group, g) => {
        const unreadable = ahead!.fill(group);
        byHelper.push(unreadable !== null);
        expect(unreadable ?? fillDeferredTexts(group, readLinesAt)).toBe(unreadableHere[g]);
      });
    } finally {
      ahead!.close();
    }
    expect(groups).toEqual(expected);
    expect(byHelper[0]).toBe(false);
    expect(byHelper.filter(Boolean).length).toBeGreaterThan(groups.length / 2);
    writeFileSync(files[2]!, linesOf(2, 5000).join('\n'));
  });

  it('leaves a group that is not the next of its plan, and every group once let go, to the caller', async () => {
    const groups = await groupsOf();
    const ahead = built.startReadAhead(groups)!;
    const late = groups.length - 10;
    for (let g = 0; g < late; g += 1) if (ahead.fill(groups[g]!) === null) fillDeferredTexts(groups[g]!, readLinesAt);
    // Another group in the place of the next one: not filled, and the plan goes on after it.
    const stranger = copyOf([groups[0]!])[0]!;
    expect(ahead.fill(stranger)).toBeNull();
    expect(ahead.fill(groups[late + 1]!)).not.toBeNull();
    ahead.close();
    expect(ahead.fill(groups[late + 2]!)).toBeNull();
    expect(groups[late + 2]!.some((item) => item.textAt !== undefined)).toBe(true);
  });

  it('does not start for a few lines', async () => {
    const groups = (await groupsOf()).slice(0, 100);
    expect(built.startReadAhead(groups)).toBeNull();
  });
});
