import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '../../src/model/report.js';
import type { TimelineEvent } from '../../src/model/timeline-event.js';
import { renderText, REPORTERS } from '../../src/render/index.js';
import { makeFinding, makeReport, withFindings } from './report-factory.js';

const options = { color: false, width: 120, cwd: '/work/case' };

describe('json reporter', () => {
  it("says overallStatus on codex doctor's scale: fail for critical or high, warning for medium or low, ok otherwise", () => {
    const status = (severities: ('critical' | 'high' | 'medium' | 'low' | 'info')[]) =>
      JSON.parse(renderText(REPORTERS.json.render, withFindings(severities.map((severity) => makeFinding({ severity }))), options)).overallStatus;
    expect([status([]), status(['info']), status(['low', 'info']), status(['medium']), status(['high', 'low']), status(['critical'])]).toEqual([
      'ok',
      'ok',
      'warning',
      'warning',
      'fail',
      'fail',
    ]);
  });

  it('prints one valid JSON document with the documented keys, times as ISO strings', () => {
    const report = withFindings([makeFinding(), makeFinding({ kind: 'missing-rollout-file', severity: 'high', threadId: null, count: 21 })]);
    report.conversations.push({
      id: '019decfe-a771-7380-ac92-fec89615facd',
      firstSeen: Date.parse('2026-05-03T08:40:05.251Z'),
      lastSeen: null,
      createdFromId: Date.parse('2026-05-03T08:40:05.233Z'),
      forkedFromId: null,
      persisted: { threadRow: false, rolloutPath: null, rolloutFile: null, archived: null },
      logEventCounts: { 'desktop-log/conversation-created': 1, 'desktop-log/read': 40 },
      logEventsNotKept: 40,
      events: [
        {
          threadId: 'x',
          ts: Date.parse('2026-05-03T08:40:05.251Z'),
          source: 'desktop-log',
          kind: 'conversation-created',
          method: null,
          level: 'info',
          text: 't',
          file: '/f.log',
          line: 3,
          seq: 9,
          errorCode: null,
          errorMessage: null,
          forkedFromId: null,
        },
      ],
    });
    const text = renderText(REPORTERS.json.render, report, options);
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'version', 'command', 'overallStatus', 'inputs', 'stats', 'coverage', 'conversations', 'findings']);
    expect([doc.schemaVersion, doc.command, doc.overallStatus]).toEqual([2, 'analyze', 'fail']);
    expect(doc.conversations[0]).toEqual({
      id: '019decfe-a771-7380-ac92-fec89615facd',
      firstSeen: '2026-05-03T08:40:05.251Z',
      lastSeen: null,
      createdFromId: '2026-05-03T08:40:05.233Z',
      forkedFromId: null,
      persisted: { threadRow: false, rolloutPath: null, rolloutFile: null, archived: null },
      logEventCounts: { 'desktop-log/conversation-created': 1, 'desktop-log/read': 40 },
      logEventsNotKept: 40,
      events: [
        {
          ts: '2026-05-03T08:40:05.251Z',
          source: 'desktop-log',
          kind: 'conversation-created',
          method: null,
          level: 'info',
          text: 't',
          file: '/f.log',
          line: 3,
          errorCode: null,
          errorMessage: null,
          turn: null,
        },
      ],
    });
    expect(doc.findings[1]).toMatchObject({ kind: 'missing-rollout-file', threadId: null, count: 21 });
    expect(Object.keys(doc.findings[0])).toEqual(['kind', 'severity', 'threadId', 'summary', 'cause', 'count', 'explainedBy', 'remedy', 'evidence']);
    expect(doc.findings[1].remedy).toMatch(/^If the rollout exists elsewhere, `codex-logs repair --apply`/);
    expect(doc.findings[0].evidence[0]).toEqual({
      source: 'desktop-log',
      file: makeFinding().evidence[0]!.file,
      line: 14,
      ts: '2026-05-03T08:40:05.251Z',
      text: 'info Conversation created',
    });
  });

  it('is the same with colour on: machines never get escapes', () => {
    const report = makeReport();
    expect(renderText(REPORTERS.json.render, report, { ...options, color: true })).toBe(renderText(REPORTERS.json.render, report, options));
  });
});

describe('json reporter, streamed', () => {
  it('writes exactly what JSON.stringify of the whole document would, also with empty lists', async () => {
    const { jsonChunks, toJsonDocument } = await import('../../src/render/json.js');
    const full = withFindings([makeFinding(), makeFinding({ kind: 'time-skew', threadId: null, summary: 'line\nbreak "quoted"' })]);
    full.conversations.push(
      {
        id: 'a',
        firstSeen: 1,
        lastSeen: 2,
        createdFromId: null,
        forkedFromId: null,
        persisted: { threadRow: true, rolloutPath: 'p', rolloutFile: null, archived: false },
        events: [],
        logEventCounts: {},
        logEventsNotKept: 0,
      },
      {
        id: 'b',
        firstSeen: null,
        lastSeen: null,
        createdFromId: null,
        forkedFromId: 'a',
        persisted: { threadRow: false, rolloutPath: null, rolloutFile: null, archived: null },
        events: [],
        logEventCounts: {},
        logEventsNotKept: 0,
      },
    );
    for (const report of [full, makeReport()]) {
      expect([...jsonChunks(report)].join('')).toBe(`${JSON.stringify(toJsonDocument(report), null, 2)}\n`);
    }
  });
});

describe('json reporter, conversations written directly', () => {
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', 'a"b', 'line\nbreak', '\u2028', '\ud800'),
  );
  // Times a Date can hold (isoTime throws beyond, in either way of writing), and non-finite ones.
  const time = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 4_102_444_800_000 }),
    fc.double({ min: -8.64e15, max: 8.64e15 }),
    fc.constantFrom(Number.NaN, Infinity, 0, -0),
  );
  const event: fc.Arbitrary<TimelineEvent> = fc.record({
    threadId: fc.constant('t'),
    ts: time,
    source: fc.constantFrom('desktop-log', 'rollout', 'state-db', 'log-db', 'tui-log', 'history'),
    kind: fc.constantFrom('turn-start', 'read', 'request-failed', 'log'),
    method: fc.option(text),
    level: fc.option(text),
    text,
    file: text,
    line: fc.oneof(fc.nat(), fc.double()),
    seq: fc.nat(),
    errorCode: fc.option(fc.oneof(fc.integer(), fc.double())),
    errorMessage: fc.option(text),
    forkedFromId: fc.option(text),
    turnStatus: fc.option(fc.constantFrom('persisted', 'unpersisted', 'unknown'), { nil: undefined }),
  }) as fc.Arbitrary<TimelineEvent>;
  const conversation: fc.Arbitrary<ConversationSummary> = fc.record({
    id: text,
    firstSeen: time,
    lastSeen: time,
    createdFromId: time,
    forkedFromId: fc.option(text),
    persisted: fc.oneof(
      fc.record({ threadRow: fc.boolean(), rolloutPath: fc.option(text), rolloutFile: fc.option(text), archived: fc.option(fc.boolean()) }),
      // Objects shared by many conversations, as the analysis shares one for every conversation seen only in logs.
      fc.constant(Object.freeze({ threadRow: false, rolloutPath: null, rolloutFile: null, archived: null })),
      fc.constant(Object.freeze({ threadRow: true, rolloutPath: 'p', rolloutFile: null, archived: false })),
    ),
    logEventCounts: fc.dictionary(text, fc.oneof(fc.nat(), fc.double())),
    logEventsNotKept: fc.oneof(fc.nat(), fc.double()),
    events: fc.array(event, { maxLength: 4 }),
  });

  it('writes what JSON.stringify of the whole document would, for any values', async () => {
    const { jsonChunks, toJsonDocument } = await import('../../src/render/json.js');
    fc.assert(
      fc.property(fc.array(conversation, { maxLength: 3 }), (conversations) => {
        const report = makeReport();
        report.conversations = conversations;
        expect([...jsonChunks(report)].join('')).toBe(`${JSON.stringify(toJsonDocument(report), null, 2)}\n`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
