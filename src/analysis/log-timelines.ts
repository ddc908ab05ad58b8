import { matchErrorSignature } from './error-signatures.js';
import { ownCopy } from './own-copy.js';
import { isRoutedTurn, isTurnEvent, TURN_KINDS } from './turn-persistence.js';
import type { EventKind, EventSource, TimelineEvent } from './types.js';

/**
 * What the analysis keeps of one conversation's log events. Months of Desktop logs hold millions of events, so for
 * most conversations only a sample of the events is kept, chosen for evidence and display; everything the detectors
 * count or compare is kept whole, in a few numbers per conversation. Memory then grows with the number of
 * conversations (and the turns people typed), not with the size of the logs.
 */
export interface LogTimeline {
  /** Kept events in the order they were read: every event when `complete`, else a sample (see RETENTION). */
  events: TimelineEvent[];
  /** Every event read, kept or not. */
  total: number;
  /**
   * Events read per `source/kind`, e.g. `desktop-log/turn-start`. A Map: as an object, whose keys arrive in a
   * different order for each conversation, every timeline got hidden classes of its own and each count was a slow
   * dictionary write, a tenth of a 1 GiB run.
   */
  counts: Map<string, number>;
  /** The time of every turn the Desktop log routed (`turn/start`, `thread/inject_items`), kept or not. */
  routedTurnTimes: number[];
  firstTs: number | null;
  lastTs: number | null;
  /** The parent the first fork line names. */
  forkedFromId: string | null;
  /** Failed requests grouped by method and error signature, with exact counts and the first few events. */
  failures: FailureGroup[];
  complete: boolean;
}

export interface FailureGroup {
  /** The group past MAX_FAILURE_GROUPS that holds every further kind of failure. */
  mixed: boolean;
  method: string | null;
  /** Error signature id when one matched, else the logged message. */
  key: string;
  count: number;
  events: TimelineEvent[];
}

type EventClass = 'turn' | 'failure' | 'routine' | 'rare' | 'summary';

/**
 * How many events of each class a sampled timeline keeps: the first ones (how it began) and the last ones (where it
 * stands). Turns get most, as the persistence findings cite them; routine requests (`thread/read`, `thread/list`, …)
 * the fewest, as they are only ever counted.
 */
const RETENTION: Record<EventClass, { first: number; last: number }> = {
  turn: { first: 3, last: 2 },
  failure: { first: 3, last: 2 },
  rare: { first: 2, last: 1 },
  routine: { first: 1, last: 0 },
  // A log database gives one event per thread, which stands for all its lines there.
  summary: { first: 1, last: 0 },
};

/** Failed requests whose first events are kept per group, for evidence; their count is always exact. */
const FAILURE_EVIDENCE = 8;
/** Distinct failure groups per conversation; failures beyond share one group, still counted. */
const MAX_FAILURE_GROUPS = 32;

const ROUTINE_KINDS: ReadonlySet<EventKind> = new Set(['read', 'request', 'log', 'resume']);

/** Keys made once: building the string for every event costs more than the rest of counting it. */
const COUNT_KEYS: Partial<Record<EventSource, Partial<Record<EventKind, string>>>> = {};

export function countKey(source: EventSource, kind: EventKind): string {
  const bySource = (COUNT_KEYS[source] ??= {});
  return (bySource[kind] ??= `${source}/${kind}`);
}

export function countOf(timeline: LogTimeline, source: EventSource, kind: EventKind): number {
  return timeline.counts.get(countKey(source, kind)) ?? 0;
}

/** Events of a kind from every source. */
export function countOfKind(timeline: LogTimeline, kind: EventKind): number {
  let n = 0;
  for (const [key, count] of timeline.counts) if (key.endsWith(`/${kind}`)) n += count;
  return n;
}

/** Turns from any source: routed requests, app-server user input, prompts the user submitted. */
export function turnCount(timeline: LogTimeline): number {
  return TURN_KINDS.reduce((n, kind) => n + countOfKind(timeline, kind), 0);
}

export interface LogTimelineOptions {
  since: number | null;
  until: number | null;
  /** Conversations whose every event is kept (those a timeline or report will show). */
  keepAll: (threadId: string) => boolean;
}

export interface LogTimelineFolder {
  /**
   * `idKey`, when known, is a small number that stands for the event's thread id for the whole run (the same number,
   * the same id; see plainLineIdKey): the conversation is then found in an array instead of a Map.
   */
  add(event: TimelineEvent, idKey?: number): void;
  /** The timelines, with the kept events of sampled ones in reading order. Call once, after the last add. */
  finish(): Map<string, LogTimeline>;
}

/** Where each class's kept events sit in a timeline's sample slots: its first ones, then a ring of its last ones. */
const CLASSES: readonly EventClass[] = ['turn', 'failure', 'rare', 'routine', 'summary'];
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
 * Everything folding keeps of one conversation, in as few objects as possible: 20,000 conversations are folded at
 * once in random order, and each object an event touches is a likely cache miss (separate maps for state and counts,
 * and a Sample per class, made folding three times slower). Becomes a LogTimeline in finish().
 */
interface Fold {
  id: string;
  total: number;
  /**
   * NaN until an event has a time, then always a number: as `number | null` every new time was a new boxed number
   * (a million, each held from an old object by a young one), where a field that only ever holds numbers is
   * updated in place.
   */
  firstTs: number;
  lastTs: number;
  forkedFromId: string | null;
  /** Events per class (first CLASSES.length entries), then per `source/kind` at its COUNT_SLOTS slot. */
  counts: number[];
  routedTurnTimes: number[];
  failures: FailureGroup[];
  /** Every event, for a conversation kept whole; else null. */
  all: TimelineEvent[] | null;
  /** The sample (SLOT_BASE layout) of a sampled conversation; else null. */
  slots: (TimelineEvent | undefined)[] | null;
}

/** Folds log events, in reading order, into one LogTimeline per conversation. */
export function createLogTimelineFolder(opts: LogTimelineOptions): LogTimelineFolder {
  const folds = new Map<string, Fold>();
  // A Map lookup per event, its hash table and keys scattered over the heap, was a sixth of folding a million events.
  let foldsByKey: (Fold | undefined)[] = [];
  const methods = new Map<string, string>();

  const foldOf = (id: string): Fold => {
    let fold = folds.get(id);
    if (fold === undefined) {
      const whole = opts.keepAll(id);
      fold = {
        id: ownCopy(id),
        total: 0,
        firstTs: Number.NaN,
        lastTs: Number.NaN,
        forkedFromId: null,
        counts: CLASSES.map(() => 0),
        routedTurnTimes: [],
        failures: [],
        all: whole ? [] : null,
        slots: whole ? null : new Array<TimelineEvent | undefined>(SLOTS).fill(undefined),
      };
      folds.set(id, fold);
    }
    return fold;
  };

  /**
   * A kept event outlives the line it was parsed from: its strings must not be slices of that line, or each kept event
   * holds its whole line. Ids and methods repeat, so kept events share one copy of each.
   */
  const keep = (fold: Fold, event: TimelineEvent): TimelineEvent => {
    event.threadId = fold.id;
    if (event.method !== null) {
      const method = methods.get(event.method) ?? ownCopy(event.method);
      methods.set(method, method);
      event.method = method;
    }
    if (event.forkedFromId !== null) event.forkedFromId = ownCopy(event.forkedFromId);
    return event;
  };

  return {
    add(event, idKey = -1) {
      if (opts.since !== null && (event.ts === null || event.ts < opts.since)) return;
      if (opts.until !== null && (event.ts === null || event.ts > opts.until)) return;
      let fold = idKey >= 0 ? foldsByKey[idKey] : undefined;
      if (fold === undefined) {
        fold = foldOf(event.threadId);
        if (idKey >= 0) foldsByKey[idKey] = fold;
      }
      fold.total += 1;
      const slot = countSlot(countKey(event.source, event.kind));
      fold.counts[slot] = (fold.counts[slot] ?? 0) + 1;
      if (event.ts !== null) {
        if (!(event.ts >= fold.firstTs)) fold.firstTs = event.ts;
        if (!(event.ts <= fold.lastTs)) fold.lastTs = event.ts;
        if (isRoutedTurn(event)) fold.routedTurnTimes.push(event.ts);
      }
      if (fold.forkedFromId === null && event.forkedFromId !== null) fold.forkedFromId = event.forkedFromId;
      if (event.kind === 'request-failed') addFailure(fold.failures, keep(fold, event));
      if (fold.all !== null) {
        fold.all.push(keep(fold, event));
        return;
      }
      const cls = classOf(event);
      const index = CLASSES.indexOf(cls);
      const seen = fold.counts[index]!;
      fold.counts[index] = seen + 1;
      const { first, last } = RETENTION[cls];
      if (seen < first) {
        fold.slots![SLOT_BASE[cls] + seen] = keep(fold, event);
      } else if (last > 0) {
        const at = SLOT_BASE[cls] + first + ((seen - first) % last);
        const replaced = fold.slots![at];
        if (replaced !== undefined && canTakeOver(replaced, event, cls)) takeOver(replaced, keep(fold, event));
        else fold.slots![at] = keep(fold, event);
      }
    },
    finish() {
      foldsByKey = [];
      // Keys in one order for every conversation, whatever order its events came in.
      const keys = [...COUNT_SLOTS].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const timelines = new Map<string, LogTimeline>();
      for (const [id, fold] of folds) {
        // Each fold goes as its timeline comes, so the two never all live at once.
        folds.delete(id);
        const events = fold.all ?? fold.slots!.filter((e): e is TimelineEvent => e !== undefined).sort((a, b) => a.seq - b.seq);
        const counts = new Map<string, number>();
        for (const [key, slot] of keys) if ((fold.counts[slot] ?? 0) > 0) counts.set(key, fold.counts[slot]!);
        timelines.set(id, {
          events,
          total: fold.total,
          counts,
          // A copy sized to fit: a grown array keeps up to half again as many slots as it holds.
          routedTurnTimes: fold.routedTurnTimes.slice(),
          firstTs: Number.isNaN(fold.firstTs) ? null : fold.firstTs,
          lastTs: Number.isNaN(fold.lastTs) ? null : fold.lastTs,
          forkedFromId: fold.forkedFromId,
          failures: fold.failures,
          complete: events.length === fold.total,
        });
      }
      return timelines;
    },
  };
}

/**
 * Whether the event a sample is about to drop can take the new one's values instead of being replaced by it. A kept
 * event lives long enough to be moved to the old generation; replaced there for each new turn, 350,000 of them on
 * 1 GiB of logs were a fifth of the run's collection time, and the new event, left unreferenced, dies young instead.
 * Only for Desktop events (one shape) that nothing else holds: a failure also sits in its failure group.
 */
function canTakeOver(replaced: TimelineEvent, event: TimelineEvent, cls: EventClass): boolean {
  return cls !== 'failure' && replaced.source === 'desktop-log' && event.source === 'desktop-log' && replaced.turnStatus === undefined && event.turnStatus === undefined;
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

function classOf(event: TimelineEvent): EventClass {
  if (event.source === 'log-db') return 'summary';
  if (event.kind === 'request-failed') return 'failure';
  if (isTurnEvent(event)) return 'turn';
  return ROUTINE_KINDS.has(event.kind) && event.forkedFromId === null ? 'routine' : 'rare';
}

function addFailure(failures: FailureGroup[], event: TimelineEvent): void {
  const signature = matchErrorSignature(event.errorMessage);
  const key = signature?.id ?? event.errorMessage ?? '';
  let group = failures.find((g) => !g.mixed && g.method === event.method && g.key === key);
  if (group === undefined && failures.length >= MAX_FAILURE_GROUPS) group = failures.find((g) => g.mixed);
  if (group === undefined) {
    const mixed = failures.length >= MAX_FAILURE_GROUPS;
    group = { method: mixed ? null : event.method, key: mixed ? '' : key, mixed, count: 0, events: [] };
    failures.push(group);
  }
  group.count += 1;
  if (group.events.length < FAILURE_EVIDENCE) group.events.push(event);
}
