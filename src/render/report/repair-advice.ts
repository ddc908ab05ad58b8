import type { Finding } from '../../analysis/types.js';

/** What a user can do about each kind of finding; the exact SQL comes from `codex-logs repair`. */
const ADVICE: Record<string, string> = {
  'unpersisted-conversation':
    'Nothing on disk can restore these turns: the conversation was never written. Keep the Desktop logs as the only record. Side chats are ephemeral by design; upstream fixed the follow-up EISDIR failures in openai/codex#25661 (Desktop builds after 2026-06-01).',
  'unpersisted-turns':
    'The listed turns never reached disk and cannot be restored; the conversation resumes as it was before them. Copy anything you need from the still-open Desktop window before reloading it.',
  'missing-thread-row':
    'Recoverable. Quit Codex, then run `codex-logs repair --apply`: it backs up state_5.sqlite and its -wal/-shm, and inserts the row rebuilt from the rollout\'s session_meta. Run `codex-logs repair` without --apply first to read the SQL.',
  'missing-rollout-file':
    'If the rollout exists elsewhere, `codex-logs repair --apply` points rollout_path at it. Otherwise restore the file from a backup: Codex before July 2026 deleted such rows at its next thread/list (`stale_db_path_dropped`); newer builds keep the row but leave it out of the list (`stale_db_path_retained`, #35644).',
  'empty-rollout-path': '`codex-logs repair --apply` points rollout_path at the rollout found for the id. Without a rollout, the row cannot be resumed.',
  'rollout-path-not-a-file': '`codex-logs repair --apply` points rollout_path at the rollout found for the id. Without a rollout, the row cannot be resumed.',
  'state-db-unreadable': 'Make a copy of state_5.sqlite with its -wal and -shm while Codex is closed and attach it; `sqlite3 state_5.sqlite "PRAGMA integrity_check;"` tells whether it is damaged.',
  'no-persisted-state': 'Rerun with --codex-home pointing at the Codex home that belongs to these logs.',
  'history-projection-stall':
    'The rollout still holds every line: keep a copy of it. Do not edit it by hand. Report the evidence upstream (openai/codex#35746 and its siblings); until a fix, a fork from an earlier turn reads the history that was projected.',
  'active-writer-conflict':
    'Nothing is lost. Close the session that holds the thread (the terminal running `codex resume`, another Desktop window or app-server), then reopen the conversation. The lock files in thread-writer-locks/ are harmless; do not delete them while Codex runs.',
  'rollout-migration-interrupted':
    'Keep a copy of the rollout and of rollout-migrations/<id>.pending, then start Codex once and let it finish (or run `codex migrate-rollouts --thread <id> --apply`). Do not delete the journal by hand: it is how Codex completes or rolls back the migration.',
  'state-db-reset':
    'Rows come back by backfill. Names, pins, sections and projects are only in the backup: quit Codex, read them with `sqlite3 -readonly` from the backup and write them back to state_5.sqlite (thread_sections and projects rows first, then the threads columns), after backing it up. Keep the db-backups/ folder.',
  'sidebar-catalog-missing':
    'Nothing is lost: each conversation still opens by id (`codex resume <id>` in a terminal, or the `codex://threads/<id>` link in Desktop). To bring them back into the sidebar, quit Codex completely and restart it, so Desktop reconciles its catalog; if they are still missing, quit Codex, move `sqlite/codex-dev.db` and its -wal/-shm out of the Codex home (keep the copy: it also holds Desktop-only state such as automations) and start Codex, which rebuilds the catalog from thread/list (per user reports; Desktop is closed source).',
};

export function repairAdvice(findings: readonly Finding[]): string[] {
  const kinds = [...new Set(findings.map((f) => f.kind))].filter((k) => k !== 'request-failed');
  return kinds.map((kind) => `- **${kind}**: ${ADVICE[kind] ?? 'No automatic repair; see the cause above.'}`);
}
