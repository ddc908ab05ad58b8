/**
 * What the fold (fold.ts) keeps of a conversation's log events when it keeps a sample, as most conversations are
 * kept (those to be shown whole keep every event). Every event is counted, kept or not; each falls in a class, and
 * each class keeps its first few and its last few events. Failed requests are also grouped by method and error
 * signature, with exact counts and their first events as evidence.
 */
import { matchErrorSignature } from '../model/error-signatures.js';
import type { FailureGroup } from '../model/log-timeline.js';
import { isTurnEvent, type EventKind, type TimelineEvent } from '../model/timeline-event.js';

export type EventClass = 'turn' | 'failure' | 'routine' | 'rare' | 'summary';

/**
 * How many events of each class a sampled timeline keeps: the first ones (how it began) and the last ones (where it
 * stands). Turns get most, as the persistence findings cite them; routine requests (`thread/read`, `thread/list`, …)
 * the fewest, as they are only ever counted.
 */
export const RETENTION: Record<EventClass, { first: number; last: number }> = {
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

/** The classes in the order of a sample's slots. */
export const CLASSES: readonly EventClass[] = ['turn', 'failure', 'rare', 'routine', 'summary'];

/** The class an event is kept by. */
export function classOf(event: TimelineEvent): EventClass {
  if (event.source === 'log-db') return 'summary';
  if (event.kind === 'request-failed') return 'failure';
  if (isTurnEvent(event)) return 'turn';
  return ROUTINE_KINDS.has(event.kind) && event.forkedFromId === null ? 'routine' : 'rare';
}

/** Counts a failed request in its group (made when it is the first of its kind), keeping it while the group has room. */
export function addFailure(failures: FailureGroup[], event: TimelineEvent): void {
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
