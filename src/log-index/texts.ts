import type { DeferredText, LogTexts } from '../model/deferred-text.js';
import type { TimelineEvent } from '../model/timeline-event.js';
import { parseDesktopLine } from '../sources/desktop-log/parse-line.js';
import { ownCopy } from '../util/own-copy.js';
import { capText, eventText, MAX_TEXT } from './events.js';
import type { FileIdentities } from './file-identity.js';
import { startReadAhead } from './read-ahead.js';
import { createLineReader, readLinesAt, type LineBack, type ReadBackOptions } from './reread.js';

/**
 * The log index's LogTexts: lines read back by offset, and files known unchanged by their identity. With
 * `readAhead`, a filler given the groups it will fill reads them on a second thread ahead of the caller (read-ahead.ts):
 * for a run whose logs were folded on more than one thread, whose second core is then free.
 */
export function createLogTexts(identities: FileIdentities, opts: { readAhead?: boolean } = {}): LogTexts {
  return {
    fill: (items) => fillDeferredTexts(items, readLinesAt),
    check: (items) => fillDeferredTexts(items, readLinesAt, { check: true, unchanged: identities.unchanged }),
    unchanged: (file) => identities.unchanged(file),
    openFiller(groups) {
      const reader = createLineReader();
      const ahead = opts.readAhead === true && groups !== undefined ? startReadAhead(groups) : null;
      return {
        fill: (items) => ahead?.fill(items) ?? fillDeferredTexts(items, reader.readLinesAt),
        close: () => {
          ahead?.close();
          reader.close();
        },
      };
    },
  };
}

/** The kept events of timelines, for fillDeferredTexts. */
export function* timelineEvents(
  timelines: Iterable<{ events: readonly TimelineEvent[]; failures: readonly { events: readonly TimelineEvent[] }[] }>,
): Generator<TimelineEvent> {
  for (const timeline of timelines) {
    yield* timeline.events;
    for (const group of timeline.failures) yield* group.events;
  }
}

export interface FillOptions {
  check?: boolean;
  /** With `check`: whether a file is known to hold the bytes it held when read (its lines are then not read back). */
  unchanged?: (file: string) => boolean;
}

export type ReadLinesBack = (file: string, offsets: number[], opts?: ReadBackOptions) => (LineBack | null)[];

/**
 * Gives every item whose text was deferred its text, from its header line read again. `readLines` returns the line
 * that starts at each offset of a file (at least its first REREAD_BYTES, more than any text needs), or null when it
 * cannot be read any more. Returns how many lines could not be read back. With `check`, only counts them and leaves
 * the items as they are (to know the count before a streamed report that fills its items one by one).
 */
export function fillDeferredTexts(items: Iterable<DeferredText>, readLines: ReadLinesBack, opts: FillOptions = {}): number {
  if (opts.check === true) return countUnreadable(items, readLines, opts.unchanged ?? (() => false));
  const byFile = new Map<string, Map<number, DeferredText[]>>();
  for (const item of items) {
    if (item.textAt === undefined) continue;
    let offsets = byFile.get(item.file);
    if (offsets === undefined) byFile.set(item.file, (offsets = new Map()));
    const same = offsets.get(item.textAt);
    if (same === undefined) offsets.set(item.textAt, [item]);
    else same.push(item);
  }
  let unreadable = 0;
  for (const [file, offsets] of byFile) {
    const sorted = [...offsets.keys()].sort((a, b) => a - b);
    const lines = readLines(file, sorted);
    sorted.forEach((offset, i) => {
      const line = lines[i] ?? null;
      const holders = offsets.get(offset)!;
      const text = line === null ? null : textOfLineBack(line, holders[0]!.ts);
      if (text === null) unreadable += 1;
      const shown = text ?? '(line no longer readable: the log changed during the run)';
      for (const holder of holders) {
        holder.text = shown;
        holder.textAt = undefined;
      }
    });
  }
  return unreadable;
}

/**
 * fillDeferredTexts' count alone, over every sampled event of a run (200,000 on 1 GiB of logs, 170,000 for 100,000
 * conversations): each item costs two numbers in a typed array here, where the map of holders that filling needs was the
 * largest thing in the heap when the report began, and lines are read back a batch at a time (a line read back for
 * each of them at once, with boxed offsets and stamps, was 12 MB at the peak of a run with 100,000 conversations).
 */
function countUnreadable(items: Iterable<DeferredText>, readLines: ReadLinesBack, unchanged: (file: string) => boolean): number {
  // Null for a file known unchanged: reading back a 1 GiB log set's 110,000 sampled lines was 0.2-0.3 s.
  const byFile = new Map<string, PositionList | null>();
  for (const item of items) {
    if (item.textAt === undefined) continue;
    let file = byFile.get(item.file);
    if (file === undefined) {
      file = unchanged(item.file) ? null : { offsets: new Float64Array(64), stamps: new Float64Array(64), length: 0 };
      byFile.set(item.file, file);
    }
    if (file !== null) pushPosition(file, item.textAt, item.ts);
  }
  let unreadable = 0;
  for (const [file, positions] of byFile) {
    if (positions === null) continue;
    const { offsets, stamps, length } = positions;
    // A stable sort: of the items of one line, the first one met is the one checked, as when filling.
    const order = new Uint32Array(length);
    for (let i = 0; i < length; i += 1) order[i] = i;
    order.sort((a, b) => offsets[a]! - offsets[b]! || a - b);
    const distinct: number[] = [];
    const firstStamps: (number | null)[] = [];
    const check = (): void => {
      const lines = readLines(file, distinct, { stampOnly: true });
      for (let k = 0; k < distinct.length; k += 1) {
        const line = lines[k] ?? null;
        // A line with Desktop's stamp is still the event's when it has the event's time (as in textOfLineBack).
        const gone = line === null || (line.stampMs !== null ? line.stampMs !== firstStamps[k] : textOfLineBack(line, firstStamps[k]!) === null);
        if (gone) unreadable += 1;
      }
      distinct.length = 0;
      firstStamps.length = 0;
    };
    let last = Number.NaN;
    for (const i of order) {
      if (offsets[i] === last) continue;
      last = offsets[i]!;
      distinct.push(last);
      firstStamps.push(Number.isNaN(stamps[i]!) ? null : stamps[i]!);
      if (distinct.length === CHECK_BATCH) check();
    }
    if (distinct.length > 0) check();
  }
  return unreadable;
}

/** Lines read back at a time by countUnreadable. */
const CHECK_BATCH = 4096;

/** Offsets and stamps (NaN for none) of the items of one file, in the order they came. */
interface PositionList {
  offsets: Float64Array;
  stamps: Float64Array;
  length: number;
}

function pushPosition(list: PositionList, offset: number, ts: number | null): void {
  if (list.length === list.offsets.length) {
    const offsets = new Float64Array(list.length * 2);
    offsets.set(list.offsets);
    const stamps = new Float64Array(list.length * 2);
    stamps.set(list.stamps);
    list.offsets = offsets;
    list.stamps = stamps;
  }
  list.offsets[list.length] = offset;
  list.stamps[list.length] = ts ?? Number.NaN;
  list.length += 1;
}

/**
 * The text of an event from its line read back, or null when the line is not the event's any more: a file rotated
 * into the same name gives another line, and a timed line must still carry the event's time.
 */
function textOfLineBack(line: LineBack, ts: number | null): string | null {
  // The stamp is already left out; a space that is not ASCII is what the general expression would also drop.
  if (line.stampMs !== null) {
    if (line.stampMs !== ts) return null;
    const text = line.text.replace(/^\s+/, '');
    // Short, it is a string of its own; cut, a copy lets go of the rest of the line.
    return text.length > MAX_TEXT ? ownCopy(capText(text)) : text;
  }
  // Lines without Desktop's stamp are rare: parsed whole, their time is exactly the one the scan gave.
  const parsed = parseDesktopLine(line.text);
  const lineTs = parsed.kind === 'timed' ? parsed.ts : null;
  if (lineTs !== null && lineTs !== ts) return null;
  // A copy: the text without its stamp is a view into the line read back, which it would keep alive.
  return ownCopy(eventText(line.text, lineTs !== null));
}
