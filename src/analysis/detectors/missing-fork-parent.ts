import { isKnownOnDisk, rolloutEvidence } from '../context.js';
import { rolloutIdOf } from '../reverts.js';
import type { Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';

/**
 * F12: a persisted fork whose parent (`forked_from_id`) has neither a row nor a rollout, or a paginated fork whose
 * `history_base` names a rollout that is on no disk. `history_base.thread_id` holds a rollout id (#38127): the thread
 * id of an ordinary rollout, the second id in a reverted thread's file name.
 */
export const missingForkParent: Detector = {
  kind: 'missing-fork-parent',
  detect(ctx) {
    const found: Finding[] = [];
    let rolloutIds: Set<string | null> | null = null;
    for (const file of ctx.sources.rollouts) {
      const head = file.head;
      if (head.status !== 'ok' || !ctx.isSelected(head.id)) continue;
      if (head.forkedFromId !== null && !isKnownOnDisk(ctx, head.forkedFromId)) {
        found.push(
          finding({
            kind: this.kind,
            severity: 'low',
            threadId: head.id,
            summary: `Fork of ${head.forkedFromId}, which has no threads row and no rollout`,
            cause:
              'The parent was deleted, or was an ephemeral conversation. A legacy fork still opens (it holds a copy of the history); a paginated fork (history_base) fails with "missing source rollout".',
            evidence: [rolloutEvidence(file)],
          }),
        );
        continue;
      }
      const base = head.historyBase;
      if (base === undefined || base.rolloutId === rolloutIdOf(file)) continue;
      rolloutIds ??= new Set(ctx.sources.rollouts.map(rolloutIdOf));
      if (rolloutIds.has(base.rolloutId)) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'medium',
          threadId: head.id,
          summary: `Paginated history inherits from rollout ${base.rolloutId}, which is on no disk`,
          cause:
            'The rollout that holds the inherited prefix (session_meta.history_base) was deleted or never synced. Codex cannot load the history: "invalid paginated history lineage … missing source rollout".',
          evidence: [rolloutEvidence(file)],
        }),
      );
    }
    return found;
  },
};
