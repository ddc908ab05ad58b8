import type { AnalysisContext } from './context.js';
import { rowUpdatedMs } from './timeline.js';
import { isRoutedTurn, type TimelineEvent } from '../model/timeline-event.js';

/**
 * How late a write may land after the Desktop log records the turn it belongs to. The app-server records the user's
 * turn in the rollout as it starts the turn, through a writer task that flushes each item; the write can trail the
 * routed response by scheduling delays of milliseconds to a second, and `updated_at` has one-second granularity. Both
 * clocks are the same machine's. Five seconds covers all of that and is still far below the minutes between turns.
 */
export const PERSISTENCE_TOLERANCE_MS = 5_000;

export type TurnStatus = 'persisted' | 'unpersisted' | 'unknown';

export function routedTurns(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events.filter(isRoutedTurn);
}

/**
 * The last moment anything of the conversation reached disk: the last line of its rollout (read from the tail), its
 * row's `updated_at`, or its last turn in `thread_history_1.sqlite`. Null when none of these can tell (a `.zst` rollout
 * without a history projection).
 */
export function lastPersistedMs(ctx: AnalysisContext, id: string): number | null {
  const files = ctx.rolloutsById.get(id) ?? [];
  let last: number | null = null;
  for (const file of files) {
    if (file.head.status !== 'ok' || file.head.id !== id) continue;
    const tail = file.tail;
    if (tail?.lastTs !== null && tail?.lastTs !== undefined) last = Math.max(last ?? tail.lastTs, tail.lastTs);
  }
  // The history projection records turns as they complete, compressed rollout or not.
  const projected = ctx.sources.threadHistory.threads.get(id)?.lastTurnMs ?? null;
  if (last === null) return projected;
  const row = ctx.rowsById.get(id);
  const updated = row ? rowUpdatedMs(row) : null;
  return Math.max(last, updated ?? last, projected ?? last);
}

/** Persisted when something reached disk at or after the turn (within the tolerance); unknown when we cannot tell. */
export function turnStatus(turn: TimelineEvent, lastPersisted: number | null): TurnStatus {
  if (lastPersisted === null || turn.ts === null) return 'unknown';
  return isLostAfter(turn.ts, lastPersisted) ? 'unpersisted' : 'persisted';
}

/** A turn routed at `ts` is lost when nothing reached disk at or after it, within the tolerance. */
export function isLostAfter(ts: number, lastPersisted: number): boolean {
  return ts > lastPersisted + PERSISTENCE_TOLERANCE_MS;
}
