import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conversationEvents, loadReport, readTexts } from '../../src/run/load-analysis.js';
import { at, idAt, routed, useScenario, writeLog } from '../analysis/scenario.js';

describe('loadReport and the check before a streamed report', () => {
  const s = useScenario();
  const changed = 'log lines that changed while the run went on (their events show no text)';

  it('tells a log file unchanged until it is written again, and the check then finds its changed lines', async () => {
    // Over a megabyte, so that the reader keeps its identity.
    const ids = Array.from({ length: 4 }, (_, i) => idAt(0, `conversation-${i}`));
    const log = writeLog(
      s,
      Array.from({ length: 6_000 }, (_, i) => routed(i / 100, 'turn/start', ids[i % ids.length]!)),
    );
    mkdirSync(s.home, { recursive: true });
    const { report, texts } = await loadReport({ logsDir: s.logs, codexHome: s.home });
    expect(texts.unchanged(log)).toBe(true);
    readTexts(report, texts, conversationEvents(report), { check: true });
    expect(report.stats.problems.find((p) => p.what === changed)).toBeUndefined();

    // The same bytes an hour on: every line the report kept is another line now.
    writeFileSync(log, readFileSync(log, 'latin1').replaceAll('T08:', 'T09:'), 'latin1');
    const later = new Date(at(120));
    utimesSync(log, later, later);
    expect(texts.unchanged(log)).toBe(false);
    readTexts(report, texts, conversationEvents(report), { check: true });
    const kept = report.conversations.reduce((n, c) => n + c.events.length, 0);
    expect(kept).toBeGreaterThan(0);
    expect(report.stats.problems.find((p) => p.what === changed)?.count).toBe(kept);
  });
});
