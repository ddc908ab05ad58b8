import { onceHadRollout } from '../../analysis/detectors/unpersisted-conversation.js';
import type { Finding, FindingKind } from '../../model/finding.js';
import { mdProse } from '../markdown-safe.js';

/** What a user can do about each kind of finding; the exact SQL comes from `codex-logs repair`. */
const ADVICE: Partial<Record<FindingKind, string>> = {
  'unpersisted-conversation':
    'Nothing on disk can restore these turns: the conversation was never written. Keep the Desktop logs as the only record. Side chats are ephemeral by design; upstream fixed the follow-up EISDIR failures in openai/codex#25661 (Desktop builds after 2026-06-01).',
  'unpersisted-turns':
    'The listed turns never reached disk and cannot be restored; the conversation resumes as it was before them. Copy anything you need from the still-open Desktop window before reloading it.',
  'missing-thread-row':
    "Recoverable. Quit Codex, then run `codex-logs repair --apply`: it backs up state_5.sqlite and its -wal/-shm, and inserts the row rebuilt from the rollout's session_meta. Run `codex-logs repair` without --apply first to read the SQL.",
  'missing-rollout-file':
    'If the rollout exists elsewhere, `codex-logs repair --apply` points rollout_path at it. Otherwise restore the file from a backup: Codex before July 2026 deleted such rows at its next thread/list (`stale_db_path_dropped`); newer builds keep the row but leave it out of the list (`stale_db_path_retained`, openai/codex#35644).',
  'empty-rollout-path': '`codex-logs repair --apply` points rollout_path at the rollout found for the id. Without a rollout, the row cannot be resumed.',
  'rollout-path-not-a-file': '`codex-logs repair --apply` points rollout_path at the rollout found for the id. Without a rollout, the row cannot be resumed.',
  'state-db-unreadable':
    'Make a copy of state_5.sqlite with its -wal and -shm while Codex is closed and attach it; `sqlite3 state_5.sqlite "PRAGMA integrity_check;"` tells whether it is damaged.',
  'no-persisted-state': 'Rerun with --codex-home pointing at the Codex home that belongs to these logs.',
  'history-projection-stall':
    'The rollout still holds every line: keep a copy of it. Do not edit it by hand. Report the evidence upstream (openai/codex#35746 and its siblings); until a fix, a fork from an earlier turn reads the history that was projected.',
  'active-writer-conflict':
    'Nothing is lost. Close the session that holds the thread (the terminal running `codex resume`, another Desktop window or app-server), then reopen the conversation. The lock files in thread-writer-locks/ are harmless; do not delete them while Codex runs.',
  'rollout-migration-interrupted':
    'Keep a copy of the rollout and of rollout-migrations/<id>.pending, then start Codex once and let it finish (or run `codex migrate-rollouts --thread <id> --apply`). Do not delete the journal by hand: it is how Codex completes or rolls back the migration.',
  'state-db-reset':
    'Rows come back by backfill. Names, pins, sections and projects are only in the backup: quit Codex, read them with `sqlite3 -readonly` from the backup and write them back to state_5.sqlite (thread_sections and projects rows first, then the threads columns), after backing it up. Keep the db-backups/ folder.',
  'request-failed': 'A symptom: see the finding named in explainedBy, which says what to do; without one, the error signature in the cause says what failed.',
  'unmaterialized-thread': 'Nothing to do: the conversation never got a message, so Codex never wrote it.',
  'rollout-path-outside-home':
    'Check where the path leads before trusting it: a copied or imported row. `codex-logs repair --apply` points rollout_path at a rollout found inside the home, when there is one.',
  'archive-mismatch': 'Archive or unarchive the conversation once more in Codex so the row and the folder agree again.',
  'id-mismatch': 'Rename the file (or point the row) so that name, session_meta and row agree; keep a copy first. Codex trusts session_meta.',
  'duplicate-rollout': 'Keep the file Codex opens (the plain one in sessions/) and move the others out of the home after checking they hold nothing newer.',
  'duplicate-rollout-path':
    "Only one of the rows can own the file: find the conversation the file's session_meta names and remove or repoint the other rows (back up state_5.sqlite first).",
  'missing-fork-parent': "A legacy fork still opens. A paginated fork needs its parent's rollout: restore it from a backup if there is one.",
  'missing-spawn-parent': 'The subagent still opens; its parent is gone. Nothing to repair unless the parent can be restored from a backup.',
  'stale-spawn-edge': 'Harmless: Codex closes the edge the next time the parent runs.',
  'unreadable-rollout':
    'Keep a copy of the file. A torn last line is dropped by Codex on the next write; a file without session_meta or with bad JSON cannot be resumed and needs restoring from a backup.',
  'unfinished-turn': 'The reply of that turn was never saved; resuming continues from the turn before it.',
  'time-skew': 'Usually harmless; check the machine clock or the tool that wrote the row.',
  'hidden-thread': 'The conversation still resumes by id (`codex resume <id>`); a first user message in the row (preview) makes the sidebar list it again.',
  'orphan-child-row': 'Harmless leftovers of deleted or lost threads; if the thread should exist, restore its row (`codex-logs repair`).',
  'backfill-incomplete': 'Let Codex run until its backfill finishes (backfill_state.status = complete), then analyse again.',
  'external-row': "Check with the tool that wrote the row; Codex reads it, but its values may not follow Codex's rules.",
  'compression-debris': 'Quit Codex; the temporary files can then be removed. A lock older than a day can be removed too.',
  'sidebar-catalog-missing':
    'Nothing is lost: each conversation still opens by id (`codex resume <id>` in a terminal, or the `codex://threads/<id>` link in Desktop). To bring them back into the sidebar, quit Codex completely and restart it, so Desktop reconciles its catalog; if they are still missing, quit Codex, move `sqlite/codex-dev.db` and its -wal/-shm out of the Codex home (keep the copy: it also holds Desktop-only state such as automations) and start Codex, which rebuilds the catalog from thread/list (per user reports; Desktop is closed source).',
};

/** For an unpersisted-conversation whose evidence shows it had a rollout once (onceHadRollout). */
const ONCE_PERSISTED_ADVICE =
  'The rollout existed once (the conversation was resumed days after it began) and is gone from this home: restore it from a backup, or copy it from the machine this home came from.';

/** `args`: the input arguments of the run (LOGS_DIR, --codex-home), already redacted, put into each command given. */
export function repairAdvice(findings: readonly Finding[], args = ''): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const once = onceHadRollout(f);
    const key = once ? `${f.kind} (rollout deleted or not copied)` : f.kind;
    if (f.kind === 'request-failed' || seen.has(key)) continue;
    seen.add(key);
    const advice = once ? ONCE_PERSISTED_ADVICE : (adviceFor(f.kind) ?? 'No automatic repair; see the cause above.');
    lines.push(
      `- **${key}**: ${mdProse(advice.replace(/`codex-logs repair( --apply)?`/g, (_m, apply: string | undefined) => `\`codex-logs repair${args === '' ? '' : ` ${args}`}${apply ?? ''}\``))}`,
    );
  }
  return lines;
}

/** The table's own entry only: a kind named like an Object method (`valueOf`, read from JSON, say) has none. */
function adviceFor(kind: string): string | undefined {
  return Object.hasOwn(ADVICE, kind) ? ADVICE[kind as FindingKind] : undefined;
}

/** What to do about a finding of `kind`, as `remedy` in JSON (the field codex doctor gives each issue). */
export function remedyFor(kind: string): string {
  return adviceFor(kind) ?? 'No automatic repair; see the cause.';
}
