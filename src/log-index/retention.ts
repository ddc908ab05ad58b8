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

/**
 * Counts a failed request in its group (made when it is the first of its kind), keeping it while the group has room.
 * Past `maxGroups` kinds, the rest share the mixed group (a share's fold keeps more apart: MAX_SHARE_FAILURE_KINDS).
 */
export function addFailure(failures: FailureGroup[], event: TimelineEvent, maxGroups = MAX_FAILURE_GROUPS): void {
  const key = failureKey(event);
  let group = failures.find((g) => !g.mixed && g.method === event.method && g.key === key);
  if (group === undefined && failures.length >= maxGroups) group = failures.find((g) => g.mixed);
  if (group === undefined) {
    const mixed = failures.length >= maxGroups;
    group = { method: mixed ? null : event.method, key: mixed ? '' : key, mixed, count: 0, events: [] };
    failures.push(group);
  }
  group.count += 1;
  if (group.events.length < FAILURE_EVIDENCE) group.events.push(event);
}

/**
 * Kinds of failure a share's fold keeps apart per conversation. Which MAX_FAILURE_GROUPS kinds get a group of their
 * own is settled only when the shares are put together (the first ones met in the whole run): a share keeps every
 * kind it meets, up to this bound on its memory. Past it, the rest share its mixed group, which absorbFailures files
 * as mixed: the run's result then differs from a single pass only if a kind the run had grouped comes back after more
 * than this many others within one share.
 */
export const MAX_SHARE_FAILURE_KINDS = 1024;

/**
 * Adds a share's failure groups (in the order their first failures came) to the run's, as addFailure would have
 * added each failure in turn: a kind the run has goes to its group; a new one gets a group while there is room, else
 * goes to the mixed group, whose evidence is the first failures to land there, in reading order.
 */
export function absorbFailures(failures: FailureGroup[], share: readonly FailureGroup[]): void {
  const toMixed: FailureGroup[] = [];
  for (const g of share) {
    let group = g.mixed ? undefined : failures.find((f) => !f.mixed && f.method === g.method && f.key === g.key);
    if (group === undefined && !g.mixed && failures.filter((f) => !f.mixed).length < MAX_FAILURE_GROUPS) {
      group = { method: g.method, key: g.key, mixed: false, count: 0, events: [] };
      failures.push(group);
    }
    if (group === undefined) {
      toMixed.push(g);
      continue;
    }
    group.count += g.count;
    for (const event of g.events) if (group.events.length < FAILURE_EVIDENCE) group.events.push(event);
  }
  if (toMixed.length === 0) return;
  let mixed = failures.find((f) => f.mixed);
  if (mixed === undefined) {
    mixed = { method: null, key: '', mixed: true, count: 0, events: [] };
    failures.push(mixed);
  }
  for (const g of toMixed) mixed.count += g.count;
  const events = toMixed.flatMap((g) => g.events).sort((a, b) => a.seq - b.seq);
  for (const event of events) if (mixed.events.length < FAILURE_EVIDENCE) mixed.events.push(event);
}

function failureKey(event: TimelineEvent): string {
  return matchErrorSignature(event.errorMessage)?.id ?? event.errorMessage ?? '';
}
