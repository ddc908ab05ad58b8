/**
 * Writes Desktop's sidebar catalog, `CODEX_HOME/sqlite/codex-dev.db`. Desktop is closed source: the tables and columns
 * follow what user reports (#30385, #34076) and third-party tools that query the file show (`host_id`, `thread_id`,
 * `display_title`, `source_*_at`, `missing_candidate`; the sync state's `initial_build_complete`,
 * `watermark_updated_at`, `last_full_reconciled_at`). Unverified against Desktop itself.
 */
import { mkdirSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

interface CatalogEntry {
  threadId: string;
  /** Default `local`. */
  hostId?: string;
  title?: string;
  /** Unix seconds. Default 1777795200 (2026-05-03). */
  updatedAt?: number;
  /** Desktop's mark for a thread it could not find at its source; such entries stay out of the sidebar. */
  missingCandidate?: boolean;
}

export interface CatalogSpec {
  entries: CatalogEntry[];
  /** The local host's sync state; null writes none. Default: a finished build. */
  syncState?: { initialBuildComplete: boolean; watermarkUpdatedAt: number | null; lastFullReconciledAt: number | null } | null;
  /** The file's mtime; default now. */
  mtime?: Date | number;
}

export function sidebarCatalogPath(codexHome: string): string {
  return join(codexHome, 'sqlite', 'codex-dev.db');
}

export function buildSidebarCatalog(codexHome: string, spec: CatalogSpec): string {
  const path = sidebarCatalogPath(codexHome);
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE local_thread_catalog (
      host_id TEXT NOT NULL, thread_id TEXT NOT NULL, display_title TEXT NOT NULL DEFAULT '', source_created_at INTEGER, source_updated_at INTEGER,
      source_recency_at INTEGER, cwd TEXT, source_kind TEXT, source_detail TEXT, model_provider TEXT, git_branch TEXT,
      observation_sequence INTEGER NOT NULL DEFAULT 0, missing_candidate INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (host_id, thread_id))`);
    db.exec(`CREATE TABLE local_thread_catalog_sync_state (
      host_id TEXT PRIMARY KEY, initial_build_complete INTEGER NOT NULL DEFAULT 0, watermark_updated_at INTEGER, last_full_reconciled_at INTEGER)`);
    db.exec('CREATE TABLE local_thread_catalog_hosts (host_id TEXT PRIMARY KEY, display_name TEXT)');
    db.prepare("INSERT INTO local_thread_catalog_hosts VALUES ('local', 'This Mac')").run();
    const insert = db.prepare(
      'INSERT INTO local_thread_catalog (host_id, thread_id, display_title, source_created_at, source_updated_at, source_recency_at, source_kind, model_provider, observation_sequence, missing_candidate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    spec.entries.forEach((e, i) => {
      const at = e.updatedAt ?? 1_777_795_200;
      insert.run(e.hostId ?? 'local', e.threadId, e.title ?? '', at, at, at, 'vscode', 'openai', i + 1, e.missingCandidate ? 1 : 0);
    });
    const sync =
      spec.syncState === undefined ? { initialBuildComplete: true, watermarkUpdatedAt: 1_777_795_200, lastFullReconciledAt: 1_777_795_200 } : spec.syncState;
    if (sync !== null) {
      db.prepare("INSERT INTO local_thread_catalog_sync_state VALUES ('local', ?, ?, ?)").run(
        sync.initialBuildComplete ? 1 : 0,
        sync.watermarkUpdatedAt,
        sync.lastFullReconciledAt,
      );
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  if (spec.mtime !== undefined) {
    const mtime = new Date(spec.mtime);
    utimesSync(path, mtime, mtime);
  }
  return path;
}
