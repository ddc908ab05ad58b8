import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readStateDb } from '../../../src/sources/state-db/read.js';
import type { StateDbOk } from '../../../src/sources/state-db/types.js';
import { fileFingerprint } from '../../builders/fingerprint.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpus = join(repoRoot, '..', 'shared', 'corpus');

interface Expected {
  dir: string;
  schemaVersion: number;
  threads: number;
  rowsOnlyInWal: string[] | null;
  spawnEdges: number | null;
  threadColumns: number;
  backfillUpdatedAt: number;
}

/** Counts as sqlite-dumps.txt shows them (and the corpus README: one Xu-Wentao row is only in `-wal`). */
const DATABASES: Expected[] = [
  { dir: 'state-db/Quelklef+shell-ws', schemaVersion: 17, threads: 1, rowsOnlyInWal: [], spawnEdges: null, threadColumns: 21, backfillUpdatedAt: 1773857083 },
  {
    dir: 'codex-homes/Xu-Wentao+dotfile/.codex',
    schemaVersion: 22,
    threads: 5,
    rowsOnlyInWal: ['019d6de1-d0fe-7f81-a1e1-d510f519f70e'],
    spawnEdges: 0,
    threadColumns: 25,
    backfillUpdatedAt: 1775575448,
  },
  {
    dir: 'state-db/olivia215215+cabinet-governance',
    schemaVersion: 29,
    threads: 21,
    rowsOnlyInWal: null,
    spawnEdges: 6,
    threadColumns: 27,
    backfillUpdatedAt: 1777443738,
  },
  {
    dir: 'state-db/doudouqie66+CommonTools',
    schemaVersion: 42,
    threads: 441,
    rowsOnlyInWal: [],
    spawnEdges: 3,
    threadColumns: 33,
    backfillUpdatedAt: 1780886418,
  },
];

function read(dir: string): StateDbOk {
  const result = readStateDb(join(corpus, dir, 'state_5.sqlite'));
  if (result.status !== 'ok') throw new Error(`${dir}: ${JSON.stringify(result)}`);
  return result;
}

describe.skipIf(!existsSync(corpus))('readStateDb on the real state databases', () => {
  it.each(DATABASES)('$dir: schema $schemaVersion, $threads threads, untouched', (e) => {
    const home = join(corpus, e.dir);
    const files = ['state_5.sqlite', 'state_5.sqlite-wal', 'state_5.sqlite-shm'].map((f) => join(home, f));
    const before = fileFingerprint(files);
    const listing = readdirSync(home).sort();
    const r = read(e.dir);
    expect(r.schemaVersion).toBe(e.schemaVersion);
    expect(r.threads).toHaveLength(e.threads);
    expect(new Set(r.threads.map((t) => t.id)).size).toBe(e.threads);
    expect(r.rowsOnlyInWal).toEqual(e.rowsOnlyInWal);
    expect(r.walPath).toBe(e.rowsOnlyInWal === null ? null : join(home, 'state_5.sqlite-wal'));
    expect(r.spawnEdges?.length ?? null).toBe(e.spawnEdges);
    expect(r.threadColumns).toHaveLength(e.threadColumns);
    expect(r.backfill).toEqual({ status: 'complete', lastWatermark: null, lastSuccessAt: e.backfillUpdatedAt, updatedAt: e.backfillUpdatedAt });
    expect(fileFingerprint(files)).toEqual(before);
    expect(readdirSync(home).sort()).toEqual(listing);
  });

  it('reads the Xu-Wentao row that exists only in -wal with its values', () => {
    const r = read('codex-homes/Xu-Wentao+dotfile/.codex');
    const row = r.threads.find((t) => t.id === '019d6de1-d0fe-7f81-a1e1-d510f519f70e');
    expect(row).toEqual({
      id: '019d6de1-d0fe-7f81-a1e1-d510f519f70e',
      rolloutPath: '/Users/xuwentao/.codex/sessions/2026/04/09/rollout-2026-04-09T00-16-48-019d6de1-d0fe-7f81-a1e1-d510f519f70e.jsonl',
      createdAt: 1775665008,
      updatedAt: 1775665015,
      createdAtMs: null,
      updatedAtMs: null,
      source: 'cli',
      modelProvider: 'openai',
      cwd: '/Users/xuwentao/.codex',
      title: 'update',
      archived: false,
      archivedAt: null,
      cliVersion: '0.118.0',
      firstUserMessage: 'update',
      agentNickname: null,
      agentRole: null,
      agentPath: null,
      model: 'gpt-5.4',
      threadSource: null,
      preview: null,
      historyMode: null,
      name: null,
      tokensUsed: 0,
    });
  });

  it('reads the Windows subagent rows of schema 42 and their spawn edges', () => {
    const r = read('state-db/doudouqie66+CommonTools');
    const parent = '019f4efb-ae76-7e30-b44e-3fa464c16193';
    const children = r.threads.filter((t) => t.threadSource === 'subagent');
    expect(children.map((t) => [t.id, t.agentNickname, t.agentPath]).sort()).toEqual([
      ['019f4efd-0137-7790-9622-c175e1415048', 'Noether', '/root/timer_audit'],
      ['019f4efd-37a3-7730-acde-568b9592cea0', 'Arendt', '/root/rpc_audit'],
      ['019f4efd-69cb-70d1-9b5a-1941180791a6', 'Heisenberg', '/root/lifecycle_audit'],
    ]);
    expect(children.every((t) => t.source.includes(`"parent_thread_id":"${parent}"`))).toBe(true);
    expect(r.spawnEdges?.map((e) => [e.parentThreadId, e.childThreadId, e.status]).sort()).toEqual(children.map((t) => [parent, t.id, 'open']).sort());
    const noether = children.find((t) => t.agentNickname === 'Noether');
    expect(noether?.createdAtMs).toBe(1783736631607);
    expect(noether?.rolloutPath).toBe(
      'C:\\Users\\admin\\.codex\\sessions\\2026\\07\\11\\rollout-2026-07-11T10-23-56-019f4efd-0137-7790-9622-c175e1415048.jsonl',
    );
    expect(noether?.cwd?.startsWith('\\\\?\\C:\\')).toBe(true);
    expect(r.threads.filter((t) => t.source === 'vscode' && t.threadSource === 'user' && t.historyMode === 'legacy')).toHaveLength(438);
  });

  it('reads the guardian and thread_spawn sources of schema 29 as stored', () => {
    const r = read('state-db/olivia215215+cabinet-governance');
    const bySource = new Map<string, number>();
    for (const t of r.threads) {
      const kind = t.source.startsWith('{"subagent":{"thread_spawn"') ? 'thread_spawn' : t.source;
      bySource.set(kind, (bySource.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(bySource)).toEqual({ vscode: 10, cli: 1, '{"subagent":{"other":"guardian"}}': 4, thread_spawn: 6 });
    expect(r.threads.every((t) => t.createdAtMs !== null && t.threadSource === null && t.preview === null)).toBe(true);
  });
});
