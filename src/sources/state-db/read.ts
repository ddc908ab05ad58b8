import { statSync } from 'node:fs';
import { readRolloutMigrationState, readUserState } from './user-state.js';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createInterner } from '../intern.js';
import { makeScratchDir, removeScratchDir } from '../scratch.js';
import { sqliteDriver } from '../sqlite-driver.js';
import { cellToNumber, cellToText } from './coerce.js';
import { THREAD_COLUMNS, toThreadRow } from './columns.js';
import { describeStateDbError } from './describe-error.js';
import { copyDbSnapshot, copyMainFileOnly } from './private-copy.js';
import { columnNames, eachExisting, selectExisting, selectValue, userTableNames } from './sqlite-read.js';
import type { BackfillState, SpawnEdge, StateDbOk, StateDbRead, ThreadRow } from './types.js';

type Db = Database.Database;

/** Conversation text can run to megabytes per row (pasted logs): held clipped, 50,000 rows stay small. */
const CLIPPED_TEXT: ReadonlySet<string> = new Set(['title', 'first_user_message', 'preview', 'name']);

/** What one opened copy says; `rowsOnlyInWal` needs a second copy and is added by the caller. */
type SnapshotContent = Omit<StateDbOk, 'status' | 'path' | 'walPath' | 'rowsOnlyInWal'>;

/**
 * Reads `state_5.sqlite` (with the committed rows of its `-wal`) from a private copy; the user's files are only
 * ever read by a file copy. Never throws. `threads` come in the table's storage order (insertion order for Codex's
 * rowid table); `tables` are sorted by name, without SQLite's internal `sqlite_*` tables.
 *
 * `rowsOnlyInWal` is also null when the database file alone cannot be read (a checkpoint was half done while we
 * copied): then nothing can be said about which rows the `-wal` holds.
 */
export function readStateDb(dbPath: string): StateDbRead {
  let workDir: string | null = null;
  try {
    const st = statSync(dbPath, { throwIfNoEntry: false });
    if (st === undefined) return missing(dbPath);
    // A FIFO or device would block or never end the copy.
    if (!st.isFile()) return unreadable(dbPath, st.isDirectory() ? 'is a directory, not a file' : 'not a regular file');
    // Fails here, as an unreadable state DB, when the native driver is missing.
    sqliteDriver();
    workDir = makeScratchDir('codex-logs-state-db-');
    const snapshot = copyDbSnapshot(dbPath, join(workDir, 'with-wal'));
    const { tables, content } = withDatabase(snapshot.dbCopy, readContent);
    if (content === null) return unreadable(dbPath, noThreadsTableError(tables, snapshot.dbCopy, snapshot.walCopied));
    const rowsOnlyInWal = snapshot.walCopied ? idsOnlyInWal(content.threads, copyMainFileOnly(snapshot.dbCopy, join(workDir, 'main-only'))) : null;
    return {
      status: 'ok',
      path: dbPath,
      walPath: snapshot.walCopied ? `${dbPath}-wal` : null,
      ...content,
      rowsOnlyInWal,
    };
  } catch (err) {
    return unreadable(dbPath, describeStateDbError(err));
  } finally {
    if (workDir !== null) removeQuietly(workDir);
  }
}

function missing(path: string): StateDbRead {
  const leftovers = [`${path}-wal`, `${path}-shm`].filter((p) => statSync(p, { throwIfNoEntry: false }) !== undefined);
  return leftovers.length === 0 ? { status: 'missing', path } : { status: 'missing', path, leftovers };
}

function unreadable(path: string, error: string): StateDbRead {
  return { status: 'unreadable', path, error };
}

function withDatabase<T>(copyPath: string, read: (db: Db) => T): T {
  const db = new (sqliteDriver())(copyPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** `content` is null without a `threads` table: whatever the file is, it is not a Codex state database. */
function readContent(db: Db): { tables: string[]; content: SnapshotContent | null } {
  const tables = userTableNames(db);
  if (!tables.includes('threads')) return { tables, content: null };
  const content = {
    schemaVersion: tables.includes('_sqlx_migrations') ? readSchemaVersion(db) : null,
    tables,
    threadColumns: columnNames(db, 'threads'),
    threads: readThreads(db),
    spawnEdges: tables.includes('thread_spawn_edges') ? readSpawnEdges(db) : null,
    backfill: tables.includes('backfill_state') ? readBackfill(db) : null,
    dynamicToolThreadIds: tables.includes('thread_dynamic_tools') ? readDynamicToolThreadIds(db) : null,
    userState: readUserState(db),
    rolloutMigration: readRolloutMigrationState(db),
  };
  return { tables, content };
}

function readThreads(db: Db): ThreadRow[] {
  const threads: ThreadRow[] = [];
  const intern = createInterner();
  eachExisting(db, 'threads', THREAD_COLUMNS, (cells) => threads.push(toThreadRow(cells, intern)), CLIPPED_TEXT);
  return threads;
}

function readSchemaVersion(db: Db): number | null {
  if (!columnNames(db, '_sqlx_migrations').includes('version')) return null;
  return cellToNumber(selectValue(db, 'SELECT MAX(version) FROM _sqlx_migrations'));
}

function readSpawnEdges(db: Db): SpawnEdge[] {
  return selectExisting(db, 'thread_spawn_edges', ['parent_thread_id', 'child_thread_id', 'status']).map((r) => ({
    parentThreadId: cellToText(r['parent_thread_id']) ?? '',
    childThreadId: cellToText(r['child_thread_id']) ?? '',
    status: cellToText(r['status']) ?? '',
  }));
}

function readDynamicToolThreadIds(db: Db): string[] {
  const ids = selectExisting(db, 'thread_dynamic_tools', ['thread_id']).map((r) => cellToText(r['thread_id']) ?? '');
  return [...new Set(ids.filter((id) => id !== ''))].sort();
}

/** Codex keeps a single row, `id = 1`; another row is used only when that one is absent. */
function readBackfill(db: Db): BackfillState | null {
  const rows = selectExisting(db, 'backfill_state', ['id', 'status', 'last_watermark', 'last_success_at', 'updated_at']);
  const row = rows.find((r) => cellToNumber(r['id']) === 1) ?? rows[0];
  if (row === undefined) return null;
  return {
    status: cellToText(row['status']) ?? '',
    lastWatermark: cellToText(row['last_watermark']),
    lastSuccessAt: cellToNumber(row['last_success_at']),
    updatedAt: cellToNumber(row['updated_at']),
  };
}

function idsOnlyInWal(threads: readonly ThreadRow[], mainOnlyCopy: string): string[] | null {
  let checkpointed: Set<string>;
  try {
    checkpointed = withDatabase(mainOnlyCopy, readThreadIds);
  } catch {
    return null;
  }
  return [...new Set(threads.map((t) => t.id))].filter((id) => !checkpointed.has(id));
}

/** Empty when the table itself is not checkpointed yet (a new database whose schema is still in the `-wal`). */
function readThreadIds(db: Db): Set<string> {
  if (!userTableNames(db).includes('threads')) return new Set();
  return new Set(selectExisting(db, 'threads', ['id']).map((r) => cellToText(r['id']) ?? ''));
}

function noThreadsTableError(tables: readonly string[], dbCopy: string, walCopied: boolean): string {
  if (!walCopied && statSync(dbCopy).size === 0) return 'the file is empty (0 bytes)';
  const found = tables.length === 0 ? 'it has no tables' : `its tables: ${tables.slice(0, 8).join(', ')}${tables.length > 8 ? ', …' : ''}`;
  return `no threads table, so not a Codex state database (${found})`;
}

function removeQuietly(dir: string): void {
  try {
    removeScratchDir(dir);
  } catch {
    // A leftover private copy in the temp folder must not turn a successful read into a failure.
  }
}
