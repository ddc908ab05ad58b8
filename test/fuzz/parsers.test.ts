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
import { emptyDesktopLogStats, readDesktopLogFile } from '../../src/sources/desktop-log/read-file.js';
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
    desktopLine({ ts, component: 'AppServerConnection', message: message.replace(/[\r\n]/g, ' '), fields: { conversationId: id, errorMessage: value, method: 'turn/start' } }),
  ),
);

describe('parsers never throw', () => {
  it('Desktop log lines', () => {
    fc.assert(fc.property(desktopishLine, (line) => void parseDesktopLine(line)), params);
  });

  it('rollout heads, whole or slimmed', () => {
    const jsonish = fc.oneof(anyText, fc.json({ maxDepth: 6 }), fc.record({ type: fc.constant('session_meta'), payload: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })) }).map((v) => JSON.stringify(v)));
    fc.assert(
      fc.property(jsonish, (text) => {
        interpretFirstLine(text, text.length);
        const slim = withoutHeavyValues(text);
        expect(typeof slim).toBe('string');
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

  it('a rollout file name round-trips its id', () => {
    fc.assert(
      fc.property(uuid, fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }), (id, date, copy) => {
        const stamp = date.toISOString().slice(0, 19).replace(/:/g, '-');
        const name = `rollout-${stamp}-${id}${copy === undefined ? '' : ` (${copy})`}.jsonl`;
        expect(parseRolloutFileName(name)).toMatchObject({ id: id.toLowerCase(), copyIndex: copy ?? null, stamp });
      }),
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
