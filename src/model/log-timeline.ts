import { TURN_KINDS, type EventKind, type EventSource, type TimelineEvent } from './timeline-event.js';

/**
 * What the analysis keeps of one conversation's log events. Months of Desktop logs hold millions of events, so for
 * most conversations only a sample of the events is kept, chosen for evidence and display; everything the detectors
 * count or compare is kept whole, in a few numbers per conversation. Memory then grows with the number of
 * conversations (and the turns people typed), not with the size of the logs.
 */
export interface LogTimeline {
  /** Kept events in the order they were read: every event when `complete`, else a sample (log-index/retention.ts). */
  events: TimelineEvent[];
  /** Every event read, kept or not. */
  total: number;
  /**
   * Events read per `source/kind`, e.g. `desktop-log/turn-start`, keys in sorted order. A plain object made once, when
   * the folding is done (counting happens in the folder's rows), which the report shares rather than copies: a Map per
   * conversation was several times the size, and there can be 100,000 conversations.
   */
  counts: Readonly<Record<string, number>>;
  /** The time of every turn the Desktop log routed (`turn/start`, `thread/inject_items`), kept or not. */
  routedTurnTimes: readonly number[];
  firstTs: number | null;
  lastTs: number | null;
  /** The parent the first fork line names. */
  forkedFromId: string | null;
  /** Failed requests grouped by method and error signature, with exact counts and the first few events. */
  failures: readonly FailureGroup[];
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

/** Keys made once: building the string for every event costs more than the rest of counting it. */
const COUNT_KEYS: Partial<Record<EventSource, Partial<Record<EventKind, string>>>> = {};

export function countKey(source: EventSource, kind: EventKind): string {
  const bySource = (COUNT_KEYS[source] ??= {});
  return (bySource[kind] ??= `${source}/${kind}`);
}

export function countOf(timeline: LogTimeline, source: EventSource, kind: EventKind): number {
  return timeline.counts[countKey(source, kind)] ?? 0;
}

/** Events of a kind from every source. */
export function countOfKind(timeline: LogTimeline, kind: EventKind): number {
  let n = 0;
  for (const key in timeline.counts) if (key.endsWith(`/${kind}`)) n += timeline.counts[key]!;
  return n;
}

/** Turns from any source: routed requests, app-server user input, prompts the user submitted. */
export function turnCount(timeline: LogTimeline): number {
  return TURN_KINDS.reduce((n, kind) => n + countOfKind(timeline, kind), 0);
}
