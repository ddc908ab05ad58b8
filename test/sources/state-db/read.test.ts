import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStateDb } from '../../../src/sources/state-db/read.js';
import type { StateDbOk, StateDbRead, ThreadRow } from '../../../src/sources/state-db/types.js';
import { fileFingerprint } from '../../builders/fingerprint.js';
import { startLiveWriter } from '../../builders/live-writer.js';
import { buildLooseDb, buildStateDb, type SchemaVersion, type ThreadSeed } from '../../builders/state-db.js';

const ROOT_ID = '019e1c6b-6b4c-7f52-9b7a-3a7d96c0faac';
const CHILD_ID = '019e1c6f-7141-7f40-8c27-a49f47a2b526';
const WAL_ID = '019e206d-14fa-7811-a15c-7a9b4a2fe5ab';
const SPAWN_SOURCE = `{"subagent":{"thread_spawn":{"parent_thread_id":"${ROOT_ID}","depth":1,"agent_path":null,"agent_nickname":"Russell","agent_role":"default"}}}`;

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-state-db-read-'));
  dbPath = join(dir, 'state_5.sqlite');
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

function expectOk(result: StateDbRead): StateDbOk {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

const ROOT_SEED: ThreadSeed = {
  id: ROOT_ID,
  rolloutPath: `/Users/admin/.codex/sessions/2026/05/12/rollout-2026-05-12T21-41-02-${ROOT_ID}.jsonl`,
  createdAt: 1778593262,
  updatedAt: 1778595528,
  createdAtMs: 1778593262425,
  updatedAtMs: 1778595528672,
  source: 'vscode',
  cwd: '/Users/admin/Documents/New project',
  title: '诸神归位',
  firstUserMessage: '陛下，核心文件就一个\n\n必须给：/Users/admin/CLAUDE.md',
  cliVersion: '0.126.0-alpha.8',
  tokensUsed: 2772258,
  model: 'gpt-5.5',
  threadSource: 'user',
  preview: '陛下，核心文件就一个',
  historyMode: 'paginated',
  name: '内阁',
};

const CHILD_SEED: ThreadSeed = {
  id: CHILD_ID,
  rolloutPath: `/Users/admin/.codex/archived_sessions/rollout-2026-05-12T21-45-26-${CHILD_ID}.jsonl`,
  createdAt: 1778593526,
  updatedAt: 1778593574,
  source: SPAWN_SOURCE,
  cwd: '/Users/admin/Documents/New project',
  title: 'Review the plan',
  firstUserMessage: 'Review the plan',
  cliVersion: '0.126.0-alpha.8',
  tokensUsed: 18808,
  archived: true,
  archivedAt: 1778600000,
  agentNickname: 'Russell',
  agentRole: 'default',
  agentPath: '/root/review',
  model: null,
  threadSource: 'subagent',
  preview: '',
};

/** The rows as schema 42 stores them; older schemas lack some columns, whose fields must read back as null. */
const ROOT_ROW: ThreadRow = {
  id: ROOT_ID,
  rolloutPath: `/Users/admin/.codex/sessions/2026/05/12/rollout-2026-05-12T21-41-02-${ROOT_ID}.jsonl`,
  createdAt: 1778593262,
  updatedAt: 1778595528,
  createdAtMs: 1778593262425,
  updatedAtMs: 1778595528672,
  source: 'vscode',
  modelProvider: 'openai',
  cwd: '/Users/admin/Documents/New project',
  title: '诸神归位',
  archived: false,
  archivedAt: null,
  cliVersion: '0.126.0-alpha.8',
  firstUserMessage: '陛下，核心文件就一个\n\n必须给：/Users/admin/CLAUDE.md',
  agentNickname: null,
  agentRole: null,
  agentPath: null,
  model: 'gpt-5.5',
  threadSource: 'user',
  preview: '陛下，核心文件就一个',
  historyMode: 'paginated',
  name: '内阁',
  tokensUsed: 2772258,
};

const CHILD_ROW: ThreadRow = {
  id: CHILD_ID,
  rolloutPath: `/Users/admin/.codex/archived_sessions/rollout-2026-05-12T21-45-26-${CHILD_ID}.jsonl`,
  createdAt: 1778593526,
  updatedAt: 1778593574,
  // No *_ms given: Codex's insert triggers derive them from the seconds.
  createdAtMs: 1778593526000,
  updatedAtMs: 1778593574000,
  source: SPAWN_SOURCE,
  modelProvider: 'openai',
  cwd: '/Users/admin/Documents/New project',
  title: 'Review the plan',
  archived: true,
  archivedAt: 1778600000,
  cliVersion: '0.126.0-alpha.8',
  firstUserMessage: 'Review the plan',
  agentNickname: 'Russell',
  agentRole: 'default',
  agentPath: '/root/review',
  model: null,
  threadSource: 'subagent',
  preview: '',
  historyMode: 'legacy',
  name: null,
  tokensUsed: 18808,
};

const ABSENT_FIELDS: Record<SchemaVersion, (keyof ThreadRow)[]> = {
  17: ['createdAtMs', 'updatedAtMs', 'agentPath', 'model', 'threadSource', 'preview', 'historyMode', 'name'],
  22: ['createdAtMs', 'updatedAtMs', 'threadSource', 'preview', 'historyMode', 'name'],
  29: ['threadSource', 'preview', 'historyMode', 'name'],
  42: [],
  59: [],
};

function asStoredBy(version: SchemaVersion, row: ThreadRow): ThreadRow {
  return { ...row, ...Object.fromEntries(ABSENT_FIELDS[version].map((field) => [field, null])) };
}

describe('readStateDb on databases built at each schema version', () => {
  it.each([17, 22, 29, 42, 59] as const)('schema %i reads back exactly', (version) => {
    buildStateDb(dbPath, {
      schemaVersion: version,
      threads: [ROOT_SEED, CHILD_SEED],
      spawnEdges: version >= 21 ? [{ parent: ROOT_ID, child: CHILD_ID }] : [],
      backfillStatus: 'complete',
    });
    const r = expectOk(readStateDb(dbPath));
    expect(r.path).toBe(dbPath);
    expect(r.walPath).toBeNull();
    expect(r.rowsOnlyInWal).toBeNull();
    expect(r.schemaVersion).toBe(version);
    expect(r.threads).toEqual([asStoredBy(version, ROOT_ROW), asStoredBy(version, CHILD_ROW)]);
    expect(r.spawnEdges).toEqual(version >= 21 ? [{ parentThreadId: ROOT_ID, childThreadId: CHILD_ID, status: 'open' }] : null);
    expect(r.backfill).toEqual({ status: 'complete', lastWatermark: null, lastSuccessAt: 1778593262, updatedAt: 1778593262 });
  });

  it('lists the tables (without sqlite_*) and the threads columns in table order', () => {
    buildStateDb(dbPath, { schemaVersion: 17 });
    const r = expectOk(readStateDb(dbPath));
    expect(r.tables).toEqual([
      '_sqlx_migrations',
      'agent_job_items',
      'agent_jobs',
      'backfill_state',
      'jobs',
      'logs',
      'stage1_outputs',
      'thread_dynamic_tools',
      'threads',
    ]);
    expect(r.threadColumns).toEqual([
      'id',
      'rollout_path',
      'created_at',
      'updated_at',
      'source',
      'model_provider',
      'cwd',
      'title',
      'sandbox_policy',
      'approval_mode',
      'tokens_used',
      'has_user_event',
      'archived',
      'archived_at',
      'git_sha',
      'git_branch',
      'git_origin_url',
      'cli_version',
      'first_user_message',
      'agent_nickname',
      'agent_role',
    ]);
    expect(r.threads).toEqual([]);
  });

  it('reads a pending backfill and no backfill row as null', () => {
    buildStateDb(dbPath, { schemaVersion: 42, backfillStatus: 'pending', migratedAt: 1780886418 });
    expect(expectOk(readStateDb(dbPath)).backfill).toEqual({ status: 'pending', lastWatermark: null, lastSuccessAt: null, updatedAt: 1780886418 });
    buildStateDb(dbPath, { schemaVersion: 42 });
    expect(expectOk(readStateDb(dbPath)).backfill).toBeNull();
  });
});

describe('readStateDb and the -wal file', () => {
  it('sees rows committed only in -wal and lists them in rowsOnlyInWal', () => {
    buildStateDb(dbPath, {
      schemaVersion: 42,
      threads: [ROOT_SEED, CHILD_SEED],
      walOnlyThreads: [{ id: WAL_ID, rolloutPath: `/Users/admin/.codex/sessions/2026/05/13/rollout-2026-05-13T16-21-20-${WAL_ID}.jsonl` }],
    });
    const r = expectOk(readStateDb(dbPath));
    expect(r.walPath).toBe(`${dbPath}-wal`);
    expect(r.threads.map((t) => t.id)).toEqual([ROOT_ID, CHILD_ID, WAL_ID]);
    expect(r.rowsOnlyInWal).toEqual([WAL_ID]);
  });

  it('reads a database whose schema itself is not checkpointed yet: every row is only in -wal', () => {
    buildStateDb(dbPath, { schemaVersion: 42, threads: [ROOT_SEED, CHILD_SEED], nothingCheckpointed: true });
    const r = expectOk(readStateDb(dbPath));
    expect(r.schemaVersion).toBe(42);
    expect(r.threads.map((t) => t.id)).toEqual([ROOT_ID, CHILD_ID]);
    expect(r.rowsOnlyInWal).toEqual([ROOT_ID, CHILD_ID]);
  });

  it('reports an empty -wal (after a TRUNCATE checkpoint) as present with no rows only in it', () => {
    buildStateDb(dbPath, { schemaVersion: 29, threads: [ROOT_SEED] });
    writeFileSync(`${dbPath}-wal`, '');
    const r = expectOk(readStateDb(dbPath));
    expect(r.walPath).toBe(`${dbPath}-wal`);
    expect(r.rowsOnlyInWal).toEqual([]);
    expect(r.threads.map((t) => t.id)).toEqual([ROOT_ID]);
  });

  it('leaves the database, -wal and -shm byte-identical with the same mtimes, and creates no file', () => {
    buildStateDb(dbPath, {
      schemaVersion: 42,
      threads: [ROOT_SEED],
      walOnlyThreads: [{ id: WAL_ID, rolloutPath: '/r/w.jsonl' }],
    });
    const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`];
    const before = fileFingerprint(files);
    expect(before).toHaveLength(3);
    const listing = readdirSync(dir).sort();
    expect(expectOk(readStateDb(dbPath)).rowsOnlyInWal).toEqual([WAL_ID]);
    expect(fileFingerprint(files)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(listing);
  });

  it('reads a database that a live writer keeps committing to', async () => {
    buildStateDb(dbPath, { schemaVersion: 42, threads: [ROOT_SEED] });
    const writer = await startLiveWriter(dbPath);
    try {
      const counts: number[] = [];
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const r = expectOk(readStateDb(dbPath));
        expect(r.threads[0]).toEqual(ROOT_ROW);
        expect(r.threads.slice(1).every((t) => t.id.startsWith('live-') && t.source === 'vscode')).toBe(true);
        counts.push(r.threads.length);
      }
      expect(counts[0]).toBeGreaterThan(1);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    } finally {
      writer.kill();
    }
  });

  it('creates no -wal or -shm beside a database that has none', () => {
    buildStateDb(dbPath, { schemaVersion: 22, threads: [ROOT_SEED] });
    const before = fileFingerprint([dbPath]);
    expectOk(readStateDb(dbPath));
    expect(readdirSync(dir)).toEqual(['state_5.sqlite']);
    expect(fileFingerprint([dbPath])).toEqual(before);
  });
});

describe('readStateDb on files it cannot use', () => {
  it('reports a missing file as missing', () => {
    expect(readStateDb(join(dir, 'nope', 'state_5.sqlite'))).toEqual({ status: 'missing', path: join(dir, 'nope', 'state_5.sqlite') });
  });

  it('reports random bytes (or an encrypted database) as not an SQLite database', () => {
    const bytes = Buffer.alloc(65536);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
    writeFileSync(dbPath, bytes);
    expect(readStateDb(dbPath)).toEqual({
      status: 'unreadable',
      path: dbPath,
      error: 'not an SQLite database (random bytes, an encrypted database or another kind of file)',
    });
  });

  it('reports a truncated database as damaged', () => {
    const threads = Array.from({ length: 300 }, (_, i) => ({
      id: `019e1c6b-6b4c-7f52-9b7a-${String(i).padStart(12, '0')}`,
      rolloutPath: `/r/${i}.jsonl`,
      firstUserMessage: `message ${i} `.repeat(40),
    }));
    buildStateDb(dbPath, { schemaVersion: 42, threads });
    truncateSync(dbPath, Math.floor(statSync(dbPath).size / 2));
    expect(readStateDb(dbPath)).toEqual({
      status: 'unreadable',
      path: dbPath,
      error: 'the database is damaged or truncated (SQLite: database disk image is malformed)',
    });
  });

  it('reports a database without a threads table, naming its tables', () => {
    buildLooseDb(dbPath, { notes: { columns: ['body'], rows: [{ body: 'hi' }] }, settings: { columns: ['k', 'v'], rows: [] } });
    expect(readStateDb(dbPath)).toEqual({
      status: 'unreadable',
      path: dbPath,
      error: 'no threads table, so not a Codex state database (its tables: notes, settings)',
    });
  });

  it('reports an empty file as empty', () => {
    writeFileSync(dbPath, '');
    expect(readStateDb(dbPath)).toEqual({ status: 'unreadable', path: dbPath, error: 'the file is empty (0 bytes)' });
  });

  it('reports a directory in place of the file', () => {
    mkdirSync(dbPath);
    expect(readStateDb(dbPath)).toEqual({ status: 'unreadable', path: dbPath, error: 'is a directory, not a file' });
  });

  it.skipIf(process.platform === 'win32')('reports a FIFO in place of the file without blocking on it', () => {
    execFileSync('mkfifo', [dbPath]);
    expect(readStateDb(dbPath)).toEqual({ status: 'unreadable', path: dbPath, error: 'not a regular file' });
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read as permission denied', () => {
    buildStateDb(dbPath, { schemaVersion: 42, threads: [ROOT_SEED] });
    chmodSync(dbPath, 0o000);
    expect(readStateDb(dbPath)).toEqual({ status: 'unreadable', path: dbPath, error: 'permission denied' });
  });

  it('leaves no private copy behind in the temp folder, also after a failure', () => {
    writeFileSync(dbPath, 'not a database\n'.repeat(300));
    const walDb = join(dir, 'wal', 'state_5.sqlite');
    buildStateDb(walDb, { schemaVersion: 42, threads: [ROOT_SEED], walOnlyThreads: [{ id: WAL_ID, rolloutPath: '/r/w.jsonl' }] });
    // A temp folder of this test's own: other test files run in parallel and make private copies of their own.
    const privateTmp = join(dir, 'tmp');
    mkdirSync(privateTmp);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      expect(tmpdir()).toBe(privateTmp);
      expect(readStateDb(dbPath).status).toBe('unreadable');
      expect(readStateDb(walDb).status).toBe('ok');
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(readdirSync(privateTmp)).toEqual([]);
  });
});

describe('readStateDb on untrusted cells', () => {
  it('coerces NULLs, text, reals, blobs and huge integers without throwing', () => {
    buildLooseDb(dbPath, {
      threads: {
        columns: ['id', 'rollout_path', 'created_at', 'updated_at', 'source', 'title', 'archived', 'archived_at', 'tokens_used', 'cli_version'],
        rows: [
          {
            id: null,
            rollout_path: null,
            created_at: null,
            updated_at: null,
            source: null,
            title: null,
            archived: null,
            archived_at: null,
            tokens_used: null,
            cli_version: null,
          },
          {
            id: 'a',
            rollout_path: 42,
            created_at: ' 1775575448 ',
            updated_at: 'yesterday',
            source: Buffer.from('cli'),
            title: 7.5,
            archived: 'true',
            archived_at: '1.7e9',
            tokens_used: 9223372036854775807n,
            cli_version: 'chatgpt2codex/1.2.0',
          },
          {
            id: 'b',
            rollout_path: '/r/b.jsonl',
            created_at: 1775575448.9,
            updated_at: Buffer.from([1, 2]),
            source: 'exec',
            title: '',
            archived: 2,
            archived_at: 'NaN',
            tokens_used: -1,
            cli_version: '',
          },
          {
            id: 'c',
            rollout_path: '/r/c.jsonl',
            created_at: 0,
            updated_at: Number.POSITIVE_INFINITY,
            source: 'cli',
            title: 'x',
            archived: 'no',
            archived_at: '',
            tokens_used: '12',
            cli_version: '0.0.0',
          },
        ],
      },
    });
    const r = expectOk(readStateDb(dbPath));
    expect(r.schemaVersion).toBeNull();
    expect(r.spawnEdges).toBeNull();
    expect(r.backfill).toBeNull();
    const absent = {
      createdAtMs: null,
      updatedAtMs: null,
      modelProvider: null,
      cwd: null,
      firstUserMessage: null,
      agentNickname: null,
      agentRole: null,
      agentPath: null,
      model: null,
      threadSource: null,
      preview: null,
      historyMode: null,
      name: null,
    };
    expect(r.threads).toEqual([
      {
        ...absent,
        id: '',
        rolloutPath: '',
        createdAt: null,
        updatedAt: null,
        source: '',
        title: null,
        archived: false,
        archivedAt: null,
        tokensUsed: null,
        cliVersion: null,
      },
      {
        ...absent,
        id: 'a',
        rolloutPath: '42',
        createdAt: 1775575448,
        updatedAt: null,
        source: 'cli',
        title: '7.5',
        archived: true,
        archivedAt: 1.7e9,
        tokensUsed: Number(9223372036854775807n),
        cliVersion: 'chatgpt2codex/1.2.0',
      },
      {
        ...absent,
        id: 'b',
        rolloutPath: '/r/b.jsonl',
        createdAt: 1775575448.9,
        updatedAt: null,
        source: 'exec',
        title: '',
        archived: true,
        archivedAt: null,
        tokensUsed: -1,
        cliVersion: '',
      },
      {
        ...absent,
        id: 'c',
        rolloutPath: '/r/c.jsonl',
        createdAt: 0,
        updatedAt: null,
        source: 'cli',
        title: 'x',
        archived: false,
        archivedAt: null,
        tokensUsed: 12,
        cliVersion: '0.0.0',
      },
    ]);
  });

  it('reads text written into the INTEGER columns of a real schema', () => {
    buildStateDb(dbPath, {
      schemaVersion: 42,
      threads: [{ ...ROOT_SEED, raw: { created_at: 'yesterday', archived: 'yes', tokens_used: '311700', archived_at: 'never' } }],
    });
    const [row] = expectOk(readStateDb(dbPath)).threads;
    expect(row).toEqual({ ...ROOT_ROW, createdAt: null, archived: false, archivedAt: null, tokensUsed: 311700 });
  });

  it('tolerates garbage in thread_spawn_edges, backfill_state and _sqlx_migrations', () => {
    buildLooseDb(dbPath, {
      threads: { columns: ['id', 'rollout_path', 'source'], rows: [] },
      thread_spawn_edges: { rows: [{ parent_thread_id: null, child_thread_id: 5, status: null }] },
      backfill_state: {
        rows: [
          { id: 2, status: 'running', updated_at: 3 },
          { id: '1', status: null, last_watermark: 17, last_success_at: 'soon', updated_at: '1780886418' },
        ],
      },
      _sqlx_migrations: { rows: [{ version: 3 }, { version: '41' }, { version: 12 }] },
    });
    const r = expectOk(readStateDb(dbPath));
    expect(r.spawnEdges).toEqual([{ parentThreadId: '', childThreadId: '5', status: '' }]);
    expect(r.backfill).toEqual({ status: '', lastWatermark: '17', lastSuccessAt: null, updatedAt: 1780886418 });
    // SQLite orders any text above every integer: MAX(version) is the text '41', read as the number it spells.
    expect(r.schemaVersion).toBe(41);
    expect(r.threadColumns).toEqual(['id', 'rollout_path', 'source']);
  });

  it('reads a threads table that has none of the known columns', () => {
    buildLooseDb(dbPath, { threads: { columns: ['thread', 'path'], rows: [{ thread: 'x', path: '/y' }] } });
    const r = expectOk(readStateDb(dbPath));
    expect(r.threads).toHaveLength(1);
    expect(r.threads[0]?.id).toBe('');
    expect(r.threadColumns).toEqual(['thread', 'path']);
  });
});
