import { rolloutEvidence } from '../context.js';
import type { Finding } from '../types.js';
import { finding, type Detector } from './detector.js';

/** F10: more than one rollout file for an id: both roots, `.jsonl` beside `.jsonl.zst`, or `(1)` copies (#39853). */
export const duplicateRollout: Detector = {
  kind: 'duplicate-rollout',
  detect(ctx) {
    const found: Finding[] = [];
    for (const [id, files] of ctx.rolloutsById) {
      // rolloutsById also files a rollout under the id in its name; only files whose session_meta says this id count.
      const own = files.filter((f) => (f.head.status === 'ok' ? f.head.id === id : f.name?.id === id));
      if (own.length < 2 || !ctx.isSelected(id)) continue;
      const kinds = new Set<string>();
      if (new Set(own.map((f) => f.root)).size > 1) kinds.add('in both sessions/ and archived_sessions/');
      if (own.some((f) => f.name?.compressed) && own.some((f) => !f.name?.compressed)) kinds.add('plain and .zst (Codex reads the plain one)');
      if (own.some((f) => f.name?.copyIndex !== null && f.name?.copyIndex !== undefined)) kinds.add('with "(N)" copies');
      found.push(
        finding({
          kind: this.kind,
          severity: 'low',
          threadId: id,
          count: own.length,
          summary: `${own.length} rollout files for one conversation${kinds.size > 0 ? `: ${[...kinds].join(', ')}` : ''}`,
          cause: 'An interrupted archive, unarchive or compression, or a copy made by hand or by a sync tool. Codex opens one of them; the others are stale and may hide newer turns.',
          evidence: own.map(rolloutEvidence),
        }),
      );
    }
    return found;
  },
};
