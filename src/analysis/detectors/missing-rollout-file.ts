import { primaryRollout, rolloutEvidence, rowEvidence } from '../context.js';
import type { Finding } from '../../model/finding.js';
import type { RowPathCheck } from '../../model/report.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';
import { rowFinding } from './row-detector.js';

const CAUSE =
  'The rollout was moved or deleted after the row was written (or the home was copied without it). Codex before July 2026 deleted such rows at the next `thread/list` (stale_db_path_dropped); newer builds keep them but leave them out of the list (stale_db_path_retained, openai/codex#35644). Resume or fork fails with `no rollout found for thread id`.';

/** F4: a row whose `rollout_path` (and `<path>.zst`) names no file. */
export const missingRolloutFile: Detector = {
  kind: 'missing-rollout-file',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok') return [];
    const dbPath = ctx.stateDb.path;
    const dangling: RowPathCheck[] = [];
    for (const check of ctx.rowPathById.values()) {
      if (check.kind !== 'missing' || check.compressedKind === 'file' || !ctx.isSelected(check.threadId)) continue;
      dangling.push(check);
    }
    const stats = ctx.rolloutStats;
    const noRolloutRoots = stats !== null && !stats.sessionsRootExists && !stats.archivedRootExists;
    // One cause, one finding: a home copied without its sessions/ folder would otherwise list every row.
    if (noRolloutRoots && dangling.length > 1) {
      const examples = dangling.slice(0, MAX_EVIDENCE).map((check) => rowEvidence(ctx.rowsById.get(check.threadId)!, dbPath));
      return [
        finding({
          kind: this.kind,
          severity: 'high',
          threadId: null,
          count: dangling.length,
          threadIds: dangling.map((check) => check.threadId),
          summary: `${dangling.length} threads rows name rollout files that do not exist: this home has no sessions/ or archived_sessions/ folder`,
          cause: `${CAUSE} Here every rollout is absent, so the state DB was most likely copied without the rollout folders.`,
          evidence: examples,
        }),
      ];
    }
    return dangling.map((check): Finding => {
      const elsewhere = primaryRollout(ctx.rolloutsById.get(check.threadId));
      return rowFinding(this.kind, ctx.rowsById.get(check.threadId)!, dbPath, {
        severity: elsewhere === null ? 'high' : 'medium',
        summary:
          elsewhere === null
            ? `threads row points at ${check.recorded}, which does not exist, and no rollout for this id was found`
            : `threads row points at ${check.recorded}, which does not exist; the rollout is at ${elsewhere.relPath}`,
        cause:
          elsewhere === null
            ? `${CAUSE}${noRolloutRoots ? ' This home has no sessions/ or archived_sessions/ folder at all: the state DB was most likely copied without them.' : ''}`
            : 'The rollout moved (archive, unarchive or a manual move) without the row following. Codex falls back to a file search and repairs the path (read_repair_rollout_path), unless a `thread/list` of a build before July 2026 dropped the row first.',
        more: elsewhere ? [rolloutEvidence(elsewhere)] : [],
      });
    });
  },
};
