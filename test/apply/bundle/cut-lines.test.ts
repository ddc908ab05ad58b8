import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cutLines, desktopLogRule, historyRule, lastStampOf, MAX_LINE_CHARS, sessionIndexRule, tuiLogRule } from '../../../src/apply/bundle/cut-lines.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-cut-lines-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cut = async (text: string, rule: Parameters<typeof cutLines>[2]) => {
  writeFileSync(join(dir, 'in'), text);
  const counts = await cutLines(join(dir, 'in'), join(dir, 'out'), rule);
  return { counts, text: readFileSync(join(dir, 'out'), 'utf8') };
};

describe('cutLines', () => {
  it('keeps the entries of the window whole (continuation lines with their header), redacted, and counts the rest', async () => {
    const text = [
      'Launching Codex Desktop',
      '2026-05-01T10:00:00.000Z info [X] too early /Users/olga/a',
      '    at continuation of the early entry',
      '2026-05-03T10:00:00.000Z error [X] in the window /Users/olga/b',
      '    at continuation /Users/olga/c',
      '2026-05-09T10:00:00.000Z info [X] too late',
      '',
    ].join('\n');
    const window = { since: Date.parse('2026-05-02T00:00:00Z'), until: Date.parse('2026-05-04T00:00:00Z') };
    const { counts, text: out } = await cut(text, desktopLogRule(window));
    expect(out).toBe('2026-05-03T10:00:00.000Z error [X] in the window /Users/<user>/b\n    at continuation /Users/<user>/c\n');
    expect(counts).toEqual({ kept: 2, dropped: 4, tooLong: 0 });
  });

  it('leaves out a line longer than the limit, and says so', async () => {
    const text = `2026-05-03T10:00:00.000Z info [X] short\n2026-05-03T10:00:01.000Z info [X] ${'y'.repeat(3 * MAX_LINE_CHARS)}\n2026-05-03T10:00:02.000Z info [X] after`;
    const { counts, text: out } = await cut(text, desktopLogRule({ since: null, until: null }));
    expect(counts).toEqual({ kept: 2, dropped: 0, tooLong: 1 });
    expect(out).not.toContain('yyyy');
  });

  it('history.jsonl and session_index.jsonl keep ids and times, not prompts or names', async () => {
    const history = await cut('{"session_id":"019dece3-985e-7487-8de9-5dbbf15a5520","ts":1778000000,"text":"my prompt"}\n', historyRule(false));
    expect(JSON.parse(history.text)).toEqual({ session_id: '019dece3-985e-7487-8de9-5dbbf15a5520', ts: 1778000000, text: '(left out)' });
    const index = await cut(
      '{"id":"019dece3-985e-7487-8de9-5dbbf15a5520","thread_name":"my title","updated_at":"2026-05-03T10:00:00Z"}\nnot json\n',
      sessionIndexRule(false),
    );
    expect(index.text).toBe(
      '{"id":"019dece3-985e-7487-8de9-5dbbf15a5520","thread_name":"(left out)","updated_at":"2026-05-03T10:00:00Z"}\n{"left_out":"unparsable line"\n',
    );
  });

  it('tracing logs keep the entries that name a thread; the message only with an error signature', async () => {
    const id = '019dece3-985e-7487-8de9-5dbbf15a5520';
    const { text } = await cut(
      [
        `2026-05-03T08:00:10.000000Z  INFO session_loop{thread_id=${id}}: codex_core::codex: user said something private`,
        `2026-05-03T08:00:11.000000Z ERROR codex_core::rollout: failed to materialize thread persistence thread_id=${id}`,
        '2026-05-03T08:00:12.000000Z  INFO codex_core::exec: tool output',
      ].join('\n'),
      tuiLogRule(false),
    );
    expect(text).toBe(
      `2026-05-03T08:00:10.000000Z  INFO thread_id=${id}: codex_logs_collect: (left out)\n2026-05-03T08:00:11.000000Z ERROR codex_core::rollout: failed to materialize thread persistence thread_id=${id}\n`,
    );
  });
});

describe('lastStampOf', () => {
  it('is the time of the last stamped line', () => {
    writeFileSync(join(dir, 'a.log'), '2026-05-03T10:00:00.000Z info [X] a\n2026-05-04T11:00:00.000Z info [X] b\n    at trailing continuation\n');
    expect(lastStampOf(join(dir, 'a.log'))).toBe(Date.parse('2026-05-04T11:00:00.000Z'));
  });
});
