import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLooseDb, buildStateDb, type SchemaVersion } from './state-db.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpus = join(repoRoot, '..', 'shared', 'corpus');

const ID_A = '019d688b-3b5f-72c0-8028-4a4af562b9f5';
const ID_B = '019d6d67-1952-7e83-93ef-94497e3c15b6';
const ID_WAL = '019d6de1-d0fe-7f81-a1e1-d510f519f70e';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-state-db-builder-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a private copy (with `-wal` when asked), so that inspecting a built database cannot change it. */
function inspect<T>(dbPath: string, withWal: boolean, read: (db: Database.Database) => T): T {
  const copyDir = mkdtempSync(join(dir, 'inspect-'));
  const copy = join(copyDir, 'copy.sqlite');
  copyFileSync(dbPath, copy);
  if (withWal && existsSync(`${dbPath}-wal`)) copyFileSync(`${dbPath}-wal`, `${copy}-wal`);
  const db = new Database(copy, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function schemaOf(db: Database.Database): Map<string, string | null> {
  const rows = db.prepare('SELECT type, name, sql FROM sqlite_master').all() as { type: string; name: string; sql: string | null }[];
  // The Windows database stores its DDL with CRLF line ends; the text is otherwise the same.
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, r.sql?.replaceAll('\r\n', '\n') ?? null]));
}

const TABLES: Record<SchemaVersion, string[]> = {
  17: [
    '_sqlx_migrations',
    'agent_job_items',
    'agent_jobs',
    'backfill_state',
    'jobs',
    'logs',
    'sqlite_sequence',
    'stage1_outputs',
    'thread_dynamic_tools',
    'threads',
  ],
  22: [
    '_sqlx_migrations',
    'agent_job_items',
    'agent_jobs',
    'backfill_state',
    'jobs',
    'logs',
    'sqlite_sequence',
    'stage1_outputs',
    'thread_dynamic_tools',
    'thread_spawn_edges',
    'threads',
  ],
  29: [
    '_sqlx_migrations',
    'agent_job_items',
    'agent_jobs',
    'backfill_state',
    'device_key_bindings',
    'jobs',
    'remote_control_enrollments',
    'sqlite_sequence',
    'stage1_outputs',
    'thread_dynamic_tools',
    'thread_goals',
    'thread_spawn_edges',
    'threads',
  ],
  42: [
    '_sqlx_migrations',
    'backfill_state',
    'external_agent_config_imports',
    'remote_control_enrollments',
    'sqlite_sequence',
    'thread_dynamic_tools',
    'thread_spawn_edges',
    'threads',
  ],
  59: [
    '_sqlx_migrations',
    'backfill_state',
    'external_agent_config_imports',
    'project_idempotency_keys',
    'project_roots',
    'projects',
    'remote_control_enrollments',
    'rollout_migration_skipped_rollouts',
    'rollout_migration_state',
    'sqlite_sequence',
    'thread_attachments',
    'thread_dynamic_tools',
    'thread_sections',
    'thread_spawn_edges',
    'threads',
  ],
};

// 59: the 42 columns of upstream-delta B4 (the 33 of schema 42 and nine more).
const THREAD_COLUMN_COUNT: Record<SchemaVersion, number> = { 17: 21, 22: 25, 29: 27, 42: 33, 59: 42 };

describe('buildStateDb', () => {
  it.each([17, 22, 29, 42, 59] as const)('writes the tables, threads columns and migration rows of schema %i', (version) => {
    const path = join(dir, 'state_5.sqlite');
    buildStateDb(path, { schemaVersion: version, threads: [{ id: ID_A, rolloutPath: '/r/a.jsonl' }] });
    inspect(path, false, (db) => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(TABLES[version]);
      expect(db.prepare('SELECT COUNT(*) FROM pragma_table_info(?)').pluck().get('threads')).toBe(THREAD_COLUMN_COUNT[version]);
      const migrations = db.prepare('SELECT version, success, length(checksum) AS checksumBytes FROM _sqlx_migrations ORDER BY version').all();
      expect(migrations).toEqual(Array.from({ length: version }, (_, i) => ({ version: i + 1, success: 1, checksumBytes: 48 })));
      expect(db.prepare('SELECT description FROM _sqlx_migrations WHERE version IN (1, 8, 17) ORDER BY version').pluck().all()).toEqual([
        'threads',
        'backfill state',
        'phase2 selection flag',
      ]);
      expect(db.prepare('SELECT installed_on FROM _sqlx_migrations WHERE version = 1').pluck().get()).toBe('2026-04-07 15:24:08');
    });
  });

  it('stores the real v17 threads DDL, columns appended by ALTER TABLE as upstream', () => {
    const path = join(dir, 'state_5.sqlite');
    buildStateDb(path, { schemaVersion: 17 });
    const sql = inspect(path, false, (db) => db.prepare("SELECT sql FROM sqlite_master WHERE name = 'threads'").pluck().get());
    expect(sql).toBe(`CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    rollout_path TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    source TEXT NOT NULL,
    model_provider TEXT NOT NULL,
    cwd TEXT NOT NULL,
    title TEXT NOT NULL,
    sandbox_policy TEXT NOT NULL,
    approval_mode TEXT NOT NULL,
    tokens_used INTEGER NOT NULL DEFAULT 0,
    has_user_event INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    archived_at INTEGER,
    git_sha TEXT,
    git_branch TEXT,
    git_origin_url TEXT
, cli_version TEXT NOT NULL DEFAULT '', first_user_message TEXT NOT NULL DEFAULT '', agent_nickname TEXT, agent_role TEXT)`);
  });

  it('marks the file as WAL (header bytes 18-19 = 2) and leaves no -wal or -shm without WAL-only rows', () => {
    const path = join(dir, 'state_5.sqlite');
    buildStateDb(path, { schemaVersion: 42, threads: [{ id: ID_A, rolloutPath: '/r/a.jsonl' }] });
    const header = readFileSync(path).subarray(0, 20);
    expect([header[18], header[19]]).toEqual([2, 2]);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
  });

  it('fills the *_ms and recency columns through Codex triggers, as for rows Codex writes', () => {
    const path = join(dir, 'state_5.sqlite');
    buildStateDb(path, {
      schemaVersion: 42,
      threads: [
        { id: ID_A, rolloutPath: '/r/a.jsonl', createdAt: 1785246123, updatedAt: 1785247057 },
        { id: ID_B, rolloutPath: '/r/b.jsonl', createdAt: 1785246123, updatedAt: 1785247057, createdAtMs: 1785246123287, updatedAtMs: 1785247057235 },
      ],
    });
    const rows = inspect(path, false, (db) => db.prepare('SELECT id, created_at_ms, updated_at_ms, recency_at, recency_at_ms FROM threads ORDER BY id').all());
    expect(rows).toEqual([
      { id: ID_A, created_at_ms: 1785246123000, updated_at_ms: 1785247057000, recency_at: 1785247057, recency_at_ms: 1785247057000 },
      { id: ID_B, created_at_ms: 1785246123287, updated_at_ms: 1785247057235, recency_at: 1785247057, recency_at_ms: 1785247057235 },
    ]);
  });

  it('commits walOnlyThreads only in the -wal file: absent from the database file alone', () => {
    const path = join(dir, 'state_5.sqlite');
    buildStateDb(path, {
      schemaVersion: 22,
      threads: [{ id: ID_A, rolloutPath: '/r/a.jsonl' }],
      walOnlyThreads: [{ id: ID_WAL, rolloutPath: '/r/w.jsonl' }],
    });
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(existsSync(`${path}-shm`)).toBe(true);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    expect(inspect(path, false, (db) => db.prepare('SELECT id FROM threads').pluck().all())).toEqual([ID_A]);
    expect(inspect(path, true, (db) => db.prepare('SELECT id FROM threads ORDER BY rowid').pluck().all())).toEqual([ID_A, ID_WAL]);
  });

  it('writes spawn edges and the backfill row', () => {
    const path = join(dir, 'state_5.sqlite');
    buildStateDb(path, {
      schemaVersion: 29,
      threads: [{ id: ID_A, rolloutPath: '/r/a.jsonl', createdAt: 1777443738 }],
      spawnEdges: [
        { parent: ID_A, child: ID_B },
        { parent: ID_A, child: ID_WAL, status: 'closed' },
      ],
      backfillStatus: 'complete',
    });
    inspect(path, false, (db) => {
      expect(db.prepare('SELECT * FROM thread_spawn_edges ORDER BY child_thread_id').all()).toEqual([
        { parent_thread_id: ID_A, child_thread_id: ID_B, status: 'open' },
        { parent_thread_id: ID_A, child_thread_id: ID_WAL, status: 'closed' },
      ]);
      expect(db.prepare('SELECT * FROM backfill_state').all()).toEqual([
        { id: 1, status: 'complete', last_watermark: null, last_success_at: 1777443738, updated_at: 1777443738 },
      ]);
    });
  });

  it('refuses spawn edges before schema 21, which has no such table', () => {
    expect(() => buildStateDb(join(dir, 'state_5.sqlite'), { schemaVersion: 17, spawnEdges: [{ parent: ID_A, child: ID_B }] })).toThrow(
      'thread_spawn_edges does not exist before schema 21 (asked for 17)',
    );
  });

  it('buildLooseDb writes untyped tables that accept what Codex would refuse', () => {
    const path = join(dir, 'loose.sqlite');
    buildLooseDb(path, { threads: { rows: [{ id: 'x', rollout_path: null, created_at: 'soon' }] } });
    const rows = inspect(path, false, (db) => db.prepare('SELECT * FROM threads').all());
    expect(rows).toEqual([{ id: 'x', rollout_path: null, created_at: 'soon' }]);
  });
});

const REAL_DBS: { version: SchemaVersion; files: string[] }[] = [
  { version: 17, files: ['state-db/Quelklef+shell-ws/state_5.sqlite'] },
  { version: 22, files: ['codex-homes/Xu-Wentao+dotfile/.codex/state_5.sqlite'] },
  { version: 29, files: ['state-db/olivia215215+cabinet-governance/state_5.sqlite'] },
  { version: 42, files: ['state-db/doudouqie66+CommonTools/state_5.sqlite'] },
];

describe.skipIf(!existsSync(corpus))('buildStateDb against the real databases', () => {
  it.each(REAL_DBS)('schema $version: every table, index and trigger has the real sqlite_master text', ({ version, files }) => {
    const built = join(dir, 'built', 'state_5.sqlite');
    buildStateDb(built, { schemaVersion: version, threads: [{ id: ID_A, rolloutPath: '/r/a.jsonl' }] });
    const realDir = join(dir, 'real');
    mkdirSync(realDir);
    const realCopy = join(realDir, 'state_5.sqlite');
    const [file] = files;
    copyFileSync(join(corpus, file ?? ''), realCopy);
    if (existsSync(join(corpus, `${file}-wal`))) copyFileSync(join(corpus, `${file}-wal`), `${realCopy}-wal`);
    const real = inspect(realCopy, true, schemaOf);
    const ours = inspect(built, false, schemaOf);
    expect([...ours.keys()].sort()).toEqual([...real.keys()].sort());
    for (const [key, sql] of real) expect({ key, sql: ours.get(key) }).toEqual({ key, sql });
    const autoVacuum = (p: string, wal: boolean): unknown => inspect(p, wal, (db) => db.pragma('auto_vacuum', { simple: true }));
    expect(autoVacuum(built, false)).toBe(autoVacuum(realCopy, true));
  });
});
