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

interface Sample {
  first: TimelineEvent[];
  last: TimelineEvent[];
}

/** Folds log events, in reading order, into one LogTimeline per conversation. */
export function createLogTimelineFolder(opts: LogTimelineOptions): LogTimelineFolder {
  const timelines = new Map<string, LogTimeline>();
  const samples = new Map<LogTimeline, Partial<Record<EventClass, Sample>>>();

  const timelineOf = (id: string): LogTimeline => {
    let timeline = timelines.get(id);
    if (timeline === undefined) {
      timeline = { events: [], total: 0, counts: new Map(), routedTurnTimes: [], firstTs: null, lastTs: null, forkedFromId: null, failures: [], complete: opts.keepAll(id) };
      timelines.set(id, timeline);
      if (!timeline.complete) samples.set(timeline, {});
    }
    return timeline;
  };

  return {
    add(event) {
      if (opts.since !== null && (event.ts === null || event.ts < opts.since)) return;
      if (opts.until !== null && (event.ts === null || event.ts > opts.until)) return;
      const timeline = timelineOf(event.threadId);
      timeline.total += 1;
      const key = countKey(event.source, event.kind);
      timeline.counts.set(key, (timeline.counts.get(key) ?? 0) + 1);
      if (event.ts !== null) {
        if (timeline.firstTs === null || event.ts < timeline.firstTs) timeline.firstTs = event.ts;
        if (timeline.lastTs === null || event.ts > timeline.lastTs) timeline.lastTs = event.ts;
        if (isRoutedTurn(event)) timeline.routedTurnTimes.push(event.ts);
      }
      if (timeline.forkedFromId === null && event.forkedFromId !== null) timeline.forkedFromId = event.forkedFromId;
      if (event.kind === 'request-failed') addFailure(timeline, event);
      if (timeline.complete) {
        timeline.events.push(event);
        return;
      }
      const classes = samples.get(timeline)!;
      const cls = classOf(event);
      const sample = (classes[cls] ??= { first: [], last: [] });
      const limit = RETENTION[cls];
      if (sample.first.length < limit.first) sample.first.push(event);
      else {
        sample.last.push(event);
        if (sample.last.length > limit.last) sample.last.shift();
      }
    },
    finish() {
      for (const [timeline, classes] of samples) {
        const kept = Object.values(classes).flatMap((s) => [...s.first, ...s.last]);
        timeline.events = kept.sort((a, b) => a.seq - b.seq);
        timeline.complete = kept.length === timeline.total;
      }
      samples.clear();
      return timelines;
    },
  };
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
