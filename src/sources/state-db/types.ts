import type { RolloutMigrationSkip, RolloutMigrationState, UserState } from './user-state.js';

/**
 * A `threads` row, normalised across schema versions 1..42+. Columns a version lacks are null. `title`,
 * `firstUserMessage`, `preview` and `name` hold at most their first 120 characters.
 * `*_at` columns are unix seconds and `*_at_ms` unix milliseconds, as in Codex.
 */
export interface ThreadRow {
  id: string;
  rolloutPath: string;
  createdAt: number | null;
  updatedAt: number | null;
  createdAtMs: number | null;
  updatedAtMs: number | null;
  /** Bare string (`cli`, `vscode`, …) or JSON text (`{"subagent":…}`), exactly as stored. */
  source: string;
  modelProvider: string | null;
  cwd: string | null;
  title: string | null;
  archived: boolean;
  archivedAt: number | null;
  cliVersion: string | null;
  firstUserMessage: string | null;
  agentNickname: string | null;
  agentRole: string | null;
  agentPath: string | null;
  model: string | null;
  threadSource: string | null;
  preview: string | null;
  historyMode: string | null;
  name: string | null;
  tokensUsed: number | null;
}

export interface SpawnEdge {
  parentThreadId: string;
  childThreadId: string;
  status: string;
}

export interface BackfillState {
  status: string;
  lastWatermark: string | null;
  lastSuccessAt: number | null;
  updatedAt: number | null;
}

export interface StateDbOk {
  status: 'ok';
  path: string;
  /** The `-wal` file beside the database when one existed (its committed rows are included). */
  walPath: string | null;
  /** MAX(version) of `_sqlx_migrations`, or null when that table is absent. */
  schemaVersion: number | null;
  tables: string[];
  threadColumns: string[];
  threads: ThreadRow[];
  /** Null when the table does not exist in this schema version. */
  spawnEdges: SpawnEdge[] | null;
  backfill: BackfillState | null;
  /** Distinct `thread_dynamic_tools.thread_id` values; null when the table does not exist in this schema version. */
  dynamicToolThreadIds: string[] | null;
  /** Names, pins, sections and projects (schema 0043+): what a reset loses. Absent from hand-made StateDbOk values. */
  userState?: UserState;
  /** `rollout_migration_state` and its skipped rollouts (schema 0047+); null before. */
  rolloutMigration?: { state: RolloutMigrationState[]; skipped: RolloutMigrationSkip[] } | null;
  /** Ids whose row is committed only in the `-wal` file (not yet checkpointed). Null when there was no `-wal`. */
  rowsOnlyInWal: string[] | null;
}

interface StateDbMissing {
  status: 'missing';
  path: string;
  /**
   * Paths of the database's `-wal` and `-shm` that are there without it: a bundle committed under a `.gitignore` of
   * `*.sqlite` keeps them. Absent when there are none.
   */
  leftovers?: string[];
}

interface StateDbUnreadable {
  status: 'unreadable';
  path: string;
  /** One line, for people: what is wrong with the file. */
  error: string;
}

export type StateDbRead = StateDbOk | StateDbMissing | StateDbUnreadable;
