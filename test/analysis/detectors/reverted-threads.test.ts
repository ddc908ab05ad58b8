import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analysis/analyze.js';
import { buildThreadStory } from '../../../src/analysis/thread-story.js';
import { collectSources } from '../../../src/log-index/collect.js';
import { rolloutRelPath, type RolloutSpec } from '../../builders/rollouts.js';
import { at, idAt, kinds, only, routed, rowFor, run, writeDb, writeLog, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();

const thread = idAt(0, 'reverted');
const firstRevert = idAt(30, 'rollout-1');
const secondRevert = idAt(60, 'rollout-2');
const fork = idAt(90, 'fork');

const paginated = (base?: { rolloutId: string; endOrdinal: number }): Partial<RolloutSpec> => ({
  metaExtra: {
    history_mode: 'paginated',
    ...(base === undefined ? {} : { history_base: { thread_id: base.rolloutId, end_ordinal_exclusive: base.endOrdinal, end_byte_offset: 4096 } }),
  },
});

/** A paginated thread reverted twice (#38127): three immutable files, the row pointing at the newest. */
function writeRevertedThread(): { original: RolloutSpec; first: RolloutSpec; second: RolloutSpec } {
  const original = writeThreadRollout(s, thread, 0, paginated());
  const first = writeThreadRollout(s, thread, 30, { rolloutId: firstRevert, ...paginated({ rolloutId: thread, endOrdinal: 7 }) });
  const second = writeThreadRollout(s, thread, 60, { rolloutId: secondRevert, ...paginated({ rolloutId: firstRevert, endOrdinal: 12 }) });
  return { original, first, second };
}

/** The thread's row after the reverts: created with the thread, its rollout_path swapped to the newest file. */
const revertedRow = (current: RolloutSpec) =>
  rowFor(current, s.home, { historyMode: 'paginated', createdAt: Math.floor(at(0) / 1000), updatedAt: Math.floor(at(61) / 1000) });

describe('reverted threads (B1: one thread, several rollouts)', () => {
  it('reads a normal revert without duplicate-rollout, id-mismatch or missing-fork-parent', async () => {
    const { second } = writeRevertedThread();
    writeDb(s, [revertedRow(second)]);
    const report = await run(s);
    expect(kinds(report)).toEqual([]);
    expect(report.stats.rolloutFiles).toBe(3);
    expect(report.stats.problems).toEqual([]);
    const conversation = report.conversations.find((c) => c.id === thread);
    expect(conversation?.persisted.rolloutFile).toBe(join(s.home, rolloutRelPath(second)));
  });

  it("resolves a fork's history_base against the rollout id in a reverted file's name", async () => {
    const { second } = writeRevertedThread();
    const forked = writeThreadRollout(s, fork, 90, { forkedFromId: thread, ...paginated({ rolloutId: secondRevert, endOrdinal: 15 }) });
    writeDb(s, [revertedRow(second), rowFor(forked, s.home, { historyMode: 'paginated' })]);
    expect(kinds(await run(s))).toEqual([]);
  });

  it('still flags a paginated fork whose history_base rollout is on no disk', async () => {
    const { second } = writeRevertedThread();
    const lost = idAt(45, 'lost-rollout');
    const forked = writeThreadRollout(s, fork, 90, { forkedFromId: thread, ...paginated({ rolloutId: lost, endOrdinal: 15 }) });
    writeDb(s, [revertedRow(second), rowFor(forked, s.home, { historyMode: 'paginated' })]);
    const found = only(await run(s), 'missing-fork-parent');
    expect(found.map((f) => [f.threadId, f.severity])).toEqual([[fork, 'medium']]);
    expect(found[0]?.summary).toContain(lost);
  });

  it('does not take the unfinished last turn of a file a revert replaced for an unfinished turn, but does for the current one', async () => {
    const unfinished = { turns: [{ at: at(0) + 5_000, userMessage: 'hi', complete: false }] };
    writeThreadRollout(s, thread, 0, { ...paginated(), ...unfinished });
    const current = writeThreadRollout(s, thread, 30, { rolloutId: firstRevert, ...paginated({ rolloutId: thread, endOrdinal: 3 }) });
    writeDb(s, [revertedRow(current)]);
    expect(kinds(await run(s))).toEqual([]);
    writeThreadRollout(s, thread, 30, {
      rolloutId: firstRevert,
      ...paginated({ rolloutId: thread, endOrdinal: 3 }),
      ...unfinished,
      turns: [{ at: at(30) + 5_000, userMessage: 'again', complete: false }],
    });
    expect(kinds(await run(s))).toEqual([`unfinished-turn ${thread}`]);
  });

  it('still flags two copies of the same (thread, rollout) pair as duplicate-rollout', async () => {
    const { second } = writeRevertedThread();
    writeThreadRollout(s, thread, 60, { rolloutId: secondRevert, copyIndex: 1, ...paginated({ rolloutId: firstRevert, endOrdinal: 12 }) });
    writeDb(s, [revertedRow(second)]);
    const found = only(await run(s), 'duplicate-rollout');
    expect(found.map((f) => [f.threadId, f.count])).toEqual([[thread, 2]]);
    expect(found[0]?.summary).toContain(secondRevert);
  });

  it('shows each revert in the timeline, with the rollout it kept history from', async () => {
    const { second } = writeRevertedThread();
    writeDb(s, [revertedRow(second)]);
    writeLog(s, [
      routed(59, 'thread/revert', thread),
      {
        ts: at(59) + 500,
        level: 'info',
        component: 'AppServerConnection',
        message: 'notification_routed',
        fields: { conversationId: thread, method: 'thread/reverted' },
      },
    ]);
    const filters = { since: null, until: null, threads: [] };
    const sources = await collectSources({ logsDir: s.logs, codexHome: s.home, env: {}, home: join(s.root, 'no-user-home'), filters });
    const story = buildThreadStory(analyze(sources, filters, 'test'), sources, thread, []);
    const reverts = story?.events.filter((e) => e.kind === 'thread-reverted') ?? [];
    expect(reverts.map((e) => [e.source, e.ts, e.source === 'desktop-log' ? e.method : e.text])).toEqual([
      [
        'rollout',
        at(30) + 5_000,
        `thread reverted: new rollout ${firstRevert} in ${rolloutRelPath({ id: thread, rolloutId: firstRevert, startedAt: at(30) })}, history kept from rollout ${thread} before ordinal 7`,
      ],
      ['desktop-log', at(59), 'thread/revert'],
      ['desktop-log', at(59) + 500, 'thread/reverted'],
      [
        'rollout',
        at(60) + 5_000,
        `thread reverted: new rollout ${secondRevert} in ${rolloutRelPath({ id: thread, rolloutId: secondRevert, startedAt: at(60) })} (current), history kept from rollout ${firstRevert} before ordinal 12`,
      ],
    ]);
  });
});
