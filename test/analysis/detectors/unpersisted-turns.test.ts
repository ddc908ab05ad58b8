import { describe, expect, it } from 'vitest';
import { at, idAt, kinds, only, routed, rowFor, run, sideChat, writeDb, writeLog, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();

const id = idAt(0, 'chat');
const turn = (minutes: number) => ({ at: at(minutes), userMessage: 'q', agentMessage: 'a', complete: true, durationMs: 3000 });

describe('unpersisted-turns', () => {
  it('flags turns routed after the rollout and the row last changed, with how many, the first and the last', async () => {
    const spec = writeThreadRollout(s, id, 0, { turns: [turn(1), turn(2)] });
    writeDb(s, [rowFor(spec, s.home, { updatedAt: Math.floor(at(2) / 1000) + 3 })]);
    writeLog(s, [
      routed(0, 'thread/start', id),
      routed(1, 'turn/start', id),
      routed(2, 'turn/start', id),
      routed(30, 'turn/start', id),
      routed(31, 'thread/inject_items', id),
      routed(32, 'turn/start', id),
    ]);
    const report = await run(s);
    expect(kinds(report)).toEqual([`unpersisted-turns ${id}`]);
    const [finding] = only(report, 'unpersisted-turns');
    expect(finding).toMatchObject({ severity: 'high', count: 3 });
    expect(finding?.summary).toContain(`from ${new Date(at(30)).toISOString()} to ${new Date(at(32)).toISOString()}`);
    // The timeline marks each routed turn.
    const events = report.conversations.find((c) => c.id === id)!.events.filter((e) => e.turnStatus !== undefined);
    expect(events.map((e) => e.turnStatus)).toEqual(['persisted', 'persisted', 'unpersisted', 'unpersisted', 'unpersisted']);
  });

  it('counts every lost turn even when the analysis keeps only a sample of them, and --thread keeps them all', async () => {
    const spec = writeThreadRollout(s, id, 0, { turns: [turn(1)] });
    writeDb(s, [rowFor(spec, s.home, { updatedAt: Math.floor(at(1) / 1000) + 3 })]);
    writeLog(s, [routed(1, 'turn/start', id), ...Array.from({ length: 40 }, (_, i) => routed(10 + i, 'turn/start', id))]);
    const report = await run(s);
    const [finding] = only(report, 'unpersisted-turns');
    expect(finding).toMatchObject({ count: 40 });
    expect(finding?.summary).toContain(`from ${new Date(at(10)).toISOString()} to ${new Date(at(49)).toISOString()}`);
    const sampled = report.conversations.find((c) => c.id === id)!;
    expect(sampled.logEventCounts['desktop-log/turn-start']).toBe(41);
    expect(sampled.logEventsNotKept).toBeGreaterThan(30);
    const whole = (await run(s, { threads: [id] })).conversations.find((c) => c.id === id)!;
    expect(whole.events.filter((e) => e.turnStatus === 'unpersisted')).toHaveLength(40);
    expect(whole.logEventsNotKept).toBe(0);
  });

  it('is quiet for deferred materialization: the first turn writes the file', async () => {
    const spec = writeThreadRollout(s, id, 0, { turns: [turn(0.2)] });
    writeDb(s, [rowFor(spec, s.home)]);
    writeLog(s, [routed(0, 'thread/start', id), routed(0.2, 'turn/start', id)]);
    expect(kinds(await run(s))).toEqual([]);
  });

  it('is quiet for a write that lands within the tolerance after the turn', async () => {
    const spec = writeThreadRollout(s, id, 0, { turns: [{ ...turn(1), durationMs: 0 }] });
    writeDb(s, [rowFor(spec, s.home, { updatedAt: Math.floor(at(1) / 1000) })]);
    // Routed 3 s after the last line was written: buffered, not lost.
    writeLog(s, [{ ...routed(1, 'turn/start', id), ts: at(1) + 3_000 }]);
    expect(only(await run(s), 'unpersisted-turns')).toEqual([]);
  });

  it('leaves ephemeral side chats to unpersisted-conversation', async () => {
    const parent = writeThreadRollout(s, id, 0, { turns: [turn(1)] });
    writeDb(s, [rowFor(parent, s.home)]);
    const side = idAt(20, 'side');
    writeLog(s, sideChat(20, side, id, 3));
    const report = await run(s);
    expect(only(report, 'unpersisted-turns')).toEqual([]);
    expect(kinds(report)).toEqual([`unpersisted-conversation ${side}`]);
  });

  it('cannot judge a compressed rollout from its tail, and says nothing rather than guess', async () => {
    const spec = writeThreadRollout(s, id, 0, { turns: [turn(1)], compressed: true });
    writeDb(s, [rowFor({ ...spec, compressed: false }, s.home)]);
    writeLog(s, [routed(1, 'turn/start', id), routed(60, 'turn/start', id)]);
    const report = await run(s);
    expect(only(report, 'unpersisted-turns')).toEqual([]);
    expect(
      report.conversations
        .find((c) => c.id === id)!
        .events.filter((e) => e.turnStatus)
        .map((e) => e.turnStatus),
    ).toEqual(['unknown', 'unknown']);
  });

  it('judges a conversation archived later by its archived rollout', async () => {
    const spec = writeThreadRollout(s, id, 0, { turns: [turn(1), turn(5)], root: 'archived_sessions' });
    writeDb(s, [rowFor(spec, s.home, { archived: true, archivedAt: Math.floor(at(50) / 1000) })]);
    writeLog(s, [routed(1, 'turn/start', id), routed(5, 'turn/start', id)]);
    expect(kinds(await run(s))).toEqual([]);
  });
});

describe('unpersisted-turns with thread_history_1.sqlite', () => {
  const history = (threadId: string, startedMs: number) => ({
    thread_id: threadId,
    turn_id: `t${startedMs}`,
    rollout_ordinal: 1,
    status: 'completed',
    error_json: null,
    started_at: Math.floor(startedMs / 1000),
    completed_at: Math.floor(startedMs / 1000) + 4,
    duration_ms: 4000,
  });

  it('judges a compressed rollout by its projected turns: later turns persisted, turns after them not', async () => {
    const { buildLooseDb } = await import('../../builders/state-db.js');
    const { join } = await import('node:path');
    const spec = writeThreadRollout(s, id, 0, { turns: [turn(1)], compressed: true });
    writeDb(s, [rowFor({ ...spec, compressed: false }, s.home)]);
    buildLooseDb(join(s.home, 'thread_history_1.sqlite'), { thread_turns: { rows: [history(id, at(1)), history(id, at(20))] } });
    writeLog(s, [routed(1, 'turn/start', id), routed(20, 'turn/start', id), routed(45, 'turn/start', id)]);
    const report = await run(s);
    expect(only(report, 'unpersisted-turns').map((f) => f.count)).toEqual([1]);
    expect(
      report.conversations
        .find((c) => c.id === id)!
        .events.filter((e) => e.turnStatus)
        .map((e) => e.turnStatus),
    ).toEqual(['persisted', 'persisted', 'unpersisted']);
  });

  it('reports a damaged history database as an input problem and goes on', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    writeDb(s, [rowFor(writeThreadRollout(s, id, 0, { turns: [turn(1)] }), s.home)]);
    writeFileSync(join(s.home, 'thread_history_1.sqlite'), 'not sqlite');
    const report = await run(s);
    expect(report.stats.problems.map((p) => p.what).join('\n')).toMatch(/thread_history_1\.sqlite could not be read/);
  });
});
