import { renderText } from '../../src/render/reporter.js';
import { describeEnvironment } from '../../src/analysis/environment.js';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InventoryEntry, TreeNode } from '../../src/analysis/inventory.js';
import { sqlLiteral } from '../../src/analysis/repair-plan.js';
import type { RepairPlan } from '../../src/model/repair.js';
import type { ThreadStory } from '../../src/analysis/thread-story.js';
import type { Finding } from '../../src/model/finding.js';
import type { TimelineEvent } from '../../src/model/timeline-event.js';
import { showControl } from '../../src/render/control.js';
import { inventoryTable, treeText } from '../../src/render/inventory.js';
import { repairScript } from '../../src/render/repair-script.js';
import { renderIncidentReport } from '../../src/render/report/index.js';
import { tableReporter } from '../../src/render/table.js';
import { jsonlTimeline } from '../../src/render/timeline/jsonl.js';
import { markdownTimeline } from '../../src/render/timeline/markdown.js';
import { ACTIVE_IN_JSON, expectInert, OWN_COLOUR } from './inert.js';
import { emptySources, makeFinding, withFindings } from './report-factory.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

describe('showControl', () => {
  it('shows an escape sequence instead of obeying it, and keeps tab and newline', () => {
    expect(showControl('a\u001b[31mRED\u001b[0m')).toBe('a␛[31mRED␛[0m');
    expect(showControl('title\u001b]0;pwned\u0007')).toBe('title␛]0;pwned␇');
    expect(showControl('nul\u0000 cr\r del\u007f')).toBe('nul␀ cr␍ del␡');
    expect(showControl('c1\u009b2J nel\u0085')).toBe('c1⟨U+009B⟩2J nel⟨U+0085⟩');
    expect(showControl('bidi\u202eevil\u2066 ls\u2028')).toBe('bidi⟨U+202E⟩evil⟨U+2066⟩ ls⟨U+2028⟩');
    expect(showControl('tab\tnew\nline é 日本')).toBe('tab\tnew\nline é 日本');
  });

  it('leaves nothing active, changes nothing twice, and keeps every ordinary character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const shown = showControl(s);
        expectInert(shown, 'showControl');
        expect(showControl(shown)).toBe(shown);
        expect(shown.replace(/[\u2400-\u2421]|⟨U\+[0-9A-F]{4}⟩/g, '')).toBe(
          s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\u2400-\u2421]|⟨U\+[0-9A-F]{4}⟩/g, ''),
        );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('sqlLiteral', () => {
  it('spells control characters with char(), and SQLite reads the literal back as the value', () => {
    const db = new Database(':memory:');
    try {
      expect(sqlLiteral('/Users/a/\u001b[31m.jsonl')).toBe("'/Users/a/' || char(27) || '[31m.jsonl'");
      expect(sqlLiteral('\u001b')).toBe('char(27)');
      fc.assert(
        fc.property(
          fc.string({
            unit: fc.oneof(fc.constantFrom('\u001b', '\r', '\n', '\u0007', '\u007f', '\u009b', "'"), fc.string({ unit: 'grapheme', maxLength: 3 })),
          }),
          (value) => {
            const literal = sqlLiteral(value);
            expectInert(literal, literal);
            expect((db.prepare(`SELECT ${literal} AS v`).get() as { v: string }).v).toBe(value);
          },
        ),
        { numRuns: RUNS },
      );
    } finally {
      db.close();
    }
  });
});

/** Text as hostile logs, rows and paths hold it: escapes of every kind among ordinary characters. */
const hostile = fc.string({
  unit: fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '\u001b[31m',
        '\u001b]0;pwned\u0007',
        '\u001b]8;;https://x\u001b\\',
        '\u0000',
        '\u0007',
        '\b',
        '\r',
        '\u000b',
        '\f',
        '\u007f',
        '\u009b',
        '\u0085',
        '\u202e',
        '\u2028',
        '`',
        '|',
        '\n',
        '\t',
      ),
    },
    { weight: 5, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }) },
  ),
  minLength: 1,
  maxLength: 40,
});

/**
 * Every string field of `value` replaced by the next seeded text, keys kept; `severity` stays, since it picks the
 * colour and the group (a closed set that no input names).
 */
function seeded<T>(value: T, texts: string[]): T {
  let next = 0;
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return key === 'severity' ? v : texts[next++ % texts.length];
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v !== null && typeof v === 'object' && !(v instanceof Map)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value, '') as T;
}

function event(i: number): TimelineEvent {
  return {
    threadId: '019decfe-a771-7380-ac92-fec89615facd',
    ts: Date.parse('2026-05-03T08:40:05Z') + i * 1000,
    source: 'desktop-log',
    kind: 'turn-start',
    method: 'turn/start',
    level: 'info',
    text: 'response_routed',
    file: '/logs/a.log',
    line: i + 1,
    seq: i,
    errorCode: -32600,
    errorMessage: 'no rollout found',
    forkedFromId: null,
    turnStatus: 'unpersisted',
  };
}

function findings(): Finding[] {
  return [
    makeFinding({ explainedBy: { kind: 'unpersisted-conversation', threadId: '019decfe-a771-7380-ac92-fec89615facd' } }),
    makeFinding({ severity: 'medium', kind: 'request-failed', count: 5 }),
  ];
}

function story(f: Finding[]): ThreadStory {
  return {
    id: '019decfe-a771-7380-ac92-fec89615facd',
    createdFromId: 1,
    firstSeen: 1,
    lastSeen: 2,
    persisted: { threadRow: true, rolloutPath: '/Users/a/.codex/sessions/x.jsonl', rolloutFile: '/home/a/.codex/sessions/x.jsonl', archived: false },
    verdict: 'threads row, but no rollout file',
    lineage: [{ id: '019dece3-985e-7487-8de9-5dbbf15a5520', relation: 'parent', via: 'side chat', persisted: null, verdict: 'never persisted' }],
    events: [event(0), event(1)],
    findings: f,
  };
}

describe('no output but JSON carries a control character from its input', () => {
  it('the table, its details, the incident report, the markdown and JSONL timelines, list, tree and the repair script', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 8 }), fc.boolean(), (texts, redact) => {
        const report = seeded(withFindings(findings()), texts);
        report.stats.problems = seeded([{ what: 'lines over 1 MiB', count: 2, examples: ['/logs/b.log'] }], texts);
        const theStory = seeded(story(report.findings), texts);
        const sources = seeded(emptySources(), texts);

        for (const color of [false, true]) {
          const table = renderText(tableReporter, report, { color, width: 100, cwd: '/' });
          expectInert(table.replace(OWN_COLOUR, ''), `table (colour ${color})`);
        }
        expectInert(markdownTimeline(theStory, { redact, path: (p) => p }), 'markdown timeline');
        expectInert(
          renderIncidentReport(report, describeEnvironment(report, sources), [theStory], { redact, path: (p) => p, generatedAt: 0 }).text,
          'incident report',
        );

        const jsonl = jsonlTimeline(theStory, { redact, path: (p) => p });
        expectInert(jsonl, 'jsonl timeline', ACTIVE_IN_JSON);
        for (const line of jsonl.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();

        const entry = seeded<InventoryEntry>(
          { id: 'x', state: 'persisted', origin: 'Desktop', parent: 'y', created: 1, lastSeen: 2, findings: 1, title: 'Fix the invoice export' },
          texts,
        );
        for (const color of [false, true]) {
          expectInert(inventoryTable([entry], 200, color).replace(OWN_COLOUR, ''), `list wide (colour ${color})`);
          expectInert(inventoryTable([entry], 80, color).replace(OWN_COLOUR, ''), `list narrow (colour ${color})`);
          expectInert(treeText({ entry, children: [{ entry, children: [] }] }, entry.id, color).replace(OWN_COLOUR, ''), `tree (colour ${color})`);
        }
        const tree: TreeNode = { entry, children: [{ entry, children: [] }] };
        expectInert(treeText(tree, entry.id), 'tree');

        const plan = seeded<RepairPlan>(
          {
            database: '/home/a/.codex/state_5.sqlite',
            schemaVersion: 5,
            steps: [
              {
                kind: 'missing-thread-row',
                threadId: 't',
                explanation: 'restore',
                sql: 'UPDATE threads SET rollout_path = ? WHERE id = ?',
                params: ['/p', 't'],
              },
            ],
            notes: [{ kind: 'unpersisted-conversation', threadId: 't', text: 'nothing to restore', evidence: ['/logs/a.log:3'] }],
          },
          texts,
        );
        plan.steps[0]!.sql = 'UPDATE threads SET rollout_path = ? WHERE id = ?';
        expectInert(
          repairScript(plan, (p) => p),
          'repair script',
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('shows what was there: the escape a log line held is visible in the report', () => {
    const report = withFindings([
      makeFinding({ summary: 'seen \u001b[31mRED\u001b[0m', evidence: [{ ...makeFinding().evidence[0]!, text: 'line \u001b[31mRED\u001b[0m' }] }),
    ]);
    const text = renderIncidentReport(report, describeEnvironment(report, emptySources()), [story(report.findings)], {
      redact: true,
      path: (p) => p,
      generatedAt: 0,
    }).text;
    expect(text).toContain('␛\\[31mRED␛\\[0m'); // in prose, markdown's own brackets escaped
    expect(text).toContain('line ␛[31mRED␛[0m'); // in the evidence fence, as it was
  });
});
