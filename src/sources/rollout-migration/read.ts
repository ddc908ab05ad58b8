import { readdirSync } from 'node:fs';
import { statQuietly } from '../stat-quietly.js';
import { join } from 'node:path';
import { normalizeThreadId } from '../thread-id.js';

/**
 * The paginated rollout migration's files in the Codex home (upstream #37175, #37348;
 * thread-store/src/local/rollout_migration/publish.rs, rollout/src/maintenance.rs):
 * - `rollout-migrations/<thread id>.pending`: the durable journal between publishing the migrated rollout and finishing
 *   SQLite; it is removed once both are done, so one left behind is an interrupted migration;
 * - `.tmp/rollout-maintenance.lock`: the lock compression and migration share; normal when present.
 * The staged `.<name>.paginated.tmp` (and `.decompressed.tmp`, `.paginated.zst.tmp`, `.head.tmp`) files sit beside the
 * rollouts and are found with them (RolloutStats.tempFiles).
 */
export interface RolloutMigrationFiles {
  journals: { threadId: string; path: string; mtimeMs: number }[];
  maintenanceLock: { path: string; mtimeMs: number } | null;
}

export const MIGRATION_JOURNAL_DIR = 'rollout-migrations';

export function readRolloutMigrationFiles(codexHome: string): RolloutMigrationFiles {
  const journals: RolloutMigrationFiles['journals'] = [];
  const dir = join(codexHome, MIGRATION_JOURNAL_DIR);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // No journal folder: no migration ever ran, or every one finished.
  }
  for (const name of names.sort()) {
    if (!name.endsWith('.pending')) continue;
    const threadId = normalizeThreadId(name.slice(0, -'.pending'.length));
    const path = join(dir, name);
    const st = statQuietly(path);
    if (threadId !== null && st?.isFile()) journals.push({ threadId, path, mtimeMs: st.mtimeMs });
  }
  const lockPath = join(codexHome, '.tmp', 'rollout-maintenance.lock');
  const lock = statQuietly(lockPath);
  return { journals, maintenanceLock: lock?.isFile() ? { path: lockPath, mtimeMs: lock.mtimeMs } : null };
}

/** Whether a temporary file name is one the migration stages (`.<rollout name>.paginated.tmp` and kin). */
export function isMigrationStagedName(name: string): boolean {
  return /^\..+\.(?:paginated|decompressed|paginated\.zst)\.tmp$|^\..+\.head\.tmp$/.test(name);
}
