import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { redact } from '../../render/redact.js';
import { keepWhatThreadsRead } from '../../sources/log-db/threads.js';
import { makeScratchDir, removeScratchDir } from '../../sources/scratch.js';
import { sqliteDriver } from '../../sources/sqlite-driver.js';
import { copyDbSnapshot } from '../../sources/state-db/private-copy.js';
import { columnNames, userTableNames } from '../../sources/state-db/sqlite-read.js';

/** What stands in for a non-empty text that was left out: empty stays empty, so "has a preview" survives (F17). */
export const LEFT_OUT = '(left out)';

/**
 * Columns that hold conversation content, per table, in every Codex database the bundle carries (memories, goals and
 * agent jobs were in state_5.sqlite up to schema 41). Only those a schema version has are touched. Log bodies keep the
 * markers the analysis counts (user input was dispatched), nothing else. `--include-content` keeps these, redacted.
 */
const CONTENT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  threads: ['title', 'first_user_message', 'preview', 'name'],
  logs: ['feedback_log_body', 'message'],
  thread_items: ['item_json'],
  stage1_outputs: ['raw_memory', 'rollout_summary'],
  agent_jobs: ['instruction', 'output_schema_json', 'input_headers_json'],
  agent_job_items: ['row_json', 'result_json'],
  thread_goals: ['objective'],
  thread_dynamic_tools: ['description', 'input_schema'],
  // queue_1.sqlite: what the user typed and queued.
  queued_items: ['payload_json'],
};
/** Who the user is and what holds their sessions: never kept, with content or without. */
const IDENTITY_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  threads: ['creator_user_id', 'creator_account_id'],
  remote_control_enrollments: ['websocket_url', 'account_id', 'server_id', 'environment_id', 'server_name'],
  device_key_bindings: ['key_id', 'account_user_id', 'client_id'],
  jobs: ['worker_id', 'ownership_token'],
};
const LOG_BODY_COLUMNS = new Set(['feedback_log_body', 'message']);

export interface DbSnapshot {
  tables: string[];
  /** Cells whose content was replaced, by `table.column`. */
  blanked: Record<string, number>;
  /** Virtual (full-text) tables, dropped from the snapshot. */
  droppedTables: string[];
  /** Text cells that redaction changed. */
  redactedCells: number;
  walIncluded: boolean;
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A consistent, shareable copy of a Codex database at `dest`: SQLite's online backup of the private copy (the user's
 * files are only ever copied; the copy's `-wal` rows are in it), then, in the snapshot only, content blanked, every
 * other text cell redacted as reports are (paths the same way everywhere, so joins between tables and with rollouts
 * still hold), and VACUUM so no replaced text stays in free pages.
 */
export interface SnapshotOptions {
  includeContent: boolean;
  /**
   * For a database only partly understood (Desktop's closed-source sidebar catalog): keep only these tables, and in
   * them only these columns' text; every other table is dropped and every other text cell left out, content or not.
   */
  keepOnly?: Readonly<Record<string, readonly string[]>>;
}

export async function snapshotDatabase(source: string, dest: string, opts: SnapshotOptions): Promise<DbSnapshot> {
  const Driver = sqliteDriver();
  const work = makeScratchDir('codex-logs-collect-db-');
  try {
    const copy = copyDbSnapshot(source, join(work, 'copy'));
    const from = new Driver(copy.dbCopy, { readonly: true, fileMustExist: true });
    try {
      await from.backup(dest);
    } finally {
      from.close();
    }
    const db = new Driver(dest, { fileMustExist: true });
    try {
      // One self-contained file: no -wal beside it in the bundle.
      db.pragma('journal_mode = DELETE');
      const result = scrub(db, opts.includeContent, opts.keepOnly);
      db.exec('VACUUM');
      return { ...result, walIncluded: copy.walCopied };
    } finally {
      db.close();
    }
  } finally {
    removeScratchDir(work);
  }
}

function scrub(db: Database.Database, includeContent: boolean, keepOnly: SnapshotOptions['keepOnly']): Omit<DbSnapshot, 'walIncluded'> {
  // The UPDATE below asks for a cell's redaction twice (to compare, then to write): the second time is the last answer.
  let lastIn: unknown;
  let lastOut: unknown;
  const redactOnce = (value: unknown): unknown => {
    if (value !== lastIn) {
      lastIn = value;
      lastOut = typeof value === 'string' ? redact(value) : value;
    }
    return lastOut;
  };
  db.function('codex_logs_redact', { deterministic: true }, redactOnce);
  db.function('codex_logs_left_out', { deterministic: true }, (value: unknown) => (typeof value === 'string' && value !== '' ? LEFT_OUT : value));
  db.function('codex_logs_log_body', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? keepWhatThreadsRead(value) : value));
  // A full-text index would keep every word of what it indexes; it goes, and reading never needs it.
  const virtual = userTableNames(db).filter((t) => isVirtual(db, t) || (keepOnly !== undefined && keepOnly[t] === undefined));
  if (keepOnly !== undefined)
    for (const view of db.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all() as string[]) db.exec(`DROP VIEW ${quote(view)}`);
  for (const table of virtual) db.exec(`DROP TABLE ${quote(table)}`);
  const tables = userTableNames(db);
  const blanked: Record<string, number> = {};
  let redactedCells = 0;
  // Triggers could rewrite other columns on UPDATE; the snapshot keeps Codex's values as they were.
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  db.transaction(() => {
    for (const t of triggers) db.exec(`DROP TRIGGER ${quote(t.name)}`);
    for (const table of tables) {
      const kept = keepOnly?.[table];
      const content = new Set([...(includeContent ? [] : (CONTENT_COLUMNS[table] ?? [])), ...(IDENTITY_COLUMNS[table] ?? [])]);
      for (const column of columnNames(db, table)) {
        if (kept !== undefined && !kept.includes(column)) content.add(column);
        const c = quote(column);
        if (content.has(column)) {
          const fn = LOG_BODY_COLUMNS.has(column) ? 'codex_logs_log_body' : 'codex_logs_left_out';
          const changed = db.prepare(`UPDATE ${quote(table)} SET ${c} = ${fn}(${c}) WHERE typeof(${c}) = 'text' AND ${c} <> ''`).run().changes;
          if (changed > 0) blanked[`${table}.${column}`] = changed;
        } else {
          redactedCells += db
            .prepare(`UPDATE ${quote(table)} SET ${c} = codex_logs_redact(${c}) WHERE typeof(${c}) = 'text' AND ${c} <> codex_logs_redact(${c})`)
            .run().changes;
        }
      }
    }
    for (const t of triggers) db.exec(t.sql);
  })();
  return { tables, droppedTables: virtual, blanked, redactedCells };
}

function isVirtual(db: Database.Database, table: string): boolean {
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table);
  return typeof sql === 'string' && /^\s*CREATE\s+VIRTUAL/i.test(sql);
}
