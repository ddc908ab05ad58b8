import type { ProblemCount } from '../../model/report.js';
import { statQuietly } from '../stat-quietly.js';
import type BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { errorLine, readPrivateCopy, tableColumns } from '../private-db.js';
import { normalizeThreadId } from '../thread-id.js';

/**
 * The Desktop sidebar catalog, `CODEX_HOME/sqlite/codex-dev.db` (upstream-delta B11/C1). Desktop is closed source:
 * the table names come from user reports (#30385, #34076); the columns read here (`host_id`, `thread_id`,
 * `missing_candidate`, and `initial_build_complete`, `watermark_updated_at`, `last_full_reconciled_at` of the sync
 * state) are **unverified** against Desktop's code, known only from third-party tools that query them. Each is used
 * only when the table has it.
 */
export interface SidebarCatalogRead {
  path: string;
  /** `no-table`: the file has no `local_thread_catalog` (another Desktop build): nothing can be judged. */
  status: 'ok' | 'no-table' | 'unreadable';
  error: string | null;
  /** Threads of the local host that the sidebar can list (`missing_candidate` = 0 or absent). */
  listed: Set<string>;
  /** Threads of the local host that Desktop marked `missing_candidate` = 1: kept out of the sidebar. */
  markedMissing: Set<string>;
  entries: number;
  /** The local host's `local_thread_catalog_sync_state` row, when there is one. */
  syncState: CatalogSyncState | null;
  /** The latest mtime of the file and its `-wal`: threads created after it cannot be in it yet. */
  writtenAtMs: number;
}

interface CatalogSyncState {
  initialBuildComplete: boolean | null;
  watermarkUpdatedAt: string | null;
  lastFullReconciledAt: string | null;
}

export const SIDEBAR_CATALOG_REL_PATH = 'sqlite/codex-dev.db';

/** The catalog of `codexHome`, or null when Desktop has written none there (a CLI-only home, an older Desktop). */
export function readSidebarCatalog(codexHome: string): SidebarCatalogRead | null {
  const path = join(codexHome, ...SIDEBAR_CATALOG_REL_PATH.split('/'));
  const dbMtime = mtimeOf(path);
  if (dbMtime === null) return null;
  const writtenAtMs = Math.max(dbMtime, mtimeOf(`${path}-wal`) ?? dbMtime);
  const result: SidebarCatalogRead = { path, status: 'ok', error: null, listed: new Set(), markedMissing: new Set(), entries: 0, syncState: null, writtenAtMs };
  try {
    readPrivateCopy(path, 'codex-logs-catalog-', (db) => {
      const columns = tableColumns(db, 'local_thread_catalog');
      if (!columns.includes('thread_id')) {
        result.status = 'no-table';
        return;
      }
      const local = columns.includes('host_id') ? " WHERE host_id = 'local'" : '';
      const missing = columns.includes('missing_candidate') ? 'missing_candidate' : '0';
      const rows = db.prepare(`SELECT thread_id AS id, ${missing} AS missing FROM local_thread_catalog${local}`).all() as { id: unknown; missing: unknown }[];
      for (const row of rows) {
        const id = typeof row.id === 'string' ? normalizeThreadId(row.id) : null;
        if (id === null) continue;
        result.entries += 1;
        (Number(row.missing) === 1 ? result.markedMissing : result.listed).add(id);
      }
      for (const id of result.listed) result.markedMissing.delete(id);
      result.syncState = readSyncState(db);
    });
  } catch (err) {
    result.status = 'unreadable';
    result.error = errorLine(err);
  }
  return result;
}

function readSyncState(db: BetterSqlite3.Database): CatalogSyncState | null {
  const columns = tableColumns(db, 'local_thread_catalog_sync_state');
  if (columns.length === 0) return null;
  const pick = (name: string): string => (columns.includes(name) ? name : 'NULL');
  const where = columns.includes('host_id') ? " WHERE host_id = 'local'" : '';
  const row = db
    .prepare(
      `SELECT ${pick('initial_build_complete')} AS built, ${pick('watermark_updated_at')} AS watermark, ${pick('last_full_reconciled_at')} AS reconciled FROM local_thread_catalog_sync_state${where} LIMIT 1`,
    )
    .get() as { built: unknown; watermark: unknown; reconciled: unknown } | undefined;
  if (row === undefined) return null;
  return {
    initialBuildComplete: row.built === null || row.built === undefined ? null : Number(row.built) === 1,
    watermarkUpdatedAt: textOf(row.watermark),
    lastFullReconciledAt: textOf(row.reconciled),
  };
}

function textOf(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function mtimeOf(path: string): number | null {
  const st = statQuietly(path);
  return st?.isFile() ? st.mtimeMs : null;
}

export function sidebarCatalogProblems(read: SidebarCatalogRead | null): ProblemCount[] {
  return read?.status === 'unreadable' ? [{ what: `the Desktop sidebar catalog could not be read (${read.error})`, count: 1, examples: [read.path] }] : [];
}
