import { eventEvidence, rolloutEvidence, primaryRollout } from '../context.js';
import { lastPersistedMs, PERSISTENCE_TOLERANCE_MS, routedTurns, turnStatus } from '../turn-persistence.js';
import type { Finding } from '../types.js';
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
    for (const [id, events] of ctx.logTimelines) {
      if (!ctx.isSelected(id) || !ctx.rolloutsById.has(id)) continue;
      const last = lastPersistedMs(ctx, id);
      const lost = routedTurns(events).filter((t) => turnStatus(t, last) === 'unpersisted');
      if (lost.length === 0 || last === null) continue;
      const first = lost[0]!;
      const final = lost[lost.length - 1]!;
      const file = primaryRollout(ctx.rolloutsById.get(id));
      const span = lost.length === 1 ? `at ${iso(first.ts)}` : `from ${iso(first.ts)} to ${iso(final.ts)}`;
      found.push(
        finding({
          kind: this.kind,
          severity: 'high',
          threadId: id,
          count: lost.length,
          summary: `${lost.length} turn${lost.length === 1 ? '' : 's'} routed ${span}, after the last write to disk at ${iso(last)}: resuming will not show ${lost.length === 1 ? 'it' : 'them'}`,
          cause: `The Desktop log shows the requests succeed, but neither the rollout nor the threads row changed afterwards (allowing ${PERSISTENCE_TOLERANCE_MS / 1000} s for buffered writes). The app-server held these turns in memory only: a stuck or failed rollout writer, a crash before the flush, or a conversation swapped for an ephemeral copy.`,
          evidence: [...(file ? [rolloutEvidence(file)] : []), ...[first, ...lost.slice(1, MAX_EVIDENCE - 2), final].filter((e, i, all) => all.indexOf(e) === i).map(eventEvidence)],
        }),
      );
    }
    return found;
  },
};

function iso(ms: number | null): string {
  return ms === null ? 'an unknown time' : new Date(ms).toISOString();
}
