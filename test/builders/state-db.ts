/**
 * Writes real `state_5.sqlite` databases as Codex does: its schema at a given migration level (see
 * state-db-migrations.ts), `_sqlx_migrations` rows, WAL journal mode, and `threads` rows shaped like those of real
 * homes. `walOnlyThreads` leaves rows committed only in the `-wal` file, as while Codex is running.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { uuidV7TimeMs } from '../../src/sources/thread-id.js';
import { MIGRATIONS } from './state-db-migrations.js';

/** The levels of the real databases in the corpus (Codex 0.105, 0.118, 0.126 and 0.146), and the newest upstream (0059, autumn 2026). */
export type SchemaVersion = 17 | 22 | 29 | 42 | 59;

export type SqlValue = string | number | bigint | Buffer | null;

export interface ThreadSeed {
  id: string;
  rolloutPath: string;
  /** Unix seconds. Default: the time in a UUIDv7 id, else 2026-04-07T15:24:08Z. */
  createdAt?: number;
  /** Unix seconds. Default: createdAt + 151. */
  updatedAt?: number;
  /** Unix ms (schema >= 25). Default NULL, which Codex's insert trigger turns into createdAt * 1000. */
  createdAtMs?: number | null;
  updatedAtMs?: number | null;
  /** Bare (`vscode`, `cli`, `exec`) or JSON text. Default `vscode`, the Desktop app's value. */
  source?: string;
  modelProvider?: string;
  cwd?: string;
  /** Default: firstUserMessage. */
  title?: string;
  sandboxPolicy?: string;
  approvalMode?: string;
  tokensUsed?: number;
  archived?: boolean;
  /** Default: updatedAt when archived, else NULL. */
  archivedAt?: number | null;
  gitSha?: string | null;
  gitBranch?: string | null;
  gitOriginUrl?: string | null;
  /** Default: a Codex version of the schema's era. */
  cliVersion?: string;
  firstUserMessage?: string;
  agentNickname?: string | null;
  agentRole?: string | null;
  agentPath?: string | null;
  memoryMode?: string;
  model?: string | null;
  reasoningEffort?: string | null;
  /** Schema >= 30. Default `user`. */
  threadSource?: string | null;
  /** Schema >= 32. Default: firstUserMessage. */
  preview?: string;
  historyMode?: string;
  name?: string | null;
  /** Cells written verbatim over the generated ones, by column name (untrusted shapes: text in INTEGER columns…). */
  raw?: Record<string, SqlValue>;
}

interface SpawnEdgeSeed {
  parent: string;
  child: string;
  /** Default `open`. */
  status?: string;
}

export interface StateDbSpec {
  schemaVersion: SchemaVersion;
  threads?: ThreadSeed[];
  /** Schema >= 21. */
  spawnEdges?: SpawnEdgeSeed[];
  /** Writes the `backfill_state` row `id = 1`; null or absent writes no row. */
  backfillStatus?: 'pending' | 'running' | 'complete' | null;
  /** Rows committed only in the `-wal` file: the database file alone does not have them. */
  walOnlyThreads?: ThreadSeed[];
  /** Nothing checkpointed yet: even the schema lives only in `-wal`, as in a new home while Codex runs. */
  nothingCheckpointed?: boolean;
  /** Rows for the schema's other tables (stage1_outputs, agent_jobs, thread_goals, …), by table. */
  rows?: Record<string, Record<string, SqlValue>[]>;
  /** When the migrations ran (unix s). Default: the earliest thread's createdAt. */
  migratedAt?: number;
}

const DEFAULT_CREATED_AT = 1775575448;

const CLI_VERSION_OF_SCHEMA: Record<SchemaVersion, string> = {
  17: '0.105.0',
  22: '0.118.0',
  29: '0.126.0-alpha.8',
  42: '0.146.0-alpha.3.1',
  59: '0.157.1',
};

const DEFAULT_SANDBOX_POLICY = '{"type":"workspace-write","writable_roots":[],"network_access":false,"exclude_tmpdir_env_var":false,"exclude_slash_tmp":false}';

export function buildStateDb(dbPath: string, spec: StateDbSpec): void {
  mkdirSync(dirname(dbPath), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const walOnly = spec.walOnlyThreads ?? [];
  if (walOnly.length === 0 && spec.nothingCheckpointed !== true) {
    // Closing the only connection checkpoints and deletes `-wal`: the file alone holds everything.
    createDatabase(dbPath, spec).close();
    return;
  }
  const staging = mkdtempSync(join(tmpdir(), 'codex-logs-state-db-staging-'));
  try {
    const stagedPath = join(staging, basename(dbPath));
    const db = createDatabase(stagedPath, spec);
    try {
      db.pragma('wal_autocheckpoint = 0');
      insertThreads(db, spec.schemaVersion, walOnly);
      // Copied while the writer is still open, as a running Codex leaves them; closing would checkpoint.
      for (const suffix of ['', '-wal', '-shm']) copyFileSync(stagedPath + suffix, dbPath + suffix);
    } finally {
      db.close();
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** An open connection to a database with every row of `spec` except the WAL-only ones, checkpointed unless asked not. */
function createDatabase(dbPath: string, spec: StateDbSpec): Database.Database {
  const db = new Database(dbPath);
  try {
    // The two newer real databases use incremental auto-vacuum, the two older ones none.
    db.pragma(`auto_vacuum = ${spec.schemaVersion >= 29 ? 'INCREMENTAL' : 'NONE'}`);
    db.pragma('journal_mode = WAL');
    if (spec.nothingCheckpointed === true) db.pragma('wal_autocheckpoint = 0');
    const seeds = [...(spec.threads ?? []), ...(spec.walOnlyThreads ?? [])];
    const migratedAt = spec.migratedAt ?? (seeds.length > 0 ? Math.min(...seeds.map(createdAtOf)) : DEFAULT_CREATED_AT);
    migrate(db, spec.schemaVersion, migratedAt);
    insertThreads(db, spec.schemaVersion, spec.threads ?? []);
    insertSpawnEdges(db, spec.schemaVersion, spec.spawnEdges ?? []);
    if (spec.backfillStatus != null) insertBackfill(db, spec.backfillStatus, migratedAt);
    for (const [table, rows] of Object.entries(spec.rows ?? {})) {
      for (const row of rows) {
        const keys = Object.keys(row);
        db.prepare(`INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...Object.values(row));
      }
    }
    if (spec.nothingCheckpointed !== true) db.pragma('wal_checkpoint(TRUNCATE)');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: Database.Database, version: SchemaVersion, migratedAt: number): void {
  db.exec(`CREATE TABLE _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    success BOOLEAN NOT NULL,
    checksum BLOB NOT NULL,
    execution_time BIGINT NOT NULL
)`);
  const record = db.prepare('INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (?, ?, ?, 1, ?, ?)');
  const installedOn = new Date(migratedAt * 1000).toISOString().slice(0, 19).replace('T', ' ');
  for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
    db.transaction(() => {
      for (const statement of m.statements) db.exec(statement);
      // sqlx stores the SHA-384 of the migration file; these statements stand in for the file.
      const checksum = createHash('sha384').update(m.statements.join(';\n')).digest();
      record.run(m.version, m.description, installedOn, checksum, 80_000 + m.version * 7_919);
    })();
  }
}

function createdAtOf(seed: ThreadSeed): number {
  if (seed.createdAt !== undefined) return seed.createdAt;
  const ms = uuidV7TimeMs(seed.id);
  return ms === null ? DEFAULT_CREATED_AT : Math.floor(ms / 1000);
}

/** Every column any schema version has, with this seed's value; the caller keeps those the table has. */
function threadCells(seed: ThreadSeed, version: SchemaVersion): Record<string, SqlValue> {
  const createdAt = createdAtOf(seed);
  const updatedAt = seed.updatedAt ?? createdAt + 151;
  const archived = seed.archived ?? false;
  const firstUserMessage = seed.firstUserMessage ?? 'Fix the failing build on main';
  return {
    id: seed.id,
    rollout_path: seed.rolloutPath,
    created_at: createdAt,
    updated_at: updatedAt,
    source: seed.source ?? 'vscode',
    model_provider: seed.modelProvider ?? 'openai',
    cwd: seed.cwd ?? '/Users/dev/Projects/app',
    title: seed.title ?? firstUserMessage,
    sandbox_policy: seed.sandboxPolicy ?? DEFAULT_SANDBOX_POLICY,
    approval_mode: seed.approvalMode ?? 'on-request',
    tokens_used: seed.tokensUsed ?? 311700,
    has_user_event: 0,
    archived: archived ? 1 : 0,
    archived_at: seed.archivedAt !== undefined ? seed.archivedAt : archived ? updatedAt : null,
    git_sha: seed.gitSha ?? null,
    git_branch: seed.gitBranch ?? null,
    git_origin_url: seed.gitOriginUrl ?? null,
    cli_version: seed.cliVersion ?? CLI_VERSION_OF_SCHEMA[version],
    first_user_message: firstUserMessage,
    agent_nickname: seed.agentNickname ?? null,
    agent_role: seed.agentRole ?? null,
    memory_mode: seed.memoryMode ?? 'enabled',
    model: seed.model !== undefined ? seed.model : 'gpt-5.4',
    reasoning_effort: seed.reasoningEffort !== undefined ? seed.reasoningEffort : 'medium',
    agent_path: seed.agentPath ?? null,
    created_at_ms: seed.createdAtMs ?? null,
    updated_at_ms: seed.updatedAtMs ?? null,
    thread_source: seed.threadSource !== undefined ? seed.threadSource : 'user',
    preview: seed.preview ?? firstUserMessage,
    // Zero lets Codex's insert trigger seed recency from updated_at, as for every row Codex writes.
    recency_at: 0,
    recency_at_ms: 0,
    history_mode: seed.historyMode ?? 'legacy',
    name: seed.name ?? null,
  };
}

function insertThreads(db: Database.Database, version: SchemaVersion, seeds: readonly ThreadSeed[]): void {
  const columns = new Set(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('threads') as string[]);
  db.transaction(() => {
    for (const seed of seeds) {
      const generated = Object.entries(threadCells(seed, version)).filter(([column]) => columns.has(column));
      const cells = { ...Object.fromEntries(generated), ...seed.raw };
      const names = Object.keys(cells);
      db.prepare(`INSERT INTO threads (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...Object.values(cells));
    }
  })();
}

function insertSpawnEdges(db: Database.Database, version: SchemaVersion, edges: readonly SpawnEdgeSeed[]): void {
  if (edges.length === 0) return;
  if (version < 21) throw new Error(`thread_spawn_edges does not exist before schema 21 (asked for ${version})`);
  const insert = db.prepare('INSERT INTO thread_spawn_edges (parent_thread_id, child_thread_id, status) VALUES (?, ?, ?)');
  for (const e of edges) insert.run(e.parent, e.child, e.status ?? 'open');
}

function insertBackfill(db: Database.Database, status: 'pending' | 'running' | 'complete', at: number): void {
  db.prepare('INSERT INTO backfill_state (id, status, last_watermark, last_success_at, updated_at) VALUES (1, ?, NULL, ?, ?)').run(
    status,
    status === 'complete' ? at : null,
    at,
  );
}

/**
 * A database with untyped, unconstrained tables (as an import tool or a foreign program could leave), for cells
 * Codex's schema would refuse: NULL in NOT NULL columns, missing columns, no `threads` table at all.
 * Columns are the union of the rows' keys unless given.
 */
export function buildLooseDb(dbPath: string, tables: Record<string, { columns?: string[]; rows: Record<string, SqlValue>[] }>): void {
  mkdirSync(dirname(dbPath), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const db = new Database(dbPath);
  try {
    for (const [table, { columns, rows }] of Object.entries(tables)) {
      const names = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
      db.exec(`CREATE TABLE ${table} (${names.join(', ')})`);
      for (const row of rows) {
        const keys = Object.keys(row);
        db.prepare(`INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...Object.values(row));
      }
    }
  } finally {
    db.close();
  }
}
