import { countKey, type FailureGroup, type LogTimeline } from '../model/log-timeline.js';
import { isRoutedTurn, type EventKind, type EventSource, type TimelineEvent } from '../model/timeline-event.js';
import { ownCopy } from '../util/own-copy.js';
import { decodeEvent, encodeEvents, type FoldPartial, type PartialFailureGroup, type ShareOffsets } from './partial.js';
import { absorbFailures, addFailure, classOf, CLASSES, MAX_SHARE_FAILURE_KINDS, RETENTION, type EventClass } from './retention.js';

export interface LogTimelineOptions {
  since: number | null;
  until: number | null;
  /** Conversations whose every event is kept (those a timeline or report will show). */
  keepAll: (threadId: string) => boolean;
  /**
   * A fold of one share of the logs (on a thread of its own), to be exported with partial() and absorbed, in file
   * order, by the fold of the run: its failures are grouped by every kind, not only the first MAX_FAILURE_GROUPS, so
   * that the run's groups come out as a single pass would make them.
   */
  share?: boolean;
}

export interface LogTimelineFolder {
  /**
   * `idKey`, when known, is a small number that stands for the event's thread id for the whole run (the same number,
   * the same id; see PlainLineEvents.lastIdKey): the conversation is then found in an array instead of a Map.
   */
  add(event: TimelineEvent, idKey?: number): void;
  /** The timelines, with the kept events of sampled ones in reading order. Call once, after the last add. */
  finish(): Map<string, LogTimeline>;
  /** A share fold's state, to send to the fold of the run (see absorb). Call once, after the last add. */
  partial(): FoldPartial;
  /**
   * Folds in the partial of a share as if its events had been added here one by one: shares are absorbed in file
   * order, before any later add, with the seq and line numbers of the share moved by `offsets`.
   */
  absorb(partial: FoldPartial, offsets: ShareOffsets): void;
}

/** Where each class's kept events sit in a timeline's sample slots: its first ones, then a ring of its last ones. */
const { SLOT_BASE, SLOTS } = (() => {
  let base = 0;
  const bases = {} as Record<EventClass, number>;
  for (const cls of CLASSES) {
    bases[cls] = base;
    base += RETENTION[cls].first + RETENTION[cls].last;
  }
  return { SLOT_BASE: bases, SLOTS: base };
})();

/** Count slots per `source/kind` key, shared by every conversation; the first CLASSES.length slots count classes. */
const COUNT_SLOTS = new Map<string, number>();

function countSlot(key: string): number {
  let slot = COUNT_SLOTS.get(key);
  if (slot === undefined) {
    slot = CLASSES.length + COUNT_SLOTS.size;
    COUNT_SLOTS.set(key, slot);
  }
  return slot;
}

/**
 * Where a conversation's numbers sit in its row of the folder's Float64Array: times, totals and counts, which every
 * event updates. 20,000 conversations are folded at once in random order, and each object an event touches is a
 * likely cache miss: as fields of an object (the times boxed, the counts an array of their own) they were about eight
 * per event; in one row they are one or two. The count at COUNTS + s is that of COUNT_SLOTS slot s (its first
 * CLASSES.length slots count events per class, for sampling).
 */
const FIRST_TS = 0;
const LAST_TS = 1;
const TOTAL = 2;
/** 1 for a conversation kept whole. */
const WHOLE = 3;
const COUNTS = 4;

/**
 * What else folding keeps of one conversation, reached only by events that add to it (turns, failures, the sample).
 * With its row, becomes a LogTimeline in finish().
 */
interface Fold {
  id: string;
  forkedFromId: string | null;
  /** Null until the first: most conversations have neither, and two empty arrays each were 6 MB for 100,000. */
  routedTurnTimes: number[] | null;
  /** In a share's fold, grouped by every kind (see LogTimelineOptions.share). */
  failures: FailureGroup[] | null;
  /** Every event, for a conversation kept whole; else null. */
  all: TimelineEvent[] | null;
  /** The sample (SLOT_BASE layout) of a sampled conversation; else null. */
  slots: (TimelineEvent | undefined)[] | null;
}

/** Folds log events, in reading order, into one LogTimeline per conversation. */
export function createLogTimelineFolder(opts: LogTimelineOptions): LogTimelineFolder {
  // Conversations by id and, when the caller has one, by id key (see add): their index in `folds` and in the rows.
  const indexById = new Map<string, number>();
  let indexByKey: number[] = [];
  const folds: (Fold | undefined)[] = [];
  let stride = COUNTS + CLASSES.length + 8;
  // Rows in blocks, added as conversations come: one array grown by copying left each old copy to the next full
  // collection, up to 9 MB more at the peak of a 1 GiB run.
  let blocks: (Float64Array | undefined)[] = [];
  const methods = new Map<string, string>();
  const failureKinds = opts.share === true ? MAX_SHARE_FAILURE_KINDS : undefined;

  const indexOf = (id: string): number => {
    let index = indexById.get(id);
    if (index === undefined) {
      index = folds.length;
      const whole = opts.keepAll(id);
      // One copy for the fold, its events and the key here (the timelines' key after): keyed by the id as given, the
      // reader's copy of every id stayed alive beside it to the end of the run (5 MB for 100,000 conversations).
      const own = ownCopy(id);
      folds.push({
        id: own,
        forkedFromId: null,
        routedTurnTimes: null,
        failures: null,
        all: whole ? [] : null,
        slots: whole ? null : new Array<TimelineEvent | undefined>(SLOTS).fill(undefined),
      });
      indexById.set(own, index);
      if (index % BLOCK_ROWS === 0) blocks.push(new Float64Array(BLOCK_ROWS * stride));
      const rows = blockOf(index);
      const row = rowOf(index);
      rows[row + FIRST_TS] = Number.NaN;
      rows[row + LAST_TS] = Number.NaN;
      rows[row + WHOLE] = whole ? 1 : 0;
    }
    return index;
  };

  /** The block that holds conversation `index`'s row, and where in it the row starts. */
  const blockOf = (index: number): Float64Array => blocks[Math.floor(index / BLOCK_ROWS)]!;
  const rowOf = (index: number): number => (index % BLOCK_ROWS) * stride;

  /** Makes each row long enough for count slot `slot` (a kind first seen after the rows were laid out). */
  const widen = (slot: number): void => {
    const wider = COUNTS + slot + 8;
    blocks = blocks.map((rows) => rows && widened(rows, stride, wider));
    stride = wider;
  };

  /**
   * A kept event outlives the line it was parsed from: its strings must not be slices of that line, or each kept event
   * holds its whole line. Ids and methods repeat, so kept events share one copy of each.
   */
  const keep = (fold: Fold, event: TimelineEvent): TimelineEvent => {
    event.threadId = fold.id;
    if (event.method !== null) {
      let method = methods.get(event.method);
      if (method === undefined) {
        method = ownCopy(event.method);
        methods.set(method, method);
      }
      event.method = method;
    }
    if (event.forkedFromId !== null) event.forkedFromId = ownCopy(event.forkedFromId);
    return event;
  };

  return {
    add(event, idKey = -1) {
      if (opts.since !== null && (event.ts === null || event.ts < opts.since)) return;
      if (opts.until !== null && (event.ts === null || event.ts > opts.until)) return;
      let index = idKey >= 0 ? indexByKey[idKey] : undefined;
      if (index === undefined) {
        index = indexOf(event.threadId);
        if (idKey >= 0) indexByKey[idKey] = index;
      }
      const profile = profileOf(event);
      const slot = profile.slot;
      if (COUNTS + slot >= stride) widen(slot);
      const rows = blockOf(index);
      const row = rowOf(index);
      rows[row + TOTAL]! += 1;
      rows[row + COUNTS + slot]! += 1;
      const routed = profile.routedTurn;
      if (event.ts !== null) {
        if (!(event.ts >= rows[row + FIRST_TS]!)) rows[row + FIRST_TS] = event.ts;
        if (!(event.ts <= rows[row + LAST_TS]!)) rows[row + LAST_TS] = event.ts;
      }
      const failed = event.kind === 'request-failed';
      const whole = rows[row + WHOLE] === 1;
      const { cls, first, last } = profile;
      const classSlot = COUNTS + profile.classIndex;
      const seen = whole ? 0 : rows[row + classSlot]!;
      if (!whole) rows[row + classSlot] = seen + 1;
      // Most events (routine requests past the first) change nothing but the row.
      if (!routed && !failed && !whole && event.forkedFromId === null && seen >= first && last === 0) return;

      const fold = folds[index]!;
      if (routed && event.ts !== null) (fold.routedTurnTimes ??= []).push(event.ts);
      if (fold.forkedFromId === null && event.forkedFromId !== null) fold.forkedFromId = event.forkedFromId;
      if (failed) addFailure((fold.failures ??= []), keep(fold, event), failureKinds);
      if (fold.all !== null) {
        fold.all.push(keep(fold, event));
        return;
      }
      if (seen < first) {
        fold.slots![profile.base + seen] = keep(fold, event);
      } else if (last > 0) {
        const at = profile.base + first + ((seen - first) % last);
        const replaced = fold.slots![at];
        if (replaced !== undefined && canTakeOver(replaced, event, cls)) takeOver(replaced, keep(fold, event));
        else fold.slots![at] = keep(fold, event);
      }
    },
    partial() {
      const events = new Map<TimelineEvent, number>();
      const eventIndex = (event: TimelineEvent): number => {
        let at = events.get(event);
        if (at === undefined) events.set(event, (at = events.size));
        return at;
      };
      const slotKeys: string[] = [];
      for (const [key, slot] of COUNT_SLOTS) slotKeys[slot - CLASSES.length] = key;
      // Sized first, so that each typed array is made once: 800,000 turn times and 450,000 sample numbers pushed onto
      // growing arrays and then copied made the worker collect its whole heap while the run's thread waited for it.
      let turnTotal = 0;
      let sampleTotal = 0;
      for (const index of indexById.values()) {
        const fold = folds[index]!;
        turnTotal += fold.routedTurnTimes?.length ?? 0;
        sampleTotal += 3 * (fold.all?.length ?? sampledCount(blockOf(index), rowOf(index)));
      }
      const count = indexById.size;
      const ids: string[] = [];
      const rows = new Float64Array(count * stride);
      const forkedFrom: (string | null)[] = [];
      const turnTimes = new Float64Array(turnTotal);
      const turnTimeEnds = new Int32Array(count);
      const samples = new Int32Array(sampleTotal);
      const sampleEnds = new Int32Array(count);
      const failures: (PartialFailureGroup[] | null)[] = [];
      let t = 0;
      let s = 0;
      for (const [id, index] of indexById) {
        const k = ids.length;
        const fold = folds[index]!;
        const block = blockOf(index);
        const row = rowOf(index);
        for (let c = 0; c < stride; c += 1) rows[k * stride + c] = block[row + c]!;
        ids.push(id);
        forkedFrom.push(fold.forkedFromId);
        for (const ts of fold.routedTurnTimes ?? NONE) turnTimes[t++] = ts;
        turnTimeEnds[k] = t;
        if (fold.all !== null) {
          // A conversation kept whole: its events in order, as class -1.
          for (const event of fold.all) {
            samples[s++] = eventIndex(event);
            samples[s++] = -1;
            samples[s++] = 0;
          }
        } else {
          for (let classIndex = 0; classIndex < CLASSES.length; classIndex += 1) {
            const cls = CLASSES[classIndex]!;
            const { first, last } = RETENTION[cls];
            const seen = block[row + COUNTS + classIndex]!;
            const base = SLOT_BASE[cls];
            for (let j = 0; j < Math.min(first, seen); j += 1) {
              samples[s++] = eventIndex(fold.slots![base + j]!);
              samples[s++] = classIndex;
              samples[s++] = j;
            }
            for (let j = ringFrom(first, last, seen); j < seen; j += 1) {
              samples[s++] = eventIndex(fold.slots![base + first + ((j - first) % last)]!);
              samples[s++] = classIndex;
              samples[s++] = j;
            }
          }
        }
        sampleEnds[k] = s;
        failures.push(fold.failures?.map((g) => ({ method: g.method, key: g.key, mixed: g.mixed, count: g.count, events: g.events.map(eventIndex) })) ?? null);
      }
      // A typed array drops what is written past its end: a count that disagreed with the writing would lose samples.
      if (t !== turnTotal || s !== sampleTotal) throw new Error(`fold partial: sized ${turnTotal}/${sampleTotal}, wrote ${t}/${s}`);
      return { ids, slotKeys, stride, rows, forkedFrom, turnTimes, turnTimeEnds, samples, sampleEnds, failures, events: encodeEvents([...events.keys()]) };
    },
    absorb(partial, offsets) {
      const made: (TimelineEvent | undefined)[] = [];
      const eventAt = (fold: Fold, at: number): TimelineEvent => (made[at] ??= keep(fold, decodeEvent(partial.events, at, offsets)));
      // The share's count slots as this fold's (a kind first seen there widens the rows here).
      const slots = partial.slotKeys.map((key) => countSlot(key));
      const widest = Math.max(-1, ...slots);
      if (COUNTS + widest >= stride) widen(widest);
      const width = partial.stride;
      let sampleStart = 0;
      let turnStart = 0;
      partial.ids.forEach((id, k) => {
        const index = indexOf(id);
        const fold = folds[index]!;
        const rows = blockOf(index);
        const row = rowOf(index);
        const from = k * width;
        const part = partial.rows;
        rows[row + TOTAL]! += part[from + TOTAL]!;
        const firstTs = part[from + FIRST_TS]!;
        const lastTs = part[from + LAST_TS]!;
        if (!Number.isNaN(firstTs) && !(firstTs >= rows[row + FIRST_TS]!)) rows[row + FIRST_TS] = firstTs;
        if (!Number.isNaN(lastTs) && !(lastTs <= rows[row + LAST_TS]!)) rows[row + LAST_TS] = lastTs;
        for (let s = 0; s < slots.length && COUNTS + CLASSES.length + s < width; s += 1) {
          const count = part[from + COUNTS + CLASSES.length + s]!;
          if (count > 0) rows[row + COUNTS + slots[s]!]! += count;
        }
        const turnEnd = partial.turnTimeEnds[k]!;
        if (turnEnd > turnStart) {
          const times = (fold.routedTurnTimes ??= []);
          for (let t = turnStart; t < turnEnd; t += 1) times.push(partial.turnTimes[t]!);
        }
        turnStart = turnEnd;
        if (fold.forkedFromId === null && partial.forkedFrom[k] !== null) fold.forkedFromId = partial.forkedFrom[k]!;
        const sampleEnd = partial.sampleEnds[k]!;
        // Seen before this share, per class: a share's j-th event of a class is the run's (seenBefore + j)-th.
        const seenBefore = CLASSES.map((_, c) => rows[row + COUNTS + c]!);
        if (fold.all === null) for (let c = 0; c < CLASSES.length; c++) rows[row + COUNTS + c]! += part[from + COUNTS + c]!;
        for (let at = sampleStart; at < sampleEnd; at += 3) {
          const event = eventAt(fold, partial.samples[at]!);
          const classIndex = partial.samples[at + 1]!;
          if (fold.all !== null) {
            fold.all.push(event);
            continue;
          }
          const { first, last } = RETENTION[CLASSES[classIndex]!];
          const base = SLOT_BASE[CLASSES[classIndex]!];
          const j = seenBefore[classIndex]! + partial.samples[at + 2]!;
          const seen = rows[row + COUNTS + classIndex]!;
          if (j < first) fold.slots![base + j] = event;
          else if (last > 0 && j >= seen - last) fold.slots![base + first + ((j - first) % last)] = event;
        }
        sampleStart = sampleEnd;
        const groups = partial.failures[k];
        if (groups != null && groups.length > 0) {
          absorbFailures(
            (fold.failures ??= []),
            groups.map((g) => ({ ...g, events: g.events.map((at) => eventAt(fold, at)) })),
          );
        }
      });
    },
    finish() {
      indexByKey = [];
      // Keys in one order for every conversation, whatever order its events came in.
      const keys = [...COUNT_SLOTS].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const timelines = new Map<string, LogTimeline>();
      for (const [id, index] of indexById) {
        const fold = folds[index]!;
        // Each fold goes as its timeline comes, so the two never all live at once.
        indexById.delete(id);
        folds[index] = undefined;
        const rows = blockOf(index);
        const row = rowOf(index);
        const events = fold.all ?? inReadingOrder(fold.slots!);
        // Keys added in one order share their hidden classes across conversations.
        const counts: Record<string, number> = {};
        for (const [key, slot] of keys) {
          const count = COUNTS + slot < stride ? countAt(rows, row + COUNTS + slot) : 0;
          if (count > 0) counts[key] = count;
        }
        const total = countAt(rows, row + TOTAL);
        const firstTs = rows[row + FIRST_TS]!;
        const lastTs = rows[row + LAST_TS]!;
        timelines.set(id, {
          events,
          total,
          counts,
          // A copy sized to fit: a grown array keeps up to half again as many slots as it holds.
          routedTurnTimes: fold.routedTurnTimes?.slice() ?? NONE,
          failures: fold.failures ?? NONE,
          firstTs: Number.isNaN(firstTs) ? null : firstTs,
          lastTs: Number.isNaN(lastTs) ? null : lastTs,
          forkedFromId: fold.forkedFromId,
          complete: events.length === total,
        });
        // Conversations come in index order: a block is let go once its last one is done.
        if (index % BLOCK_ROWS === BLOCK_ROWS - 1) blocks[Math.floor(index / BLOCK_ROWS)] = undefined;
      }
      blocks = [];
      return timelines;
    },
  };
}

/** What folding needs to know of the events of one source and kind, worked out once (see profileOf). */
interface KindProfile {
  /** The `source/kind` count's COUNT_SLOTS slot. */
  slot: number;
  cls: EventClass;
  classIndex: number;
  /** The class's first slot in a sample, and how many first and last events it keeps. */
  base: number;
  first: number;
  last: number;
  routedTurn: boolean;
}

/** By source, then kind, then whether the event names a fork parent (a routine kind that does is rare). */
const PROFILES = new Map<EventSource, Map<EventKind, [KindProfile | undefined, KindProfile | undefined]>>();

/**
 * An event's profile: classifying and keying each of a million events anew (a set, two lookups by name for its count
 * key, its class's index and retention by name) cost more than the rest of counting it.
 */
function profileOf(event: TimelineEvent): KindProfile {
  let bySource = PROFILES.get(event.source);
  if (bySource === undefined) PROFILES.set(event.source, (bySource = new Map()));
  let pair = bySource.get(event.kind);
  if (pair === undefined) bySource.set(event.kind, (pair = [undefined, undefined]));
  const forked = event.forkedFromId === null ? 0 : 1;
  let profile = pair[forked];
  if (profile === undefined) {
    const cls = classOf(event);
    profile = {
      slot: countSlot(countKey(event.source, event.kind)),
      cls,
      classIndex: CLASSES.indexOf(cls),
      base: SLOT_BASE[cls],
      first: RETENTION[cls].first,
      last: RETENTION[cls].last,
      routedTurn: isRoutedTurn(event),
    };
    pair[forked] = profile;
  }
  return profile;
}

/**
 * A count from a row as a small integer where it is one: a number read from a Float64Array and kept in an object or a
 * Map is otherwise a boxed double, one for each count of each conversation (8 MB more for 150,000 conversations).
 */
function countAt(rows: Float64Array, at: number): number {
  const count = rows[at]!;
  return count <= 0x3fffffff ? count | 0 : count;
}

/**
 * A sample's kept events in reading order (by seq, which no two events share), sorted in place by insertion: sorting
 * each of 20,000 samples of a few events with a comparator cost 30 ms more of the timelines' 160 ms, most of it calls
 * to the comparator. The array stays the one filter makes, sized to fit (an array pushed to from empty keeps room for
 * 17: 9 MB more for 100,000 conversations).
 */
function inReadingOrder(slots: readonly (TimelineEvent | undefined)[]): TimelineEvent[] {
  const events = slots.filter((e): e is TimelineEvent => e !== undefined);
  for (let i = 1; i < events.length; i += 1) {
    const event = events[i]!;
    let at = i;
    for (; at > 0 && events[at - 1]!.seq > event.seq; at -= 1) events[at] = events[at - 1]!;
    events[at] = event;
  }
  return events;
}

/** How many events a sampled conversation's row says its sample keeps: of each class, its first ones and its last. */
function sampledCount(block: Float64Array, row: number): number {
  let kept = 0;
  for (let classIndex = 0; classIndex < CLASSES.length; classIndex += 1) {
    const { first, last } = RETENTION[CLASSES[classIndex]!];
    const seen = block[row + COUNTS + classIndex]!;
    kept += Math.min(first, seen) + Math.max(0, seen - ringFrom(first, last, seen));
  }
  return kept;
}

/** The place in its class of the first of the last events a sample keeps (`seen` when it keeps none of them). */
function ringFrom(first: number, last: number, seen: number): number {
  return last > 0 ? Math.max(first, seen - last) : seen;
}

/** The empty list every timeline without turn times or failures shares. */
const NONE: readonly never[] = Object.freeze([]);

/** Conversations per block of rows. */
const BLOCK_ROWS = 4096;

/** A block's rows of `stride` numbers copied into rows of `newStride` (the new numbers 0). */
function widened(rows: Float64Array, stride: number, newStride: number): Float64Array {
  const wider = new Float64Array(BLOCK_ROWS * newStride);
  for (let row = 0; row < BLOCK_ROWS; row += 1) wider.set(rows.subarray(row * stride, (row + 1) * stride), row * newStride);
  return wider;
}

/**
 * Whether the event a sample is about to drop can take the new one's values instead of being replaced by it. A kept
 * event lives long enough to be moved to the old generation; replaced there for each new turn, 350,000 of them on
 * 1 GiB of logs were a fifth of the run's collection time, and the new event, left unreferenced, dies young instead.
 * Only for Desktop events (one shape) that nothing else holds: a failure also sits in its failure group.
 */
function canTakeOver(replaced: TimelineEvent, event: TimelineEvent, cls: EventClass): boolean {
  return (
    cls !== 'failure' &&
    replaced.source === 'desktop-log' &&
    event.source === 'desktop-log' &&
    replaced.turnStatus === undefined &&
    event.turnStatus === undefined
  );
}

/**
 * Gives `target` every value of `from` (both Desktop events, which have the same properties; the sampling test checks
 * that each kept event equals the one it stands for). Field by field: Object.assign made folding 2-3 % slower.
 */
function takeOver(target: TimelineEvent, from: TimelineEvent): void {
  target.threadId = from.threadId;
  target.ts = from.ts;
  target.kind = from.kind;
  target.method = from.method;
  target.level = from.level;
  target.text = from.text;
  target.file = from.file;
  target.line = from.line;
  target.seq = from.seq;
  target.errorCode = from.errorCode;
  target.errorMessage = from.errorMessage;
  target.forkedFromId = from.forkedFromId;
  target.textAt = from.textAt;
}
