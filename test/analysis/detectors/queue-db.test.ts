import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analysis/analyze.js';
import { buildThreadStory } from '../../../src/analysis/thread-story.js';
import { collectSources } from '../../../src/log-index/collect.js';
import { buildQueueDb } from '../../builders/codex-home-files.js';
import { at, idAt, kinds, only, routed, rowFor, run, writeDb, writeLog, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();

const kept = idAt(0, 'kept');
const ghost = idAt(10, 'ghost');
const orphan = idAt(20, 'orphan');

describe('queue_1.sqlite queued_items: input that never became a turn', () => {
  it("shows a queued message in the conversation's timeline, without its text", async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, kept, 0), s.home)]);
    buildQueueDb(s.home, [{ threadId: kept, text: 'also fix the tax rounding', createdAtMs: at(3) }]);
    const filters = { since: null, until: null, threads: [] };
    const sources = await collectSources({ logsDir: s.logs, codexHome: s.home, env: {}, home: join(s.root, 'no-user-home'), filters });
    const report = analyze(sources, filters, 'test');
    expect(kinds(report)).toEqual([]);
    const queued = buildThreadStory(report, sources, kept, [])?.events.filter((e) => e.kind === 'queued-message');
    expect(queued?.map((e) => [e.source, e.ts, e.text, e.file])).toEqual([
      ['codex-home', at(3), 'user message queued in queue_1.sqlite (position 0), never sent as a turn', join(s.home, 'queue_1.sqlite')],
    ]);
    expect(JSON.stringify(report)).not.toContain('tax rounding');
  });

  it('counts a queued message as input for a conversation that was never persisted', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, kept, 0), s.home)]);
    writeLog(s, [routed(10, 'thread/start', ghost)]);
    buildQueueDb(s.home, [{ threadId: ghost, text: 'hello?', createdAtMs: at(11) }]);
    const report = await run(s);
    const [found] = only(report, 'unpersisted-conversation');
    expect(found).toMatchObject({ threadId: ghost, severity: 'critical' });
    expect(found?.summary).toContain('1 queued message never sent as a turn (per the queue database)');
    expect(only(report, 'unmaterialized-thread')).toEqual([]);
  });

  it('names queued items of conversations with no row and no rollout under orphan-child-row', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, kept, 0), s.home)]);
    buildQueueDb(s.home, [
      { threadId: orphan, text: 'x', createdAtMs: at(21) },
      { threadId: kept, text: 'y', createdAtMs: at(22) },
    ]);
    const report = await run(s);
    expect(only(report, 'orphan-child-row').map((f) => [f.threadId, f.summary])).toEqual([
      [orphan, 'queue_1.sqlite queued_items names 1 conversation with no threads row'],
    ]);
  });

  it('is quiet without a queue database, and counts one it cannot read', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, kept, 0), s.home)]);
    expect((await run(s)).stats.problems).toEqual([]);
    writeFileSync(join(s.home, 'queue_1.sqlite'), 'not a database at all, but long enough to look like one '.repeat(100));
    expect((await run(s)).stats.problems.map((p) => p.what)).toEqual([expect.stringMatching(/^the queue database could not be read \(/)]);
  });
});
