import { isKnownOnDisk, rolloutEvidence } from '../context.js';
import type { Finding } from '../types.js';
import { finding, type Detector } from './detector.js';

/** F12: a persisted fork whose parent (`forked_from_id`) has neither a row nor a rollout. */
export const missingForkParent: Detector = {
  kind: 'missing-fork-parent',
  detect(ctx) {
    const found: Finding[] = [];
    for (const file of ctx.sources.rollouts) {
      const head = file.head;
      if (head.status !== 'ok' || head.forkedFromId === null || !ctx.isSelected(head.id)) continue;
      if (isKnownOnDisk(ctx, head.forkedFromId)) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'low',
          threadId: head.id,
          summary: `Fork of ${head.forkedFromId}, which has no threads row and no rollout`,
          cause: 'The parent was deleted, or was an ephemeral conversation. A legacy fork still opens (it holds a copy of the history); a paginated fork (history_base) fails with "missing source rollout".',
          evidence: [rolloutEvidence(file)],
        }),
      );
    }
    return found;
  },
};
