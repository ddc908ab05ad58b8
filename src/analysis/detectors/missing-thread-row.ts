import { primaryRollout, rolloutEvidence } from '../context.js';
import type { Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';

/** F3: a rollout with a readable `session_meta` whose id has no `threads` row. The rollout can rebuild the row. */
export const missingThreadRow: Detector = {
  kind: 'missing-thread-row',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok') return [];
    const backfill = ctx.stateDb.backfill?.status ?? null;
    const backfillIncomplete = backfill !== null && backfill !== 'complete';
    const findings: Finding[] = [];
    for (const [id, files] of ctx.rolloutsById) {
      if (ctx.rowsById.has(id) || !ctx.isSelected(id)) continue;
      // Only ids a session_meta vouches for: a name alone (empty or damaged file) is a different problem.
      // Legacy files (before Sept 2025) are never indexed by Codex: that is unreadable-rollout's business.
      const vouched = files.filter((f) => f.head.status === 'ok' && f.head.id === id && f.head.format === 'modern');
      const file = primaryRollout(vouched);
      if (file === null) continue;
      const logged = ctx.logTimelines.get(id)?.total ?? 0;
      findings.push(
        finding({
          kind: this.kind,
          severity: backfillIncomplete ? 'low' : 'medium',
          threadId: id,
          summary: `Rollout ${file.relPath} has no threads row${logged > 0 ? ` (the Desktop log mentions it ${logged === 1 ? 'once' : `${logged} times`})` : ''}`,
          cause:
            (backfillIncomplete ? `The state DB backfill is '${backfill}', so Codex may simply not have indexed this file yet. ` : '') +
            'The row was never written or was deleted: a state DB write failure, `thread/list` dropping a row whose rollout was briefly missing (stale_db_path_dropped, before July 2026; since openai/codex#35644 it keeps the row), or a reset state DB. Resume and fork then fail for it (openai/codex#20944). Recoverable: the rollout holds what the row needs.',
          evidence: vouched.map(rolloutEvidence),
        }),
      );
    }
    return findings;
  },
};
