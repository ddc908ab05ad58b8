import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { collectSources } from '../../src/log-index/collect.js';
import { writeDesktopLog } from '../builders/desktop-log.js';
import { makeV4Id, writeEmptyRollout } from '../builders/rollouts.js';
import { at, idAt, routed, rowFor, run, useScenario, writeDb, writeThreadRollout } from './scenario.js';

describe('analyze: conversation summaries', () => {
  const s = useScenario();
  const filters = { since: null, until: null, threads: [] };
  const read = () => collectSources({ logsDir: s.logs, codexHome: s.home, env: {}, home: join(s.root, 'no-user-home'), filters });

  it('shows log events in time order without reordering the timeline they come from', async () => {
    const outOfOrder = idAt(0, 'out-of-order');
    const inOrder = idAt(0, 'in-order');
    // A clock set back while Desktop ran: the later line is read first.
    writeDesktopLog(s.logs, {
      date: at(0),
      lines: [routed(30, 'turn/start', outOfOrder), routed(31, 'turn/start', inOrder), routed(20, 'turn/start', outOfOrder)],
    });
    const sources = await read();
    const report = analyze(sources, filters, 'test');

    const summary = (id: string) => report.conversations.find((c) => c.id === id)!;
    expect(summary(outOfOrder).events.map((e) => e.ts)).toEqual([at(20), at(30)]);
    expect(sources.logTimelines.get(outOfOrder)!.events.map((e) => e.ts)).toEqual([at(30), at(20)]);
    expect(summary(inOrder).events.map((e) => e.ts)).toEqual([at(31)]);
    for (const id of [outOfOrder, inOrder]) {
      expect(summary(id).persisted).toEqual({ threadRow: false, rolloutPath: null, rolloutFile: null, archived: null });
      expect(summary(id).logEventCounts).toEqual({ 'desktop-log/turn-start': id === inOrder ? 1 : 2 });
    }
  });
});

describe('analyze: when a persisted conversation was last seen', () => {
  const s = useScenario();

  it("takes the rollout tail's last line into lastSeen and into the --since window", async () => {
    const id = idAt(0, 'tail');
    // The turn starts at 08:30 and completes at 08:58; the row was last updated before the turn.
    const spec = writeThreadRollout(s, id, 0, { turns: [{ at: at(30), userMessage: 'long task', agentMessage: 'done', durationMs: 28 * 60_000 }] });
    writeDb(s, [rowFor(spec, s.home, { updatedAt: Math.floor(at(1) / 1000) })]);
    const all = await run(s);
    expect(all.conversations.find((c) => c.id === id)?.lastSeen).toBe(at(58));
    const late = await run(s, { since: at(55) });
    expect(late.conversations.map((c) => c.id)).toEqual([id]);
  });

  it('dates an empty rollout by its UUIDv7 id, not by its file name read as UTC', async () => {
    const id = idAt(0, 'empty');
    // Written at UTC+8: the name says 16:00, the instant is 08:00Z.
    writeEmptyRollout(s.home, { id, startedAt: at(0), localOffsetMinutes: 8 * 60 });
    const report = await run(s);
    const conversation = report.conversations.find((c) => c.id === id);
    expect(conversation?.firstSeen).toBe(at(0));
    expect(conversation?.lastSeen).toBe(at(0));
    expect((await run(s, { since: at(7 * 60) })).conversations).toEqual([]);
  });

  it('gives an empty UUIDv4 rollout no instant, and keeps it in any window its local name may fall in', async () => {
    const id = makeV4Id('empty-v4');
    writeEmptyRollout(s.home, { id, startedAt: at(0), localOffsetMinutes: 8 * 60 });
    const report = await run(s);
    expect(report.conversations.find((c) => c.id === id)?.firstSeen).toBeNull();
    // The stamp (16:00 local) names an instant between 02:00Z and 04:00Z+1d: 08:00Z is inside, 05:00Z+1d is not.
    expect((await run(s, { since: at(0), until: at(1) })).conversations.map((c) => c.id)).toEqual([id]);
    expect((await run(s, { since: at(21 * 60) })).conversations).toEqual([]);
  });
});
