import { rolloutEvidence, rowEvidence } from '../context.js';
import { parseRolloutFileName } from '../../sources/rollouts/file-name.js';
import type { Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';

/** F9: the id in a rollout's file name, its `session_meta.id` and the row pointing at it do not all agree. */
export const idMismatch: Detector = {
  kind: 'id-mismatch',
  detect(ctx) {
    const found: Finding[] = [];
    for (const file of ctx.sources.rollouts) {
      if (file.head.status !== 'ok' || file.name === null || file.name.id === file.head.id) continue;
      if (!ctx.isSelected(file.head.id) && !ctx.isSelected(file.name.id)) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'medium',
          threadId: file.head.id,
          summary: `${file.relPath} is named for ${file.name.id} but its session_meta says ${file.head.id}`,
          cause:
            'A copied or renamed file. Codex finds rollouts by the id in the name but trusts session_meta (B logs `mismatched_db_path`), so lookups by either id can land on the wrong conversation.',
          evidence: [rolloutEvidence(file)],
        }),
      );
    }
    if (ctx.stateDb.status === 'ok') {
      for (const check of ctx.rowPathById.values()) {
        if (check.kind !== 'file' || !ctx.isSelected(check.threadId)) continue;
        const nameId = parseRolloutFileName(check.recorded.split(/[\\/]/).pop() ?? '')?.id ?? null;
        if (nameId === null || nameId === check.threadId) continue;
        found.push(
          finding({
            kind: this.kind,
            severity: 'medium',
            threadId: check.threadId,
            summary: `threads row ${check.threadId} points at a rollout named for ${nameId}`,
            cause: "The row was pointed at another conversation's file (a bad repair or import). Resuming it opens the other conversation.",
            evidence: [rowEvidence(ctx.rowsById.get(check.threadId)!, ctx.stateDb.path)],
          }),
        );
      }
    }
    return found;
  },
};
