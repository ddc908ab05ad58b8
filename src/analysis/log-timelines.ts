import { matchErrorSignature } from './error-signatures.js';
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
  add(event: TimelineEvent): void;
  /** The timelines, with the kept events of sampled ones in reading order. Call once, after the last add. */
  finish(): Map<string, LogTimeline>;
}

/** Where each class's kept events sit in a timeline's sample slots: its first ones, then a ring of its last ones. */
const CLASSES: readonly EventClass[] = ['turn', 'failure', 'rare', 'routine', 'summary'];
const SLOT_BASE: Record<EventClass, number> = (() => {
  let base = 0;
  const bases = {} as Record<EventClass, number>;
  for (const cls of CLASSES) {
    bases[cls] = base;
    base += RETENTION[cls].first + RETENTION[cls].last;
  }
  return bases;
})();
const SLOTS = CLASSES.reduce((n, cls) => n + RETENTION[cls].first + RETENTION[cls].last, 0);

/**
 * What folding keeps per conversation besides its LogTimeline. A sample is a fixed array of slots and a count per
 * class: 20,000 conversations are folded at once, and per-class objects and arrays cost three times as much.
 */
interface FoldState {
  id: string;
  /** Events seen per class, in CLASSES order; null for a timeline that keeps everything. */
  seen: number[] | null;
  slots: (TimelineEvent | undefined)[] | null;
}

/** Folds log events, in reading order, into one LogTimeline per conversation. */
export function createLogTimelineFolder(opts: LogTimelineOptions): LogTimelineFolder {
  const timelines = new Map<string, LogTimeline>();
  const states = new Map<LogTimeline, FoldState>();
  const methods = new Map<string, string>();

  const timelineOf = (id: string): LogTimeline => {
    let timeline = timelines.get(id);
    if (timeline === undefined) {
      timeline = { events: [], total: 0, counts: new Map(), routedTurnTimes: [], firstTs: null, lastTs: null, forkedFromId: null, failures: [], complete: opts.keepAll(id) };
      timelines.set(id, timeline);
      states.set(timeline, { id: ownCopy(id), seen: timeline.complete ? null : CLASSES.map(() => 0), slots: timeline.complete ? null : new Array<TimelineEvent | undefined>(SLOTS).fill(undefined) });
    }
    return timeline;
  };

  /**
   * A kept event outlives the line it was parsed from: its strings must not be slices of that line, or each kept event
   * holds its whole line. Ids and methods repeat, so kept events share one copy of each.
   */
  const keep = (state: FoldState, event: TimelineEvent): TimelineEvent => {
    event.threadId = state.id;
    if (event.method !== null) {
      const method = methods.get(event.method) ?? ownCopy(event.method);
      methods.set(method, method);
      event.method = method;
    }
    if (event.forkedFromId !== null) event.forkedFromId = ownCopy(event.forkedFromId);
    return event;
  };

  return {
    add(event) {
      if (opts.since !== null && (event.ts === null || event.ts < opts.since)) return;
      if (opts.until !== null && (event.ts === null || event.ts > opts.until)) return;
      const timeline = timelineOf(event.threadId);
      const state = states.get(timeline)!;
      timeline.total += 1;
      const key = countKey(event.source, event.kind);
      timeline.counts.set(key, (timeline.counts.get(key) ?? 0) + 1);
      if (event.ts !== null) {
        if (timeline.firstTs === null || event.ts < timeline.firstTs) timeline.firstTs = event.ts;
        if (timeline.lastTs === null || event.ts > timeline.lastTs) timeline.lastTs = event.ts;
        if (isRoutedTurn(event)) timeline.routedTurnTimes.push(event.ts);
      }
      if (timeline.forkedFromId === null && event.forkedFromId !== null) timeline.forkedFromId = event.forkedFromId;
      if (event.kind === 'request-failed') addFailure(timeline, keep(state, event));
      if (state.slots === null || state.seen === null) {
        timeline.events.push(keep(state, event));
        return;
      }
      const cls = classOf(event);
      const index = CLASSES.indexOf(cls);
      const seen = state.seen[index]!;
      state.seen[index] = seen + 1;
      const { first, last } = RETENTION[cls];
      if (seen < first) state.slots[SLOT_BASE[cls] + seen] = keep(state, event);
      else if (last > 0) state.slots[SLOT_BASE[cls] + first + ((seen - first) % last)] = keep(state, event);
    },
    finish() {
      for (const [timeline, state] of states) {
        if (state.slots === null) continue;
        const kept = state.slots.filter((e): e is TimelineEvent => e !== undefined);
        timeline.events = kept.sort((a, b) => a.seq - b.seq);
        timeline.complete = kept.length === timeline.total;
      }
      states.clear();
      return timelines;
    },
  };
}

/** A string that shares no characters with the one given (a slice would keep the whole line it came from alive). */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function classOf(event: TimelineEvent): EventClass {
  if (event.source === 'log-db') return 'summary';
  if (event.kind === 'request-failed') return 'failure';
  if (isTurnEvent(event)) return 'turn';
  return ROUTINE_KINDS.has(event.kind) && event.forkedFromId === null ? 'routine' : 'rare';
}

function addFailure(timeline: LogTimeline, event: TimelineEvent): void {
  const signature = matchErrorSignature(event.errorMessage);
  const key = signature?.id ?? event.errorMessage ?? '';
  let group = timeline.failures.find((g) => !g.mixed && g.method === event.method && g.key === key);
  if (group === undefined && timeline.failures.length >= MAX_FAILURE_GROUPS) group = timeline.failures.find((g) => g.mixed);
  if (group === undefined) {
    const mixed = timeline.failures.length >= MAX_FAILURE_GROUPS;
    group = { method: mixed ? null : event.method, key: mixed ? '' : key, mixed, count: 0, events: [] };
    timeline.failures.push(group);
  }
  group.count += 1;
  if (group.events.length < FAILURE_EVIDENCE) group.events.push(event);
}
