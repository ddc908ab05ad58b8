/**
 * Error texts that Codex's app-server returns for thread requests (codex-formats.md §4, F21), as data: each names
 * what it means and which persistence findings explain it. Order matters: the first match wins.
 */
export interface ErrorSignature {
  id: string;
  pattern: RegExp;
  meaning: string;
  /** Finding kinds on the same conversation that explain this error, most specific first. */
  explainedBy: readonly string[];
}

export const ERROR_SIGNATURES: readonly ErrorSignature[] = [
  {
    id: 'eisdir',
    pattern: /Is a directory \(os error 21\)|path is a directory/,
    meaning:
      'the app-server was asked to read a directory as a rollout: Desktop sent CODEX_HOME (or an empty path) as `path` for a conversation it has no rollout for (#20944, fixed upstream by #25661)',
    explainedBy: ['rollout-path-not-a-file', 'empty-rollout-path', 'unpersisted-conversation', 'missing-thread-row', 'missing-rollout-file'],
  },
  {
    id: 'access-denied',
    pattern: /Access is denied\. \(os error 5\)/,
    meaning: 'the Windows form of the EISDIR failure: CODEX_HOME was read as a rollout (#20944)',
    explainedBy: ['rollout-path-not-a-file', 'empty-rollout-path', 'unpersisted-conversation', 'missing-thread-row', 'missing-rollout-file'],
  },
  {
    id: 'no-rollout',
    pattern: /no rollout found for thread id/,
    meaning: 'neither the threads row nor a file search found a rollout for this id',
    explainedBy: ['unpersisted-conversation', 'missing-rollout-file', 'missing-thread-row', 'empty-rollout-path', 'rollout-path-not-a-file'],
  },
  {
    id: 'not-materialized',
    pattern: /is not materialized yet/,
    meaning: 'the conversation had no rollout yet (deferred persistence: the first user message writes it)',
    explainedBy: ['unpersisted-conversation'],
  },
  {
    id: 'materialize-failed',
    pattern: /failed to materialize thread persistence/,
    meaning: 'Codex tried to create the rollout and the row and failed; the conversation stays in memory only',
    explainedBy: ['unpersisted-conversation'],
  },
  {
    id: 'rollout-empty',
    pattern: /rollout at .* is empty/,
    meaning: 'a resume raced the first write of the rollout (#38613)',
    explainedBy: ['missing-thread-row', 'missing-rollout-file'],
  },
  {
    id: 'no-session-meta',
    pattern: /does not start with session metadata/,
    meaning: 'the rollout file exists but its first line is not session_meta',
    explainedBy: ['missing-thread-row', 'missing-rollout-file'],
  },
  {
    id: 'path-not-a-file',
    pattern: /path is not a file|file does not exist/,
    meaning: 'the requested rollout path does not name a regular file (post-#25661 wording)',
    explainedBy: ['rollout-path-not-a-file', 'missing-rollout-file', 'empty-rollout-path', 'unpersisted-conversation'],
  },
  {
    id: 'thread-not-loaded',
    pattern: /thread not loaded|thread not found/,
    meaning: 'the app-server no longer holds the conversation in memory',
    explainedBy: ['unpersisted-conversation'],
  },
  {
    id: 'archived',
    pattern: /thread .* is archived/,
    meaning: 'the conversation is archived; unarchive it before resuming',
    explainedBy: [],
  },
  {
    id: 'state-db-discrepancy',
    pattern: /state db discrepancy|stale rollout path/,
    meaning: 'the threads row and the rollout files disagree; Codex fell back to a file search',
    explainedBy: ['missing-rollout-file', 'rollout-path-not-a-file', 'empty-rollout-path'],
  },
  {
    id: 'rollout-not-found-reason',
    pattern: /rollout_not_found/,
    meaning: 'Desktop could not find a rollout for the conversation (#34894)',
    explainedBy: ['unpersisted-conversation', 'missing-rollout-file', 'missing-thread-row'],
  },
];

export function matchErrorSignature(message: string | null): ErrorSignature | null {
  if (message === null) return null;
  return ERROR_SIGNATURES.find((s) => s.pattern.test(message)) ?? null;
}
