/**
 * Property-based tests of every parser and of redaction. `npm test` runs a few hundred cases each;
 * `npm run test:fuzz` runs 10,000 (FUZZ_RUNS).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDesktopLine } from '../../src/sources/desktop-log/parse-line.js';
import { createPlainLineParser, type PlainLine } from '../../src/sources/desktop-log/plain-line.js';
import { desktopStampInBytes } from '../../src/sources/desktop-log/stamp.js';
import { EVENT_FIELDS, EVENT_NEEDLES, logEntryToEvent, plainLineToEvent, REPEATED_EVENT_FIELDS } from '../../src/log-index/events.js';
import type { TimelineEvent } from '../../src/model/timeline-event.js';
import { emptyDesktopLogStats, readDesktopLogFile } from '../../src/sources/desktop-log/read-file.js';
import type { DesktopLogEntry } from '../../src/sources/desktop-log/types.js';
import { parseRolloutFileName } from '../../src/sources/rollouts/file-name.js';
import { interpretFirstLine } from '../../src/sources/rollouts/session-meta.js';
import { interpretTail } from '../../src/sources/rollouts/read-tail.js';
import { withoutHeavyValues } from '../../src/sources/rollouts/skip-value.js';
import { parseTuiHeader } from '../../src/sources/tui-log/parse-line.js';
import { redact } from '../../src/render/redact.js';
import { desktopLine } from '../builders/desktop-log.js';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const params = { numRuns: runs };
/** Text a hostile or damaged file can hold: any code points, control characters, brackets, quotes, `=`. */
const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }));
const uuid = fc.uuid({ version: [4, 7] });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-fuzz-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const desktopishLine = fc.oneof(
  anyText,
  fc.record({ id: uuid, message: anyText, value: anyText, ts: fc.integer({ min: 0, max: 4_102_444_800_000 }) }).map(({ id, message, value, ts }) =>
    desktopLine({
      ts,
      component: 'AppServerConnection',
      message: message.replace(/[\r\n]/g, ' '),
      fields: { conversationId: id, errorMessage: value, method: 'turn/start' },
    }),
  ),
);

describe('parsers never throw', () => {
  it('Desktop log lines', () => {
    fc.assert(
      fc.property(desktopishLine, (line) => void parseDesktopLine(line)),
      params,
    );
  });

  it('rollout heads, whole or slimmed', () => {
    const jsonish = fc.oneof(
      anyText,
      fc.json({ maxDepth: 6 }),
      fc.record({ type: fc.constant('session_meta'), payload: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })) }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        interpretFirstLine(Buffer.from(text));
        const slim = withoutHeavyValues(Buffer.from(text));
        expect(slim === null || typeof slim === 'string').toBe(true);
      }),
      params,
    );
  });

  it('rollout tails, TUI lines and rollout file names', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, mid) => {
        interpretTail(text, mid);
        parseTuiHeader(text);
        parseRolloutFileName(text);
      }),
      params,
    );
  });

  it("Desktop's stamp is read as Date.parse reads it", () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    fc.assert(
      fc.property(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3), (y, mo, d, h, mi, s, ms) => {
        const stamp = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
        const parsed = Date.parse(stamp);
        const line = parseDesktopLine(`${stamp} info x`);
        if (Number.isNaN(parsed)) expect(line.kind).not.toBe('timed');
        else expect(line).toMatchObject({ kind: 'timed', ts: parsed });
      }),
      params,
    );
  });

  it('a rollout file name round-trips its id', () => {
    fc.assert(
      fc.property(
        uuid,
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
        (id, date, copy) => {
          const stamp = date.toISOString().slice(0, 19).replace(/:/g, '-');
          const name = `rollout-${stamp}-${id}${copy === undefined ? '' : ` (${copy})`}.jsonl`;
          expect(parseRolloutFileName(name)).toMatchObject({ id: id.toLowerCase(), copyIndex: copy ?? null, stamp });
        },
      ),
      params,
    );
  });
});

describe('every input line is accounted for', () => {
  it('as an entry, a continuation or a blank line, whatever the bytes', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(desktopishLine, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), async (lines, eol, finalNewline) => {
        const path = join(dir, `f${n++}.log`);
        const text = lines.join(eol) + (finalNewline && lines.length > 0 ? eol : '');
        writeFileSync(path, text);
        const stats = emptyDesktopLogStats();
        await readDesktopLogFile(path, () => undefined, stats);
        if (stats.skippedFiles.length > 0) return; // a binary-looking file is skipped whole, and counted as such
        expect(stats.entries + stats.continuationLines + stats.blankLines).toBe(stats.lines);
      }),
      { numRuns: Math.max(50, Math.floor(runs / 10)) },
    );
  });
});

describe('the needle fast path', () => {
  const needles = ['conversation', 'hread', 'Version', 'Codex Desktop'];
  // Lines that make entries: needle-free timed noise, lines with needles, continuations, open quotes, blanks.
  const shapedLine = fc.oneof(
    desktopishLine,
    fc
      .record({ ts: fc.integer({ min: 0, max: 4_102_444_800_000 }), n: fc.nat(1000) })
      .map(({ ts, n }) => desktopLine({ ts, component: 'electron-fetch-handler', message: 'fetch completed', fields: { status: 200, durationMs: n } })),
    fc
      .record({ ts: fc.integer({ min: 0, max: 4_102_444_800_000 }), v: anyText })
      .map(({ ts, v }) => `${desktopLine({ ts, component: 'x', message: 'open', fields: {} })} errorMessage="${v.replace(/["\r\n]/g, '')}`),
    fc.constantFrom(
      '    at run (app.js:1:2)',
      '',
      '  ',
      'conversationId=019decfe-a771-7380-ac92-fec89615facd',
      'a closing" threadId=019decfe-a771-7380-ac92-fec89615facd',
      'currentVersion=1.2.3',
    ),
  );

  it('counts every line as a full read does, and parses every entry that holds a needle', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(shapedLine, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), async (lines, eol) => {
        const path = join(dir, `n${n++}.log`);
        writeFileSync(path, lines.join(eol) + eol);
        const full: DesktopLogEntry[] = [];
        const fullStats = emptyDesktopLogStats();
        await readDesktopLogFile(path, (e) => full.push(e), fullStats);
        const fast: DesktopLogEntry[] = [];
        const fastStats = emptyDesktopLogStats();
        const unparsed: number[] = [];
        await readDesktopLogFile(path, (e) => fast.push(e), fastStats, { needles, onUnparsedEntry: (ts) => unparsed.push(ts) });
        expect(fastStats).toEqual(fullStats);
        const holdsNeedle = (e: DesktopLogEntry) => [e.raw, ...e.continuation].some((t) => needles.some((needle) => t.includes(needle)));
        const byLine = new Map(fast.map((e) => [e.line, e]));
        for (const e of full) if (holdsNeedle(e)) expect(byLine.get(e.line)).toEqual(e);
        for (const e of fast) expect(full.find((f) => f.line === e.line)).toEqual(e);
        expect(fast.length + unparsed.length).toBe(full.length);
        const skipped = full.filter((e) => !byLine.has(e.line));
        expect(skipped.every((e) => e.timed && e.continuation.length === 0 && !holdsNeedle(e))).toBe(true);
        expect(unparsed).toEqual(skipped.map((e) => e.ts));
      }),
      { numRuns: Math.max(100, Math.floor(runs / 5)) },
    );
  });
});

describe('the plain line parser', () => {
  const keys = ['conversationId', 'threadId', 'method', 'errorCode', 'a', 'a.b-c', '_x'];
  // Pieces that sit on every rule of parseHeader and parseFields: spaces of each kind, keys and near-keys, `=`,
  // quotes, brackets, braces, non-ASCII letters and spaces.
  const piece = fc.constantFrom(
    ' ',
    '  ',
    '\t',
    '\x0b',
    '\x0c',
    '\r',
    '\u00a0',
    '\u3000',
    'é',
    '=',
    '==',
    '"',
    '{',
    '}',
    '[',
    ']',
    '[A]',
    '[a b]',
    '[]',
    'conversationId=',
    'threadId=',
    'method=',
    'errorCode=',
    'a=',
    'a.b-c=',
    '_x=',
    '1a=',
    '.a=',
    'A-=',
    'x',
    'null',
    '019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5',
    'info',
    'error',
    'warn',
    'INFO',
    '[info]',
    'Error',
  );
  const stamp = '2026-05-13T09:12:44.120Z';
  const line = fc
    .array(piece, { maxLength: 24 })
    .map((pieces) => `${stamp}${pieces.length > 0 && !/^[ \t\x0b\x0c\r]/.test(pieces[0]!) ? ' ' : ''}${pieces.join('')}`);
  const plausible = fc
    .tuple(fc.constantFrom('info', 'error', 'warn', 'debug'), fc.array(piece, { maxLength: 16 }))
    .map(([level, pieces]) => `${stamp} ${level} [Comp] ${pieces.join('')}`);

  it('reads every line it accepts as parseDesktopLine does, for the keys it keeps', () => {
    const parse = createPlainLineParser(keys, ['conversationId', 'method']);
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(line, plausible), fc.boolean(), (text, ascii) => {
        const bytes = Buffer.from(text);
        const known = desktopStampInBytes(bytes, 0, bytes.length);
        if (known === null) return;
        const isAscii = !/[^\x00-\x7f]/.test(text);
        const plain = parse(bytes, 0, bytes.length, known, ascii && isAscii);
        if (plain === null) return;
        accepted += 1;
        const full = parseDesktopLine(text);
        expect(full.kind).toBe('timed');
        if (full.kind !== 'timed') return;
        expect(full.openValue).toBeNull();
        expect({ ts: plain.ts, level: plain.level, message: plain.message, fields: { ...plain.fields } }).toEqual({
          ts: full.ts,
          level: full.level,
          message: full.message,
          fields: Object.fromEntries(keys.map((k) => [k, full.fields[k]])),
        });
      }),
      { numRuns: runs * 10 },
    );
    // The generators must reach the parser's accepting paths, or the property proves nothing.
    expect(accepted).toBeGreaterThan(runs);
  });

  it('makes a log give the same events as the general parser', async () => {
    const event = fc.record({
      ts: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      id: uuid,
      n: fc.nat(1000),
      method: fc.constantFrom('turn/start', 'thread/read', 'thread/fork'),
    });
    const shaped = fc.oneof(
      plausible,
      event.map(({ ts, id, n, method }) =>
        desktopLine({
          ts,
          component: 'AppServerConnection',
          message: 'response_routed',
          fields: { conversationId: id, durationMs: n, errorCode: null, method },
        }),
      ),
      event.map(({ ts, id, n }) =>
        desktopLine({
          ts,
          level: 'error',
          component: 'A',
          message: 'Request failed',
          fields: { errorCode: n - 500, method: 'thread/resume', threadId: id.toUpperCase() },
        }),
      ),
      event.map(({ ts, id }) => `${desktopLine({ ts, component: 'A', message: 'open', fields: { conversationId: id } })} errorMessage="two`),
      fc.constantFrom(
        '    at run (app.js:1:2)',
        '',
        'threadId=019decfe-a771-7380-ac92-fec89615facd',
        'lines" method=thread/fork',
        'appVersion=1.2.3 Codex Desktop',
      ),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(shaped, { maxLength: 30 }), async (lines) => {
        const path = join(dir, `p${n++}.log`);
        writeFileSync(path, `${lines.join('\n')}\n`);
        const options = { needles: [...EVENT_NEEDLES, 'Version', 'Codex Desktop'] };
        const general: TimelineEvent[] = [];
        const generalStats = emptyDesktopLogStats();
        await readDesktopLogFile(path, (e) => void pushEvent(general, logEntryToEvent(e, general.length, { deferText: true })), generalStats, options);
        const viaPlain: TimelineEvent[] = [];
        const plainStats = emptyDesktopLogStats();
        const plain = {
          parse: createPlainLineParser(EVENT_FIELDS, REPEATED_EVENT_FIELDS),
          fullParse: ['Version', 'Codex Desktop'],
          onLine: (line: PlainLine, file: string, lineNumber: number, offset: number) =>
            void pushEvent(viaPlain, plainLineToEvent(line, file, lineNumber, offset, viaPlain.length)),
        };
        await readDesktopLogFile(path, (e) => void pushEvent(viaPlain, logEntryToEvent(e, viaPlain.length, { deferText: true })), plainStats, {
          ...options,
          plain,
        });
        expect(plainStats).toEqual(generalStats);
        expect(viaPlain).toEqual(general);
      }),
      { numRuns: Math.max(100, Math.floor(runs / 3)) },
    );
  });
});

function pushEvent(into: TimelineEvent[], event: TimelineEvent | null): void {
  if (event !== null) into.push(event);
}

describe('redaction', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9._-]{2,15}$/);
  const secret = fc.oneof(
    name.map((u) => ({ text: `/Users/${u}/.codex/sessions`, gone: `/Users/${u}/` })),
    name.map((u) => ({ text: `/home/${u}/src`, gone: `/home/${u}/` })),
    name.map((u) => ({ text: `C:\\Users\\${u}\\.codex`, gone: `\\Users\\${u}\\` })),
    name.map((u) => ({ text: `\\\\?\\C:\\Users\\${u}\\.codex`, gone: `\\Users\\${u}\\` })),
    name.map((u) => ({ text: `${u}@example.org`, gone: `${u}@example.org` })),
    fc.stringMatching(/^[A-Za-z0-9]{24,40}$/).map((k) => ({ text: `sk-proj-${k}`, gone: k })),
    fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((k) => ({ text: `ghp_${k}`, gone: k })),
    fc.stringMatching(/^[A-Za-z0-9]{12,30}$/).map((k) => ({ text: `Bearer ${k}`, gone: k })),
    name.map((h) => ({ text: `hostId=remote-ssh-discovered:${h}.corp.example.com`, gone: `${h}.corp.example.com` })),
  );

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(redact(redact(text))).toBe(redact(text));
      }),
      params,
    );
  });

  it('removes every seeded secret, wherever it sits in other text', () => {
    const around = fc.string({ maxLength: 40 }).map((s) => s.replace(/[A-Za-z0-9_.\\/@:-]+$/, ''));
    fc.assert(
      fc.property(around, secret, around, (before, s, after) => {
        const out = redact(`${before} ${s.text} ${after}`);
        expect(out).not.toContain(s.gone);
        expect(redact(out)).toBe(out);
      }),
      params,
    );
  });
});
