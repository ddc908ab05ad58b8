import { readdirSync } from 'node:fs';
import { statQuietly } from '../stat-quietly.js';
import { join } from 'node:path';
import { errorLine, readPrivateCopy } from '../private-db.js';
import { readUserState, type UserState } from '../state-db/user-state.js';
import { normalizeThreadId } from '../thread-id.js';

/**
 * Codex's corruption reset (upstream-delta B6; state/src/runtime/recovery.rs): on SQLITE_CORRUPT/NOTADB (or a failed
 * quick_check) the database and its -wal/-shm are moved to `<sqlite home>/db-backups/sqlite-<unix secs>-<n>/` and an
 * empty one is created, which backfill refills from the rollouts. Each backup's state DB is read like the live one:
 * from a private copy, so the user's files are never opened by SQLite.
 */
export interface StateDbBackup {
  dir: string;
  /** From the folder name; null when it does not carry the seconds. */
  movedAtMs: number | null;
  /** The state DB inside, when there is one. */
  dbPath: string | null;
  status: 'ok' | 'unreadable' | 'no-state-db';
  error: string | null;
  userState: UserState | null;
  threadIds: Set<string>;
}

const DB_BACKUPS_DIR = 'db-backups';
const BACKUP_NAME = /^sqlite-(\d+)-(\d+)$/;
const STATE_DB_NAME = /^state_\d+\.sqlite$/;

export function readStateDbBackups(sqliteHome: string): StateDbBackup[] {
  const root = join(sqliteHome, DB_BACKUPS_DIR);
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const backups: StateDbBackup[] = [];
  for (const name of names.sort()) {
    const m = BACKUP_NAME.exec(name);
    const dir = join(root, name);
    if (m === null || statQuietly(dir)?.isDirectory() !== true) continue;
    backups.push(readBackup(dir, Number(m[1]) * 1000));
  }
  return backups;
}

function readBackup(dir: string, movedAtMs: number): StateDbBackup {
  const backup: StateDbBackup = { dir, movedAtMs, dbPath: null, status: 'no-state-db', error: null, userState: null, threadIds: new Set() };
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (err) {
    return { ...backup, status: 'unreadable', error: errorLine(err) };
  }
  // The newest state_N of the folder: what Codex was running on when it gave up on the file.
  const db = files.filter((f) => STATE_DB_NAME.test(f)).sort((a, b) => Number(b.slice(6, -7)) - Number(a.slice(6, -7)))[0];
  if (db === undefined) return backup;
  backup.dbPath = join(dir, db);
  try {
    readPrivateCopy(backup.dbPath, 'codex-logs-backup-', (handle) => {
      backup.userState = readUserState(handle);
      for (const row of handle.prepare('SELECT id FROM threads').all() as { id: unknown }[]) {
        const id = typeof row.id === 'string' ? normalizeThreadId(row.id) : null;
        if (id !== null) backup.threadIds.add(id);
      }
    });
    backup.status = 'ok';
  } catch (err) {
    backup.status = 'unreadable';
    backup.error = errorLine(err);
    backup.userState = null;
  }
  return backup;
}
