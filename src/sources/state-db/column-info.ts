import { makeScratchDir, removeScratchDir } from '../scratch.js';
import { sqliteDriver } from '../sqlite-driver.js';
import type { ColumnInfo } from '../../model/repair.js';
import { copyDbSnapshot } from './private-copy.js';

interface PragmaColumn {
  name: string;
  type: string;
  notnull: number;
  dflt_value: unknown;
}

/**
 * The `threads` columns with their NOT NULL and default facts, read from a private copy (as every read here is), so
 * a repair plan writes only columns this schema version has, and fills every required one.
 */
export function readThreadColumnInfo(dbPath: string): ColumnInfo[] {
  const workDir = makeScratchDir('codex-logs-columns-');
  try {
    const { dbCopy } = copyDbSnapshot(dbPath, workDir);
    const db = new (sqliteDriver())(dbCopy, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('PRAGMA table_info(threads)').all() as PragmaColumn[]).map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.notnull === 1,
        hasDefault: c.dflt_value !== null,
      }));
    } finally {
      db.close();
    }
  } finally {
    removeScratchDir(workDir);
  }
}
