import type { FindingKind } from './finding.js';

/**
 * Error texts that Codex's app-server returns for thread requests (codex-formats.md §4, F21), as data: each names
 * what it means and which persistence findings explain it. Order matters: the first match wins.
 */
export interface ErrorSignature {
  id: string;
  pattern: RegExp;
  meaning: string;
  /** Finding kinds on the same conversation that explain this error, most specific first. */
  explainedBy: readonly FindingKind[];
}

const ERROR_SIGNATURES: readonly ErrorSignature[] = [
  {
    id: 'eisdir',
    pattern: /Is a directory \(os error 21\)|path is a directory/,
    meaning:
      'the app-server was asked to read a directory as a rollout: Desktop sent CODEX_HOME (or an empty path) as `path` for a conversation it has no rollout for (openai/codex#20944, fixed upstream by openai/codex#25661)',
    explainedBy: ['rollout-path-not-a-file', 'empty-rollout-path', 'unpersisted-conversation', 'missing-thread-row', 'missing-rollout-file'],
  },
  {
    id: 'access-denied',
    pattern: /Access is denied\. \(os error 5\)/,
    meaning: 'the Windows form of the EISDIR failure: CODEX_HOME was read as a rollout (openai/codex#20944)',
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
    meaning: 'a resume raced the first write of the rollout (openai/codex#38613)',
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
    meaning: 'the requested rollout path does not name a regular file (post-openai/codex#25661 wording)',
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
    meaning: 'Desktop could not find a rollout for the conversation (openai/codex#34894)',
    explainedBy: ['unpersisted-conversation', 'missing-rollout-file', 'missing-thread-row'],
  },
  // Codex after August 2026 (upstream-delta-2026-12.md §c); the texts are those of the codex-rs sources named there.
  {
    id: 'paginated-fork-stall',
    pattern: /failed to prepare paginated fork: .*expected ordinal \d+, got \d+/,
    meaning: "a fork or side chat could not start: its parent's paginated history projection is stalled one ordinal short of the rollout (openai/codex#38248)",
    explainedBy: ['history-projection-stall'],
  },
  {
    id: 'projection-stall',
    pattern:
      /thread history projection for \S+ (?:expected ordinal \d+, got \d+|is behind durable rollout)|rejected rollout lines cannot cover that gap|deferring rejected rollout line until a later ordinal/,
    meaning:
      'Codex could not project the paginated rollout into its history database: an ordinal is missing or repeated, so history after it "rolls back" on restart (openai/codex#35746, openai/codex#41566, openai/codex#44562)',
    explainedBy: ['history-projection-stall'],
  },
  {
    id: 'subagent-prefix-incomplete',
    pattern: /paginated subagent rollout at .* is incomplete: expected inherited prefix through ordinal/,
    meaning: "a subagent's inherited history ends on a line that never became durable, so its recorder cannot resume (openai/codex#40747)",
    explainedBy: ['history-projection-stall'],
  },
  {
    id: 'missing-source-rollout',
    pattern: /invalid paginated history lineage for \S+: missing source rollout/,
    meaning: 'a paginated fork or revert inherits from a rollout that is not on disk',
    explainedBy: ['missing-fork-parent'],
  },
  {
    id: 'active-writer',
    pattern: /already has an active writer|already has a live local writer/,
    meaning:
      "another Codex process holds the thread's single-writer lock (thread-writer-locks/, openai/codex#34986), so this one may read the thread but not resume it (openai/codex#37403, openai/codex#37552)",
    explainedBy: ['active-writer-conflict'],
  },
  {
    id: 'version-skew',
    pattern: /paginated threads do not support initialTurnsPage|paginated threads require thread\/turns\/list and thread\/items\/list support/,
    meaning:
      'the Desktop build and the app-server speak different protocol versions for paginated threads: one of them is older than the other, often an app-server left running across an upgrade (openai/codex#44149, openai/codex#40342)',
    explainedBy: [],
  },
  {
    id: 'revert-conflict',
    pattern:
      /changed while it was being reverted|current rollout for \S+ belongs to another thread|does not use paginated history|does not have a canonical rollout filename/,
    meaning:
      'thread/revert refused: the thread changed under it, its current rollout is not its own, it is not paginated, or its rollout file name is not canonical (openai/codex#38127)',
    explainedBy: ['id-mismatch'],
  },
  {
    id: 'missing-projection-state',
    pattern: /missing projection state for paginated thread/,
    meaning: 'the thread is paginated but the history database has no projection for it (thread_history_*.sqlite lost, rebuilt or reset)',
    explainedBy: ['state-db-reset'],
  },
  {
    id: 'state-db-damaged',
    pattern:
      /database disk image is malformed|file is not a database|local database (?:at .* )?appears (?:to be )?damaged|detected a damaged local database|Moved damaged Codex local database/,
    meaning:
      'Codex found its local database damaged; it moves it to db-backups/ and starts with an empty one, which loses names, pins, sections and projects (openai/codex#24006, openai/codex#40652)',
    explainedBy: ['state-db-reset', 'state-db-unreadable'],
  },
  {
    id: 'state-db-unavailable',
    pattern:
      /sqlite state db unavailable|failed to initialize (?:sqlite )?state runtime|failed to (?:open|migrate) (?:state|log|goals|memories|memories v2|queue|thread history) DB at /,
    meaning: 'Codex could not open or migrate one of its SQLite databases (a damaged file, a newer schema from another build, or another process holding it)',
    explainedBy: ['state-db-reset', 'state-db-unreadable'],
  },
  {
    id: 'local-data-busy',
    pattern: /another Codex process is using its local data/,
    meaning: 'two Codex builds share one CODEX_HOME (for example the Windows app and a WSL CLI) and the second could not start',
    explainedBy: [],
  },
  {
    id: 'thread-not-located',
    pattern:
      /failed to locate (?:archived )?thread id|no archived rollout found for thread id|failed to read thread metadata for|pending thread metadata already exists/,
    meaning: "Codex could not find the thread's metadata or rollout where the state DB says it is",
    explainedBy: ['missing-rollout-file', 'missing-thread-row', 'unpersisted-conversation', 'archive-mismatch'],
  },
  {
    id: 'rollout-migration-failed',
    pattern: /rollout migration failed/,
    meaning: 'the legacy-to-paginated rollout migration failed for this thread (openai/codex#37175, openai/codex#41814)',
    explainedBy: ['rollout-migration-interrupted'],
  },
  {
    id: 'delete-blocked-by-fork',
    pattern: /forked history still references it/,
    meaning: 'the thread cannot be deleted while a fork inherits its history: not a loss',
    explainedBy: [],
  },
];

export function matchErrorSignature(message: string | null): ErrorSignature | null {
  if (message === null) return null;
  return ERROR_SIGNATURES.find((s) => s.pattern.test(message)) ?? null;
}
