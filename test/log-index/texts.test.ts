import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventEvidence } from '../../src/analysis/context.js';
import { logEntryToEvent } from '../../src/log-index/events.js';
import { createFileIdentities } from '../../src/log-index/file-identity.js';
import { readLinesAt, REREAD_BYTES } from '../../src/log-index/reread.js';
import { createLogTexts, fillDeferredTexts, timelineEvents, type ReadLinesBack } from '../../src/log-index/texts.js';
import type { TimelineEvent } from '../../src/model/timeline-event.js';
import { emptyDesktopLogStats, readDesktopLogFile } from '../../src/sources/desktop-log/read-file.js';
import type { DesktopLogEntry } from '../../src/sources/desktop-log/types.js';

const ID = '019decfe-a771-7380-ac92-fec89615facd';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-texts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A log that tries every way a line can differ from its bytes: a BOM, CRLF, a wrapped entry, UTF-8, no final newline. */
const LINES = [
  `\uFEFF2026-05-03T08:40:05.251Z info [electron-message-handler] Conversation created conversationId=${ID}`,
  `2026-05-03T08:40:06.002Z info [AppServerConnection] response_routed conversationId=${ID} method=turn/start note="zoë 项目 🚀"\r`,
  `2026-05-03T08:40:07.000Z error [electron-message-handler] Request failed conversationId=${ID} errorMessage="first`,
  '  second line of the message"',
  `2026-05-03T08:40:08.000Z info [AppServerConnection] response_routed conversationId=${ID} method=thread/read ${'x'.repeat(REREAD_BYTES * 2)}`,
  `2026-05-03T08:40:09.000Z info [AppServerConnection] response_routed conversationId=${ID} method=thread/inject_items`,
];

const UNREADABLE = '(line no longer readable: the log changed during the run)';

/** LINES written as `name` in the test's folder; its path. */
function writeLines(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, LINES.join('\n'));
  return path;
}

/** The file rotated: the same name now holds other lines (later times) at the same offsets. */
function rotate(path: string): void {
  writeFileSync(path, LINES.map((l) => l.replace(/T08:40:0\d/, 'T09:00:00')).join('\n'));
}

async function entriesOf(path: string): Promise<DesktopLogEntry[]> {
  const entries: DesktopLogEntry[] = [];
  await readDesktopLogFile(path, (e) => entries.push(e), emptyDesktopLogStats(), { needles: ['conversation'] });
  return entries;
}

describe('deferred event texts', () => {
  it('read back from the file, equal the texts taken while reading, for every kind of line', async () => {
    const path = writeLines('a.log');
    const entries = await entriesOf(path);
    const eager = entries.map((e, i) => logEntryToEvent(e, i)!);
    const deferred = entries.map((e, i) => logEntryToEvent(e, i, { deferText: true })!);
    expect(deferred.every((e) => e.text === '' && typeof e.textAt === 'number')).toBe(true);
    expect(fillDeferredTexts(deferred, readLinesAt)).toBe(0);
    expect(deferred.map((e) => e.text)).toEqual(eager.map((e) => e.text));
    expect(deferred.every((e) => e.textAt === undefined)).toBe(true);
  });

  it('are counted, never made up, when the file was cut short or replaced by another during the run', async () => {
    const path = writeLines('a.log');
    const deferred = (await entriesOf(path)).map((e, i) => logEntryToEvent(e, i, { deferText: true })!);
    const [first, ...rest] = deferred as [TimelineEvent, ...TimelineEvent[]];
    rotate(path);
    truncateSync(path, Buffer.byteLength(LINES.slice(0, 3).join('\n')));
    expect(fillDeferredTexts(timelineEvents([{ events: [first], failures: [{ events: rest }] }]), readLinesAt)).toBe(deferred.length);
    expect(new Set(deferred.map((e) => e.text))).toEqual(new Set([UNREADABLE]));
  });
});

describe('deferred texts of a report', () => {
  it('fills an event and the evidence made from it with one read of their line', async () => {
    const path = writeLines('a.log');
    const [event] = (await entriesOf(path)).map((e, i) => logEntryToEvent(e, i, { deferText: true })!);
    const evidence = eventEvidence(event!);
    expect(evidence).toMatchObject({ text: '', textAt: event!.textAt });
    const reads: number[][] = [];
    const changed = fillDeferredTexts([event!, evidence], (file, offsets) => {
      reads.push(offsets);
      return readLinesAt(file, offsets);
    });
    expect(changed).toBe(0);
    expect(reads).toEqual([[0]]);
    expect(evidence.text).toBe(event!.text);
    expect(evidence.text).toContain('Conversation created');
    expect(evidence.textAt).toBeUndefined();
  });
});

describe('deferred event texts from several files, some lines held twice', () => {
  it("gives each holder its line's text, judging a line by the first of its holders met", async () => {
    const [a, b] = [writeLines('a.log'), writeLines('b.log')];
    const [fromA, fromB] = [await entriesOf(a), await entriesOf(b)];
    const eager = fromA.map((e, i) => logEntryToEvent(e, i)!.text);
    const deferredOf = (entries: DesktopLogEntry[], i: number) => logEntryToEvent(entries[i]!, i, { deferText: true })!;
    // Files and lines interleaved, later lines first; the same line of b twice, and of a twice.
    const items = [deferredOf(fromB, 3), deferredOf(fromA, 1), deferredOf(fromA, 0), deferredOf(fromB, 3), deferredOf(fromB, 0), deferredOf(fromA, 1)];
    expect(fillDeferredTexts(items, readLinesAt)).toBe(0);
    expect(items.map((e) => e.text)).toEqual([eager[3], eager[1], eager[0], eager[3], eager[0], eager[1]]);
    expect(items.every((e) => e.textAt === undefined)).toBe(true);

    // A line whose first holder met says another time is not the event's line: its holders all show it unreadable.
    const stale = { ...deferredOf(fromA, 1), ts: 0 };
    const again = [deferredOf(fromA, 0), stale, deferredOf(fromA, 1)];
    expect(fillDeferredTexts(again, readLinesAt)).toBe(1);
    expect(again.map((e) => e.text)).toEqual([eager[0], UNREADABLE, UNREADABLE]);
  });
});

describe('fillDeferredTexts with check', () => {
  it('counts the lines that changed and leaves every item without its text', async () => {
    const path = writeLines('a.log');
    const deferred = (await entriesOf(path)).map((e, i) => logEntryToEvent(e, i, { deferText: true })!);
    expect(fillDeferredTexts(deferred, readLinesAt, { check: true })).toBe(0);
    rotate(path);
    expect(fillDeferredTexts(deferred, readLinesAt, { check: true })).toBe(deferred.length);
    expect(deferred.every((e) => e.text === '' && e.textAt !== undefined)).toBe(true);
  });
});

describe('fillDeferredTexts with check, for files known unchanged', () => {
  it('reads back only the lines of files not known unchanged', async () => {
    const [a, b] = [writeLines('a.log'), writeLines('b.log')];
    const deferred = [...(await entriesOf(a)), ...(await entriesOf(b))].map((e, i) => logEntryToEvent(e, i, { deferText: true })!);
    rotate(a);
    rotate(b);
    const asked: string[] = [];
    const readLines: ReadLinesBack = (file, offsets, opts) => {
      asked.push(file);
      return readLinesAt(file, offsets, opts);
    };
    expect(fillDeferredTexts(deferred, readLines, { check: true, unchanged: (file) => file === a })).toBe(deferred.length / 2);
    expect(asked).toEqual([b]);
  });
});

describe('fillDeferredTexts with check, over many lines', () => {
  it('counts each changed line once, in any order and across batches of lines read back', () => {
    const path = join(dir, 'many.log');
    const stamp = (i: number, hour: string) =>
      `2026-05-03T${hour}:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z`;
    const lines = Array.from({ length: 10_000 }, (_, i) => `${stamp(i, '08')} info [x] line ${i}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const offsets: number[] = [];
    let at = 0;
    for (const line of lines) {
      offsets.push(at);
      at += Buffer.byteLength(line) + 1;
    }
    // Every line once, every third twice, in an order far from the file's.
    const items = lines.flatMap((_, i) => {
      const item = () => ({ file: path, ts: Date.parse(stamp(i, '08')), text: '', textAt: offsets[i]! });
      return i % 3 === 0 ? [item(), item()] : [item()];
    });
    items.sort((a, b) => ((a.textAt * 7919) % 10_007) - ((b.textAt * 7919) % 10_007));
    expect(fillDeferredTexts(items, readLinesAt, { check: true })).toBe(0);
    // Same lengths, so every other line stays where it was.
    writeFileSync(path, `${lines.map((l, i) => (i % 7 === 0 ? l.replace(/T08:/, 'T09:') : l)).join('\n')}\n`);
    expect(fillDeferredTexts(items, readLinesAt, { check: true })).toBe(Math.ceil(10_000 / 7));
  });
});

describe('createLogTexts', () => {
  it('fills, checks and streams texts as fillDeferredTexts does, and knows a large file unchanged until it is written', async () => {
    const small = writeLines('small.log');
    // LINES, then enough lines to be over the megabyte from which the reader's identity of a file is kept.
    const big = join(dir, 'big.log');
    writeFileSync(
      big,
      `${LINES.join('\n')}\n${Array.from({ length: 6_000 }, (_, i) => `2026-05-03T08:41:00.000Z info [x] filler ${i} ${'f'.repeat(180)}`).join('\n')}\n`,
    );
    const identities = createFileIdentities();
    for (const file of [small, big]) await readDesktopLogFile(file, () => {}, emptyDesktopLogStats(), { onOpened: identities.opened });
    const texts = createLogTexts(identities);
    expect(texts.unchanged(big)).toBe(true);
    expect(texts.unchanged(small)).toBe(false);

    const deferredOf = async (path: string) =>
      (await entriesOf(path)).filter((e) => e.line <= LINES.length).map((e, i) => logEntryToEvent(e, i, { deferText: true })!);
    const eager = (await entriesOf(small)).map((e, i) => logEntryToEvent(e, i)!.text);
    const [fromSmall, fromBig] = [await deferredOf(small), await deferredOf(big)];
    expect(texts.check([...fromSmall, ...fromBig])).toBe(0);
    expect([...fromSmall, ...fromBig].every((e) => e.text === '' && e.textAt !== undefined)).toBe(true);
    expect(texts.fill(fromSmall)).toBe(0);
    expect(fromSmall.map((e) => e.text)).toEqual(eager);

    const filler = texts.openFiller();
    try {
      const [first, ...rest] = fromBig as [TimelineEvent, ...TimelineEvent[]];
      expect(filler.fill([first])).toBe(0);
      expect(filler.fill(rest)).toBe(0);
    } finally {
      filler.close();
    }
    expect(fromBig.map((e) => e.text)).toEqual(eager);

    rotate(small);
    const again = await deferredOf(big);
    writeFileSync(big, LINES.map((l) => l.replace(/T08:40:0\d/, 'T09:00:00')).join('\n'));
    expect(texts.unchanged(big)).toBe(false);
    expect(texts.check(again)).toBe(again.length);
  });
});
