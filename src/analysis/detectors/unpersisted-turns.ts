import { plural } from '../../util/plural.js';
import { eventEvidence, rolloutEvidence, primaryRollout } from '../context.js';
import { isLostAfter, lastPersistedMs, PERSISTENCE_TOLERANCE_MS, routedTurns, turnStatus } from '../turn-persistence.js';
import type { Finding } from '../../model/finding.js';
import type { TimelineEvent } from '../../model/timeline-event.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';

/**
 * A persisted conversation that got turns after the last thing that reached its rollout or row: resuming it will not
 * show those exchanges. Conversations with nothing on disk are unpersisted-conversation instead; compressed rollouts
 * cannot be judged from their tail and are left alone.
 */
export const unpersistedTurns: Detector = {
  kind: 'unpersisted-turns',
  detect(ctx) {
    const found: Finding[] = [];
    for (const [id, timeline] of ctx.logTimelines) {
      if (!ctx.isSelected(id) || !ctx.rolloutsById.has(id)) continue;
      const last = lastPersistedMs(ctx, id);
      if (last === null) continue;
      // Judged on every routed turn's time; the evidence can only cite the turn lines that were kept.
      const lostTimes = timeline.routedTurnTimes.filter((ts) => isLostAfter(ts, last));
      if (lostTimes.length === 0) continue;
      const lost = routedTurns(timeline.events).filter((t) => turnStatus(t, last) === 'unpersisted');
      const count = lostTimes.length;
      const firstMs = lostTimes.reduce((a, b) => Math.min(a, b));
      const finalMs = lostTimes.reduce((a, b) => Math.max(a, b));
      const file = primaryRollout(ctx.rolloutsById.get(id));
      const span = count === 1 ? `at ${iso(firstMs)}` : `from ${iso(firstMs)} to ${iso(finalMs)}`;
      const first = lost[0];
      const final = lost[lost.length - 1];
      found.push(
        finding({
          kind: this.kind,
          severity: 'high',
          threadId: id,
          count,
          summary: `${plural(count, 'turn')} routed ${span}, after the last write to disk at ${iso(last)}: resuming will not show ${count === 1 ? 'it' : 'them'}`,
          cause: `The Desktop log shows the requests succeed, but neither the rollout nor the threads row changed afterwards (allowing ${PERSISTENCE_TOLERANCE_MS / 1000} s for buffered writes). The app-server held these turns in memory only: a stuck or failed rollout writer, a crash before the flush, or a conversation swapped for an ephemeral copy.`,
          evidence: [
            ...(file ? [rolloutEvidence(file)] : []),
            ...[first, ...lost.slice(1, MAX_EVIDENCE - 2), final]
              .filter((e, i, all): e is TimelineEvent => e !== undefined && all.indexOf(e) === i)
              .map(eventEvidence),
          ],
        }),
      );
    }
    return found;
  },
};

function iso(ms: number | null): string {
  return ms === null ? 'an unknown time' : new Date(ms).toISOString();
}
