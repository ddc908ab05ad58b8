import { rowEvidence } from '../context.js';
import { isMigrationStagedName } from '../../sources/rollout-migration/read.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';

/**
 * C11: a legacy-to-paginated rollout migration that stopped midway: its `rollout-migrations/<id>.pending` journal is
 * still there. A finished migration leaves no journal (its `rollout_migration_state` row and the maintenance lock are
 * normal), so it is no finding.
 */
export const rolloutMigrationInterrupted: Detector = {
  kind: 'rollout-migration-interrupted',
  detect(ctx) {
    const files = ctx.sources.rolloutMigration;
    if (files === undefined || files === null) return [];
    const home = ctx.inputs.codexHome;
    const staged = (ctx.rolloutStats?.tempFiles ?? []).filter((rel) => isMigrationStagedName(rel.split('/').pop() ?? ''));
    const found: Finding[] = [];
    for (const journal of files.journals) {
      if (!ctx.isSelected(journal.threadId)) continue;
      const row = ctx.rowsById.get(journal.threadId);
      const rolloutName = row?.rolloutPath.split(/[\\/]/).pop() ?? null;
      const mine = staged.filter((rel) => rolloutName !== null && (rel.split('/').pop() ?? '').startsWith(`.${rolloutName}.`));
      const evidence: Evidence[] = [
        {
          source: 'codex-home',
          file: journal.path,
          line: 0,
          ts: journal.mtimeMs,
          text: `migration journal for ${journal.threadId}, written ${new Date(journal.mtimeMs).toISOString()}`,
        },
      ];
      for (const rel of mine)
        evidence.push({ source: 'rollout', file: home === null ? rel : `${home}/${rel}`, line: 0, ts: null, text: 'staged migration file' });
      if (row !== undefined && ctx.stateDb.status === 'ok') evidence.push(rowEvidence(row, ctx.stateDb.path));
      found.push(
        finding({
          kind: this.kind,
          severity: 'medium',
          threadId: journal.threadId,
          summary: `The legacy-to-paginated migration of this conversation's rollout was interrupted: its journal is still in ${'rollout-migrations/'}${mine.length > 0 ? `, with ${mine.length} staged file${mine.length === 1 ? '' : 's'} beside the rollout` : ''}`,
          cause:
            'Codex (`codex migrate-rollouts --apply`, or the background migration) rewrites a legacy rollout in place: staged file, projection, verification, atomic replace, then SQLite, with the journal as the handoff. A crash or kill in between leaves the journal; until Codex recovers it at its next start, the conversation can show doubled user input or miss turns (openai/codex#41814, openai/codex#37670). Keep a copy of the rollout and the journal, start Codex once and let it finish; do not delete the journal by hand.',
          evidence: evidence.slice(0, MAX_EVIDENCE),
        }),
      );
    }
    return found;
  },
};
