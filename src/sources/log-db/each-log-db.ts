import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { makeScratchDir, removeScratchDir } from '../scratch.js';
import { sqliteDriver } from '../sqlite-driver.js';
import { copyDbSnapshot } from '../state-db/private-copy.js';

/** `logs_1.sqlite` (A), `logs_2.sqlite` (B): the app-server's own log, beside the state DB (codex-formats.md §2.4). */
const LOG_DB_NAME = /^logs_\d+\.sqlite$/;

/**
 * Runs `read` on a private copy of every log database in the SQLite home (the user's files are never opened by
 * SQLite, as with the state DB). Returns the files read and, with a one-line reason, those that could not be.
 */
export function eachLogDb(
  sqliteHome: string,
  read: (db: Database.Database, path: string) => void,
): { files: string[]; unreadable: { path: string; error: string }[] } {
  const result = { files: [] as string[], unreadable: [] as { path: string; error: string }[] };
  let names: string[];
  try {
    names = readdirSync(sqliteHome)
      .filter((n) => LOG_DB_NAME.test(n))
      .sort();
  } catch {
    return result;
  }
  for (const name of names) {
    const path = join(sqliteHome, name);
    const work = makeScratchDir('codex-logs-log-db-');
    try {
      const { dbCopy } = copyDbSnapshot(path, work);
      const db = new (sqliteDriver())(dbCopy, { readonly: true, fileMustExist: true });
      try {
        read(db, path);
      } finally {
        db.close();
      }
      result.files.push(path);
    } catch (err) {
      result.unreadable.push({ path, error: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
    } finally {
      removeScratchDir(work);
    }
  }
  return result;
}
