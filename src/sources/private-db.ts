import type BetterSqlite3 from 'better-sqlite3';
import { makeScratchDir, removeScratchDir } from './scratch.js';
import { sqliteDriver } from './sqlite-driver.js';
import { copyDbSnapshot } from './state-db/private-copy.js';

/**
 * Runs `read` on a read-only connection to a private copy of the database at `path` (and its `-wal`), as every SQLite
 * read of codex-logs does: the user's files are never opened by SQLite. The copy is removed afterwards.
 */
export function readPrivateCopy<T>(path: string, prefix: string, read: (db: BetterSqlite3.Database) => T): T {
  const work = makeScratchDir(prefix);
  try {
    const { dbCopy } = copyDbSnapshot(path, work);
    const db = new (sqliteDriver())(dbCopy, { readonly: true, fileMustExist: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  } finally {
    removeScratchDir(work);
  }
}

/** The column names of `table`, empty when it does not exist. */
export function tableColumns(db: BetterSqlite3.Database, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);
}

/** The first line of an error, for a one-line problem count. */
export function errorLine(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}
