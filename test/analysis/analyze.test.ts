import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { collectSources } from '../../src/sources/collect.js';
import { writeDesktopLog } from '../builders/desktop-log.js';
import { at, idAt, routed, useScenario } from './scenario.js';

describe('analyze: conversation summaries', () => {
  const s = useScenario();
  const filters = { since: null, until: null, threads: [] };
  const read = () => collectSources({ logsDir: s.logs, codexHome: s.home, env: {}, home: join(s.root, 'no-user-home'), filters });

  it('shows log events in time order without reordering the timeline they come from', async () => {
    const outOfOrder = idAt(0, 'out-of-order');
    const inOrder = idAt(0, 'in-order');
    // A clock set back while Desktop ran: the later line is read first.
    writeDesktopLog(s.logs, { date: at(0), lines: [routed(30, 'turn/start', outOfOrder), routed(31, 'turn/start', inOrder), routed(20, 'turn/start', outOfOrder)] });
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
