import { describeEnvironment } from '../../../src/analysis/environment.js';
import type { FindingKind } from '../../../src/model/finding.js';
import { describe, expect, it } from 'vitest';
import type { ThreadStory } from '../../../src/analysis/thread-story.js';
import type { TimelineEvent } from '../../../src/model/timeline-event.js';
import { renderIncidentReport } from '../../../src/render/report/index.js';
import { remedyFor, repairAdvice } from '../../../src/render/report/repair-advice.js';
import { sequenceDiagram } from '../../../src/render/report/sequence-diagram.js';
import { emptySources as sources, makeFinding, withFindings } from '../report-factory.js';

function story(id: string, events: number): ThreadStory {
  const ev = (i: number): TimelineEvent => ({
    threadId: id,
    ts: Date.parse('2026-05-03T08:00:00Z') + i * 1000,
    source: 'desktop-log',
    kind: 'turn-start',
    method: 'turn/start',
    level: 'info',
    text: `response_routed conversationId=${id} method=turn/start padding ${'x'.repeat(150)}`,
    file: '/work/case/logs/a.log',
    line: i + 1,
    seq: i,
    errorCode: null,
    errorMessage: null,
    forkedFromId: null,
  });
  return {
    id,
    createdFromId: null,
    firstSeen: null,
    lastSeen: null,
    persisted: { threadRow: false, rolloutPath: null, rolloutFile: null, archived: null },
    verdict: 'never persisted: no threads row, no rollout file',
    lineage: [],
    events: Array.from({ length: events }, (_, i) => ev(i)),
    findings: [],
  };
}

const id = (n: number) => `019decfe-a771-7380-ac92-${String(n).padStart(12, '0')}`;

describe('incident report', () => {
  it('stays under the limit and says which timelines it left out', () => {
    const stories = [1, 2, 3, 4].map((n) => story(id(n), 60));
    const report = withFindings(stories.map((s) => makeFinding({ threadId: s.id })));
    const rendered = renderIncidentReport(report, describeEnvironment(report, sources()), stories, {
      redact: true,
      path: (p) => p,
      generatedAt: 0,
      limit: 40_000,
    });
    expect(rendered.text.length).toBeLessThan(40_000);
    expect(rendered.omitted.length).toBeGreaterThan(0);
    expect(rendered.text).toContain('**Truncated**');
    for (const s of rendered.omitted) expect(rendered.text).toContain(s.id);
  });

  it('fits everything when there is room, with every section', () => {
    const stories = [story(id(1), 3)];
    const report = withFindings([makeFinding({ threadId: id(1) })]);
    const rendered = renderIncidentReport(report, describeEnvironment(report, sources()), stories, { redact: true, path: (p) => p, generatedAt: 0 });
    expect(rendered.omitted).toEqual([]);
    for (const heading of ['## Environment', '## Summary', '## What happened', '## Suggested repair', '## Verification commands', '## Conversations']) {
      expect(rendered.text).toContain(heading);
    }
    expect(rendered.text).toContain('```mermaid\nsequenceDiagram');
  });
});

describe('incident report numbers', () => {
  it('writes one finding, file, line and row as one', () => {
    const report = withFindings([makeFinding({ threadId: id(1) })]);
    report.stats.logFiles = 1;
    report.stats.logLines = 1;
    report.stats.rolloutFiles = 1;
    report.stats.threadRows = 1;
    const text = renderIncidentReport(report, describeEnvironment(report, sources()), [story(id(1), 1)], { redact: true, path: (p) => p, generatedAt: 0 }).text;
    expect(text).toContain('1 finding: 1 critical');
    expect(text).toContain('| Desktop logs | 1 file, 1 line');
    expect(text).toContain('| Rollouts | 1 file (');
    expect(text).toContain('1 threads row (');
  });
});

describe('sequenceDiagram', () => {
  it('collapses repeats, names conversations by letter and short id, and notes what never reached disk', () => {
    const diagram = sequenceDiagram([story(id(1), 3)]);
    expect(diagram).toContain('Desktop->>Server: turn/start A (019decfe-a771) ×3');
    expect(diagram).toContain('Note over Server,Disk: A (019decfe-a771) never reached disk');
  });

  it('sums each conversation up when the steps would make more than 24 arrows, and keeps every note', () => {
    // Four conversations whose turns alternate: 40 steps in time order, none repeated back to back.
    const stories = [1, 2, 3, 4].map((n) => story(id(n), 10));
    for (const [k, s] of stories.entries()) {
      for (const [i, e] of s.events.entries()) e.ts = Date.parse('2026-05-03T08:00:00Z') + (i * 4 + k) * 1000;
    }
    const diagram = sequenceDiagram(stories)!;
    const arrows = diagram.split('\n').filter((l) => l.includes('->>'));
    expect(arrows).toEqual(['A', 'B', 'C', 'D'].map((letter, k) => `  Desktop->>Server: turn/start ${letter} (${id(k + 1).slice(0, 13)}) ×10`));
    expect(diagram.split('\n').filter((l) => l.includes('never reached disk'))).toHaveLength(4);
  });

  it("never names a conversation with a participant's name", () => {
    const stories = Array.from({ length: 30 }, (_, n) => story(id(n + 1), 1));
    const diagram = sequenceDiagram(stories)!;
    const participants = [...diagram.matchAll(/participant (\S+) as/g)].map((m) => m[1]);
    expect(participants).toEqual(['Desktop', 'Server', 'Disk']);
    const names = [...diagram.matchAll(/turn\/start (\S+) \(/g)].map((m) => m[1]);
    for (const name of names) expect(participants).not.toContain(name);
  });
});

describe('repair advice for a kind it does not know', () => {
  it('gives the general advice, also for names an Object inherits (found by the control-character property test)', () => {
    // A kind outside FindingKind reaches the renderers only from outside the compiler's sight (a JSON file).
    for (const kind of ['valueOf', 'constructor', '__proto__', 'toString', 'no-such-kind'] as string[] as FindingKind[]) {
      expect(repairAdvice([makeFinding({ kind })])).toEqual([`- **${kind}**: No automatic repair; see the cause above.`]);
      expect(remedyFor(kind)).toBe('No automatic repair; see the cause.');
    }
  });
});
