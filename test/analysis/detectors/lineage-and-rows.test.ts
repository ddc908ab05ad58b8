import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { idAt, kinds, only, rowFor, run, writeDb, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();

const parent = idAt(0, 'parent');
const child = idAt(5, 'child');
const gone = idAt(1, 'gone');
const spawnSource = (p: string) => ({ subagent: { thread_spawn: { parent_thread_id: p, depth: 1, agent_nickname: 'Russell' } } });

describe('missing-fork-parent (F12)', () => {
  it('flags a fork whose parent left no trace', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, child, 5, { forkedFromId: gone }), s.home)]);
    expect(only(await run(s), 'missing-fork-parent').map((f) => f.threadId)).toEqual([child]);
  });

  it('is quiet when the parent has a row or a rollout', async () => {
    const p = writeThreadRollout(s, parent, 0);
    writeDb(s, [rowFor(p, s.home), rowFor(writeThreadRollout(s, child, 5, { forkedFromId: parent }), s.home)]);
    expect(only(await run(s), 'missing-fork-parent')).toEqual([]);
  });
});

describe('missing-spawn-parent and stale-spawn-edge (F13)', () => {
  it('flags a subagent whose parent is gone, from its session_meta or its row', async () => {
    const spec = writeThreadRollout(s, child, 5, { source: spawnSource(gone) });
    writeDb(s, [rowFor(spec, s.home, { source: JSON.stringify(spawnSource(gone)) })], { spawnEdges: [] });
    expect(only(await run(s), 'missing-spawn-parent').map((f) => f.threadId)).toEqual([child]);
  });

  it('flags an edge still open for an archived child, and is quiet for a closed one', async () => {
    const p = writeThreadRollout(s, parent, 0);
    const c = writeThreadRollout(s, child, 5, { source: spawnSource(parent), root: 'archived_sessions' });
    const rows = [rowFor(p, s.home), rowFor(c, s.home, { source: JSON.stringify(spawnSource(parent)), archived: true, archivedAt: 1_777_800_000 })];
    writeDb(s, rows, { spawnEdges: [{ parent, child, status: 'open' }] });
    expect(kinds(await run(s))).toEqual([`stale-spawn-edge ${child}`]);
    writeDb(s, rows, { spawnEdges: [{ parent, child, status: 'closed' }] });
    expect(kinds(await run(s))).toEqual([]);
  });
});

describe('orphan-child-row (F18)', () => {
  it('flags spawn edges and session_index lines naming threads without a row, one finding per place', async () => {
    const p = writeThreadRollout(s, parent, 0);
    writeDb(s, [rowFor(p, s.home)], { spawnEdges: [{ parent, child: gone, status: 'open' }] });
    writeFileSync(
      join(s.home, 'session_index.jsonl'),
      `${JSON.stringify({ id: parent, thread_name: 'a', updated_at: '2026-05-03T08:00:00Z' })}\n${JSON.stringify({ id: child, thread_name: 'b', updated_at: '2026-05-03T08:05:00.2880545Z' })}\nnot json\n`,
    );
    const found = only(await run(s), 'orphan-child-row');
    expect(found.map((f) => [f.summary, f.threadId])).toEqual([
      ['thread_spawn_edges names 1 conversation with no threads row', gone],
      ['session_index.jsonl names 1 conversation with no threads row', child],
    ]);
    expect(found[1]?.evidence[0]).toMatchObject({ file: join(s.home, 'session_index.jsonl'), line: 2 });
  });

  it('is quiet when every reference has its row', async () => {
    const p = writeThreadRollout(s, parent, 0);
    const c = writeThreadRollout(s, child, 5, { source: spawnSource(parent) });
    writeDb(s, [rowFor(p, s.home), rowFor(c, s.home, { source: JSON.stringify(spawnSource(parent)) })], { spawnEdges: [{ parent, child, status: 'open' }] });
    writeFileSync(join(s.home, 'session_index.jsonl'), `${JSON.stringify({ id: parent, thread_name: 'a', updated_at: '2026-05-03T08:00:00Z' })}\n`);
    expect(only(await run(s), 'orphan-child-row')).toEqual([]);
  });
});

describe('backfill-incomplete (F19) and external-row (F20)', () => {
  it('says once that the backfill is not complete', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, parent, 0), s.home)], { backfillStatus: 'running' });
    expect(only(await run(s), 'backfill-incomplete').map((f) => [f.severity, f.threadId])).toEqual([['info', null]]);
    writeDb(s, [rowFor(writeThreadRollout(s, parent, 0), s.home)], { backfillStatus: 'complete' });
    expect(only(await run(s), 'backfill-incomplete')).toEqual([]);
  });

  it("flags rows written by an import tool, and not Codex's own versions and sources", async () => {
    const p = writeThreadRollout(s, parent, 0);
    const c = writeThreadRollout(s, child, 5);
    writeDb(s, [rowFor(p, s.home, { cliVersion: 'chatgpt2codex/1.2.0' }), rowFor(c, s.home, { cliVersion: '0.146.0-alpha.3.1', source: 'cli' })]);
    expect(only(await run(s), 'external-row').map((f) => [f.threadId, f.summary])).toEqual([
      [parent, "Row written by another tool: cli_version 'chatgpt2codex/1.2.0'"],
    ]);
  });
});
