import { matchErrorSignature } from '../../model/error-signatures.js';
import type { LogTimeline } from '../../model/log-timeline.js';
import type { TimelineEvent } from '../../model/timeline-event.js';

/** A conversation's logged errors (failed requests and kept error lines) whose signature is one of `ids`, in time order. */
export function errorEventsOf(timeline: LogTimeline, ids: ReadonlySet<string>): TimelineEvent[] {
  const seen = new Set<TimelineEvent>();
  for (const event of [...timeline.failures.flatMap((g) => g.events), ...timeline.events]) {
    const id = matchErrorSignature(event.errorMessage)?.id;
    if (id !== undefined && ids.has(id)) seen.add(event);
  }
  return [...seen].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || a.seq - b.seq);
}

/** How many times those errors happened: failure groups count every repeat, kept lines count once. */
export function errorCountOf(timeline: LogTimeline, ids: ReadonlySet<string>): number {
  let n = 0;
  for (const g of timeline.failures) {
    const id = matchErrorSignature(g.events[0]?.errorMessage ?? null)?.id;
    if (!g.mixed && id !== undefined && ids.has(id)) n += g.count;
  }
  const failed = new Set(timeline.failures.flatMap((g) => g.events));
  for (const e of timeline.events) {
    const id = matchErrorSignature(e.errorMessage)?.id;
    if (!failed.has(e) && id !== undefined && ids.has(id)) n += 1;
  }
  return n;
}
