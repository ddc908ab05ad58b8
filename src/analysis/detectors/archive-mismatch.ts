import { primaryRollout, rolloutEvidence } from '../context.js';
import { rowDetector } from './row-detector.js';

/** F8: the row's `archived` disagrees with the root its rollout is in, or with `archived_at`. */
export const archiveMismatch = rowDetector({
  kind: 'archive-mismatch',
  judge: (ctx) => (row) => {
    const file = primaryRollout(ctx.rolloutsById.get(row.id));
    const fileArchived = file === null ? null : file.root === 'archived_sessions';
    const problems: string[] = [];
    if (fileArchived !== null && fileArchived !== row.archived) {
      problems.push(row.archived ? 'the row is archived but its rollout is in sessions/' : 'the row is not archived but its rollout is in archived_sessions/');
    }
    if (ctx.stateDb.threadColumns.includes('archived_at') && row.archived !== (row.archivedAt !== null)) {
      problems.push(row.archived ? 'archived = 1 but archived_at is empty' : `archived = 0 but archived_at is set`);
    }
    if (problems.length === 0) return null;
    return {
      severity: 'low',
      summary: problems.join('; '),
      cause:
        'An archive or unarchive was interrupted between moving the file and updating the row (or the reverse). The sidebar and `thread/list` disagree about where the conversation is.',
      more: file ? [rolloutEvidence(file)] : [],
    };
  },
  grouped: (n) => `${n} threads rows disagree with their rollout's folder or archived_at about being archived`,
});
