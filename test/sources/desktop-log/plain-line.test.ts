import { describe, expect, it } from 'vitest';
import { parseDesktopLine } from '../../../src/sources/desktop-log/parse-line.js';
import { createPlainLineParser, type PlainLine } from '../../../src/sources/desktop-log/plain-line.js';
import { desktopStampInBytes } from '../../../src/sources/desktop-log/stamp.js';

const ID = '019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5';
const KEYS = ['conversationId', 'threadId', 'method', 'errorCode', 'errorMessage'];

/** What both parsers read of a line. */
type Reading = Pick<PlainLine, 'ts' | 'level' | 'message' | 'fields'>;

/** What the plain parser gives for a line (a copy: the parser reuses its result), or null when it declines it. */
function plain(line: string, keys = KEYS, ascii = false): Reading | null {
  const bytes = Buffer.from(`xx${line}yy`);
  const stamp = desktopStampInBytes(bytes, 2, bytes.length - 2);
  if (stamp === null) throw new Error('test lines open with a Desktop stamp');
  const parsed = createPlainLineParser(keys, ['conversationId'])(bytes, 2, bytes.length - 2, stamp, ascii);
  return parsed === null ? null : { ts: parsed.ts, level: parsed.level, message: parsed.message, fields: { ...parsed.fields } };
}

/** What the general parser gives, restricted to what the plain parser keeps. */
function general(line: string, keys = KEYS): Reading {
  const parsed = parseDesktopLine(line);
  if (parsed.kind !== 'timed') throw new Error(`not timed: ${parsed.kind}`);
  return { ts: parsed.ts, level: parsed.level!, message: parsed.message, fields: Object.fromEntries(keys.map((k) => [k, parsed.fields[k]])) };
}

const accepted = [
  `2026-05-13T09:12:44.120Z info [AppServerConnection] response_routed conversationId=${ID} durationMs=12 errorCode=null method=turn/start requestId=${ID}`,
  `2026-05-13T09:12:44.120Z warning [electron-fetch-handler] fetch completed status=500 url=https://chatgpt.com/backend-api/x?a=b`,
  `2026-05-13T09:12:44.120Z error [A][b] [c] Request failed method=thread/fork errorCode=-32600 errorMessage=boom`,
  `2026-05-13T09:12:44.120Z debug [A] no pairs at all`,
  `2026-05-13T09:12:44.120Z trace [A]   spaced   message    threadId=${ID}   `,
  `2026-05-13T09:12:44.120Z warn [A] duplicate conversationId=first conversationId=second`,
  `2026-05-13T09:12:44.120Z info [A] odd tokens 1abc=x .x=y x=1=2 =bare method= errorCode=null`,
  `2026-05-13T09:12:44.120Z info [A] a"quote{brace}[square] inside the message method=a"b`,
  `2026-05-13T09:12:44.120Z info [A] tabs\tand\x0bother\x0cspaces\tmethod=x`,
  `2026-05-13T09:12:44.120Z info`,
  `2026-05-13T09:12:44.120Z info [A]`,
  `2026-05-13T09:12:44.120Z info [AppServerConnection]response_routed conversationId=${ID.toUpperCase()}`,
];

describe('createPlainLineParser', () => {
  it.each(accepted)('reads %s as parseDesktopLine does', (line) => {
    expect(plain(line)).toEqual(general(line));
    expect(plain(line, KEYS, true)).toEqual(general(line));
  });

  it('keeps only the wanted keys, the first of duplicates', () => {
    const line = plain(`2026-05-13T09:12:44.120Z info [A] m conversationId=one conversationId=two requestId=r`);
    expect(line?.fields).toEqual({ conversationId: 'one', threadId: undefined, method: undefined, errorCode: undefined, errorMessage: undefined });
  });

  it("tells the table entry of each interned key's value, the same for the same value", () => {
    const parse = createPlainLineParser(['conversationId', 'threadId', 'method'], ['conversationId', 'threadId']);
    const read = (text: string) => {
      const bytes = Buffer.from(text);
      const line = parse(bytes, 0, bytes.length, desktopStampInBytes(bytes, 0, bytes.length)!, true)!;
      return { ...line.entries };
    };
    const first = read(`2026-05-13T09:12:44.120Z info [A] m conversationId=${ID} method=turn/start`);
    expect(first.conversationId).toBeGreaterThanOrEqual(0);
    expect(first.threadId).toBe(-1);
    expect(first).not.toHaveProperty('method');
    const again = read(`2026-05-13T09:12:44.120Z info [B] other threadId=${ID}`);
    expect(again).toEqual({ conversationId: -1, threadId: first.conversationId });
    const bytes = Buffer.from(`2026-05-13T09:12:44.120Z info [A] m conversationId=${ID}`);
    const line = parse(bytes, 0, bytes.length, desktopStampInBytes(bytes, 0, bytes.length)!, true)!;
    expect(line.interner.text(line.entries.conversationId!)).toBe(ID);
  });

  it('hands the same instance for the same value of an interned key', () => {
    const parse = createPlainLineParser(['conversationId'], ['conversationId']);
    const bytes = Buffer.from(`2026-05-13T09:12:44.120Z info [A] m conversationId=${ID}`);
    const stamp = desktopStampInBytes(bytes, 0, bytes.length)!;
    const first = parse(bytes, 0, bytes.length, stamp, true)!.fields.conversationId;
    const again = parse(Buffer.from(bytes), 0, bytes.length, stamp, true)!.fields.conversationId;
    expect(again).toBe(ID);
    expect(Object.is(first, again)).toBe(true);
  });

  it.each([
    ['a quoted value, which may span lines', `2026-05-13T09:12:44.120Z info [A] m errorMessage="two words"`],
    ['inline JSON', `2026-05-13T09:12:44.120Z info [A] m error={"code":1}`],
    ['a JSON array', `2026-05-13T09:12:44.120Z info [A] m params=[1, 2]`],
    ['a non-ASCII byte', `2026-05-13T09:12:44.120Z info [A] café method=x`],
    ['a no-break space', `2026-05-13T09:12:44.120Z info [A]\u00a0m method=x`],
    ['an upper-case level', `2026-05-13T09:12:44.120Z INFO [A] m method=x`],
    ['a bracketed level', `2026-05-13T09:12:44.120Z [info] [A] m method=x`],
    ['no level', `2026-05-13T09:12:44.120Z [A] m method=x`],
    ['a bracket that is not a tag', `2026-05-13T09:12:44.120Z info [A] [not a tag] method=x`],
    ['an empty tag', `2026-05-13T09:12:44.120Z info [] m method=x`],
  ])('declines %s', (_what, line) => {
    expect(plain(line)).toBeNull();
  });
});
