import { createAsciiInterner, internedText, latin1, sameBytes, type ByteInterner } from './byte-interner.js';
import type { DesktopStamp } from './stamp.js';
import type { LogLevel } from './types.js';

/**
 * The header of a Desktop line in the plain shape Desktop writes nearly all of them in: `<stamp> <level> [Component]
 * message key=value …`, ASCII, values bare tokens. Only the keys the caller asked for are kept.
 */
export interface PlainLine {
  ts: number;
  level: LogLevel;
  message: string;
  /** The value of each wanted key the line has (the first of duplicates), else undefined. */
  fields: Record<string, string | undefined>;
  /**
   * For each key whose values are interned: the entry of its value in the parser's table (`interner`), or -1 when the
   * line has no such key or its value is not kept there.
   */
  entries: Record<string, number>;
  /** The parser's table of interned values, the same for every line it reads. */
  interner: ByteInterner;
}

/**
 * Reads a line's header straight from its bytes when the line has the plain shape; null when it has not (the general
 * parser must read it). The result is what parseDesktopLine gives for the same line, restricted to the wanted keys:
 * any line where the two could differ is declined, which test/fuzz checks. The one PlainLine is reused: it is valid
 * until the next call. `ascii` when the caller knows the bytes are ASCII; they are checked otherwise.
 *
 * Why: a large log holds millions of such lines, and decoding each into a string, then into an object of all its
 * fields, made the reader's allocations and the collections they cost most of a run's time.
 */
export type PlainLineParser = (bytes: Uint8Array, start: number, end: number, stamp: DesktopStamp, ascii: boolean) => PlainLine | null;

/**
 * `internKeys` are wanted keys whose values repeat (ids, methods): they come back as one string instance per
 * distinct value (see ByteInterner).
 */
export function createPlainLineParser(keys: readonly string[], internKeys: readonly string[] = []): PlainLineParser {
  // Other keys' values are compared with their last one, up to 16 bytes (`errorCode=null`).
  const wanted = keys.map((key) => ({ key, bytes: Buffer.from(key, 'latin1'), intern: internKeys.includes(key), memo: lastValue(16), setIn: 0 }));
  const byShape = new Map<number, typeof wanted>();
  for (const w of wanted) {
    const shape = shapeOf(w.bytes.length, w.bytes[0]!);
    byShape.set(shape, [...(byShape.get(shape) ?? []), w]);
  }
  const intern: ByteInterner = createAsciiInterner();
  // Messages are few in a real log, but a free one per line ("Fetched 12 items") must not fill the values' table.
  const internMessage: ByteInterner = createAsciiInterner(4096);
  const message = lastValue(64);
  const fields: Record<string, string | undefined> = Object.fromEntries(keys.map((key) => [key, undefined]));
  const internedKeys = keys.filter((key) => internKeys.includes(key));
  const entries: Record<string, number> = Object.fromEntries(internedKeys.map((key) => [key, -1]));
  const line: PlainLine = { ts: 0, level: 'info', message: '', fields, entries, interner: intern };
  const messageText = (bytes: Uint8Array, start: number, end: number): string => internedText(internMessage, bytes, start, end);
  // The keys the last line set, and the number of the line being read (a key's `setIn` tells whether this line has it):
  // clearing and testing all eleven keys by name, for every line, weighed heavily on the parser (docs/decisions.md).
  // A fixed array and a count: emptying an array by its length frees its store, and the next push makes a new one.
  const setLast: typeof wanted = new Array(wanted.length);
  let setCount = 0;
  let lineNo = 0;

  return (bytes, start, end, stamp, ascii) => {
    if (!ascii) for (let i = start; i < end; i += 1) if (bytes[i]! >= 0x80) return null;
    let pos = skipSpaces(bytes, start + stamp.end, end);
    const wordEnd = skipToken(bytes, pos, end);
    const level = levelOf(bytes, pos, wordEnd);
    if (level === null) return null;
    pos = skipSpaces(bytes, wordEnd, end);
    // Bracketed tags: `[Component]`, then any further `[tag]`, as parseHeader's TAG reads them.
    while (pos < end && bytes[pos] === SQUARE_OPEN) {
      let close = pos + 1;
      while (close < end && bytes[close] !== SQUARE_CLOSE && CLASS[bytes[close]!] !== SPACE) close += 1;
      if (close >= end || bytes[close] !== SQUARE_CLOSE || close === pos + 1) return null;
      pos = skipSpaces(bytes, close + 1, end);
    }

    for (let i = 0; i < setCount; i += 1) {
      const w = setLast[i]!;
      fields[w.key] = undefined;
      if (w.intern) entries[w.key] = -1;
    }
    setCount = 0;
    lineNo += 1;
    const firstKey = findKeyStart(bytes, pos, end);
    if (firstKey < 0) {
      line.message = repeated(message, bytes, pos, trimEnd(bytes, pos, end), messageText);
    } else {
      line.message = repeated(message, bytes, pos, trimEnd(bytes, pos, firstKey), messageText);
      let at = firstKey;
      while (at < end) {
        at = skipSpaces(bytes, at, end);
        if (at >= end) break;
        const equals = keyEnd(bytes, at, end);
        if (equals < 0) {
          at = skipToken(bytes, at, end);
          continue;
        }
        const valueStart = equals + 1;
        const first = bytes[valueStart];
        // A quoted or JSON value may span spaces and lines: the general parser's business.
        if (first === QUOTE || first === BRACE_OPEN || first === SQUARE_OPEN) return null;
        const valueEnd = skipToken(bytes, valueStart, end);
        const candidates = byShape.get(shapeOf(equals - at, bytes[at]!));
        if (candidates !== undefined) {
          for (const w of candidates) {
            if (w.setIn === lineNo || !sameBytes(w.bytes, 0, w.bytes.length, bytes, at, equals)) continue;
            w.setIn = lineNo;
            setLast[setCount++] = w;
            if (w.intern) {
              const entry = intern.entryOf(bytes, valueStart, valueEnd);
              entries[w.key] = entry;
              fields[w.key] = entry >= 0 ? intern.text(entry) : latin1(bytes, valueStart, valueEnd);
            } else {
              fields[w.key] = repeated(w.memo, bytes, valueStart, valueEnd, latin1);
            }
          }
        }
        at = valueEnd;
      }
    }
    line.ts = stamp.ms;
    line.level = level;
    return line;
  };
}

const SPACE = 1;
const KEY_START = 2;
const KEY_CHAR = 3;
/** isSpace's ASCII members; the line holds no other byte that could be a space (the parser declines non-ASCII). */
const CLASS = new Uint8Array(256);
for (const code of [0x20, 0x09, 0x0b, 0x0c, 0x0d]) CLASS[code] = SPACE;
for (let code = 0x41; code <= 0x5a; code += 1) CLASS[code] = KEY_START;
for (let code = 0x61; code <= 0x7a; code += 1) CLASS[code] = KEY_START;
CLASS[0x5f] = KEY_START;
for (let code = 0x30; code <= 0x39; code += 1) CLASS[code] = KEY_CHAR;
CLASS[0x2e] = KEY_CHAR;
CLASS[0x2d] = KEY_CHAR;

const EQUALS = 0x3d;
const QUOTE = 0x22;
const BRACE_OPEN = 0x7b;
const SQUARE_OPEN = 0x5b;
const SQUARE_CLOSE = 0x5d;

/** Lower-case level words only: the other spellings parseHeader accepts are rare and left to it. */
const LEVEL_WORDS: readonly [Buffer, LogLevel][] = (
  [
    ['info', 'info'],
    ['debug', 'debug'],
    ['warning', 'warning'],
    ['error', 'error'],
    ['warn', 'warning'],
    ['trace', 'debug'],
  ] as const
).map(([word, level]) => [Buffer.from(word, 'latin1'), level]);

function levelOf(bytes: Uint8Array, start: number, end: number): LogLevel | null {
  for (const [word, level] of LEVEL_WORDS) if (sameBytes(word, 0, word.length, bytes, start, end)) return level;
  return null;
}

function shapeOf(length: number, firstByte: number): number {
  return length * 256 + firstByte;
}

/** The last value a key (or the message) had, to hand back when the next line repeats its bytes. */
interface LastValue {
  last: Buffer;
  lastLength: number;
  lastText: string;
}

function lastValue(capacity: number): LastValue {
  return { last: Buffer.alloc(capacity), lastLength: -1, lastText: '' };
}

/**
 * The text of `bytes[start, end)`: the last one when the bytes are the same (`errorCode=null`, `response_routed` a
 * million times), so that a repeated value costs neither a string nor a lookup; else `decode`'s.
 */
function repeated(memo: LastValue, bytes: Uint8Array, start: number, end: number, decode: (bytes: Uint8Array, start: number, end: number) => string): string {
  const length = end - start;
  if (length === memo.lastLength && sameBytes(memo.last, 0, length, bytes, start, end)) return memo.lastText;
  const text = decode(bytes, start, end);
  if (length <= memo.last.length) {
    memo.last.set(bytes.subarray(start, end));
    memo.lastLength = length;
    memo.lastText = text;
  }
  return text;
}

/** As fields.ts's findKeyStart, on bytes: the first `key=` at the text's start or after a space. */
function findKeyStart(bytes: Uint8Array, from: number, end: number): number {
  for (let equals = from; equals < end; equals += 1) {
    if (bytes[equals] !== EQUALS) continue;
    let start = equals;
    while (start > from && CLASS[bytes[start - 1]!]! >= KEY_START) start -= 1;
    if (start < equals && CLASS[bytes[start]!] === KEY_START && (start === from || CLASS[bytes[start - 1]!] === SPACE)) return start;
  }
  return -1;
}

/** As fields.ts's keyEnd: the `=` ending a key that starts at `pos`, or -1. */
function keyEnd(bytes: Uint8Array, pos: number, end: number): number {
  if (CLASS[bytes[pos]!] !== KEY_START) return -1;
  let i = pos + 1;
  while (i < end && CLASS[bytes[i]!]! >= KEY_START) i += 1;
  return i < end && bytes[i] === EQUALS ? i : -1;
}

function skipSpaces(bytes: Uint8Array, pos: number, end: number): number {
  let i = pos;
  while (i < end && CLASS[bytes[i]!] === SPACE) i += 1;
  return i;
}

function skipToken(bytes: Uint8Array, pos: number, end: number): number {
  let i = pos;
  while (i < end && CLASS[bytes[i]!] !== SPACE) i += 1;
  return i;
}

function trimEnd(bytes: Uint8Array, start: number, end: number): number {
  let i = end;
  while (i > start && CLASS[bytes[i - 1]!] === SPACE) i -= 1;
  return i;
}
