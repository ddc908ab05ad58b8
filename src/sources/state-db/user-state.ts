import type BetterSqlite3 from 'better-sqlite3';
import { cellToNumber, cellToText } from './coerce.js';
import { selectExisting, userTableNames } from './sqlite-read.js';

type Db = BetterSqlite3.Database;

/** The newest `state_5.sqlite` migration codex-logs knows (upstream 0059, autumn 2026). */
export const NEWEST_KNOWN_SCHEMA = 59;

/** The `Pinned` section every database has from migration 0045 on: not something a user made. */
const SEEDED_SECTION_ID = '01984de2-8f74-7c91-a3b2-5c5e937cf318';

/**
 * What users made in the state DB that rollouts cannot refill (upstream-delta B6): thread names, pins (0043),
 * sections (0045–0048) and projects (0049). A corruption reset loses them; backfill restores only rows.
 */
export interface UserState {
  /** Thread id → what the user set; only threads with at least one of them. */
  threads: Map<string, { name: string | null; pinned: boolean; sectionId: string | null; projectId: string | null }>;
  /** User-made sections (id → name), without the seeded `Pinned`. */
  sections: Map<string, string>;
  projects: Map<string, string>;
}

/** `rollout_migration_state` (0047): the paginated migration's progress, one row per migration id. */
export interface RolloutMigrationState {
  migrationId: string;
  lastCheckedThreadId: string | null;
  updatedAt: number | null;
}

export interface RolloutMigrationSkip {
  migrationId: string;
  rolloutPath: string;
  skipReason: string;
}

export function readUserState(db: Db): UserState {
  const tables = userTableNames(db);
  const state: UserState = { threads: new Map(), sections: new Map(), projects: new Map() };
  if (tables.includes('threads')) {
    for (const r of selectExisting(db, 'threads', ['id', 'name', 'is_pinned', 'thread_section_id', 'project_id'])) {
      const id = cellToText(r['id']);
      const name = cellToText(r['name']);
      const pinned = cellToNumber(r['is_pinned']) === 1;
      const sectionId = cellToText(r['thread_section_id']);
      const projectId = cellToText(r['project_id']);
      if (id !== null && (name !== null || pinned || sectionId !== null || projectId !== null)) state.threads.set(id, { name, pinned, sectionId, projectId });
    }
  }
  if (tables.includes('thread_sections')) {
    for (const r of selectExisting(db, 'thread_sections', ['id', 'name'])) {
      const id = cellToText(r['id']);
      if (id !== null && id !== SEEDED_SECTION_ID) state.sections.set(id, cellToText(r['name']) ?? '');
    }
  }
  if (tables.includes('projects')) {
    for (const r of selectExisting(db, 'projects', ['id', 'name'])) {
      const id = cellToText(r['id']);
      if (id !== null) state.projects.set(id, cellToText(r['name']) ?? '');
    }
  }
  return state;
}

/** Null when the schema predates 0047. */
export function readRolloutMigrationState(db: Db): { state: RolloutMigrationState[]; skipped: RolloutMigrationSkip[] } | null {
  const tables = userTableNames(db);
  if (!tables.includes('rollout_migration_state')) return null;
  const state = selectExisting(db, 'rollout_migration_state', ['migration_id', 'last_checked_thread_id', 'updated_at']).map((r) => ({
    migrationId: cellToText(r['migration_id']) ?? '',
    lastCheckedThreadId: cellToText(r['last_checked_thread_id']),
    updatedAt: cellToNumber(r['updated_at']),
  }));
  const skipped = tables.includes('rollout_migration_skipped_rollouts')
    ? selectExisting(db, 'rollout_migration_skipped_rollouts', ['migration_id', 'rollout_path', 'skip_reason']).map((r) => ({
        migrationId: cellToText(r['migration_id']) ?? '',
        rolloutPath: cellToText(r['rollout_path']) ?? '',
        skipReason: cellToText(r['skip_reason']) ?? '',
      }))
    : [];
  return { state, skipped };
}
