import { onceHadRollout } from '../../analysis/detectors/unpersisted-conversation.js';
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
    'If the rollout exists elsewhere, `codex-logs repair --apply` points rollout_path at it. Otherwise restore the file from a backup before Codex\'s next thread/list drops the row.',
  'empty-rollout-path': '`codex-logs repair --apply` points rollout_path at the rollout found for the id. Without a rollout, the row cannot be resumed.',
  'rollout-path-not-a-file': '`codex-logs repair --apply` points rollout_path at the rollout found for the id. Without a rollout, the row cannot be resumed.',
  'state-db-unreadable': 'Make a copy of state_5.sqlite with its -wal and -shm while Codex is closed and attach it; `sqlite3 state_5.sqlite "PRAGMA integrity_check;"` tells whether it is damaged.',
  'no-persisted-state': 'Rerun with --codex-home pointing at the Codex home that belongs to these logs.',
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
    const advice = once ? ONCE_PERSISTED_ADVICE : ADVICE[f.kind] ?? 'No automatic repair; see the cause above.';
    lines.push(`- **${key}**: ${advice.replace(/`codex-logs repair( --apply)?`/g, (_m, apply: string | undefined) => `\`codex-logs repair${args === '' ? '' : ` ${args}`}${apply ?? ''}\``)}`);
  }
  return lines;
}
