import { isSpace } from './whitespace.js';

/** A time stamp at the start of a log line, and where the text after it begins. */
export type LeadingStamp =
  /** A full date and time: the line is timed. */
  | { kind: 'datetime'; ms: number; end: number }
  /** A stamp without a usable date (time only, or Python http.server's local `[15/Jun/2026 12:22:29]`). */
  | { kind: 'partial'; end: number };

/**
 * `2026-05-13T09:12:44.120Z` (Desktop), `…T15:39:51Z`, `2026-09-02 15:54:39.629` (VS Code output: local time with
 * no zone, read as UTC because nothing says which zone it was), with an optional numeric offset.
 */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}:\d{2})?/;
/** `06:12:15.373Z` and `17:59:21.323` in reporters' timelines: no date, so no instant. */
const TIME_ONLY = /^\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z?/;
const HTTP_SERVER = /^\[\d{2}\/[A-Z][a-z]{2}\/\d{4} \d{2}:\d{2}:\d{2}\]/;

/**
 * The stamp that opens `text`, or null. A stamp must be followed by whitespace or the end of the text, so that
 * `2026-05-13T09:12:44.120Zfoo` or a version number is not taken for one. Bracketed stamps (`[2026-… …]`) count too.
 */
export function readLeadingStamp(text: string): LeadingStamp | null {
  const first = text.charCodeAt(0);
  if (first === BRACKET_OPEN) return readBracketedStamp(text);
  if (!isDigit(first)) return null;
  const dateTime = readDateTime(text, 0);
  if (dateTime !== null) return endsAtBoundary(text, dateTime.end) ? dateTime : null;
  const timeOnly = TIME_ONLY.exec(text);
  if (timeOnly !== null && endsAtBoundary(text, timeOnly[0].length)) return { kind: 'partial', end: timeOnly[0].length };
  return null;
}

function readBracketedStamp(text: string): LeadingStamp | null {
  const httpServer = HTTP_SERVER.exec(text);
  if (httpServer !== null) return endsAtBoundary(text, httpServer[0].length) ? { kind: 'partial', end: httpServer[0].length } : null;
  const inner = readDateTime(text, 1);
  if (inner === null || text.charCodeAt(inner.end) !== BRACKET_CLOSE || !endsAtBoundary(text, inner.end + 1)) return null;
  return { kind: 'datetime', ms: inner.ms, end: inner.end + 1 };
}

function readDateTime(text: string, from: number): { kind: 'datetime'; ms: number; end: number } | null {
  if (from === 0) {
    const ms = desktopStampMs(text);
    if (ms !== null) return { kind: 'datetime', ms, end: DESKTOP_STAMP_LENGTH };
  }
  const slice = from === 0 ? text : text.slice(from);
  const match = DATE_TIME.exec(slice);
  if (match === null) return null;
  const [whole, date = '', time = '', zone = 'Z'] = match;
  // Date.parse reads a zone-less ISO stamp as local time; these stamps are read as UTC instead.
  const ms = Date.parse(`${date}T${time}${zone}`);
  return Number.isNaN(ms) ? null : { kind: 'datetime', ms, end: from + whole.length };
}

function endsAtBoundary(text: string, end: number): boolean {
  return end === text.length || isSpace(text.charCodeAt(end));
}

const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `2026-05-13T09:12:44.120Z`: Desktop writes every line with this exact shape. */
const DESKTOP_STAMP_LENGTH = 24;
const DESKTOP_STAMP_SHAPE = 'dddd-dd-ddTdd:dd:dd.dddZ';

/**
 * Desktop's own stamp read digit by digit: it opens every line of a log, and this is several times faster than the
 * general expression and Date.parse. Null for any other shape (the general reader then decides), or an invalid date.
 */
function desktopStampMs(text: string): number | null {
  if (text.length < DESKTOP_STAMP_LENGTH) return null;
  for (let i = 0; i < DESKTOP_STAMP_LENGTH; i += 1) {
    const code = text.charCodeAt(i);
    // Outside the shape, which is ASCII (and a code past 255 would wrap in a byte).
    if (code > 0x7f) return null;
    textCodes[i] = code;
  }
  return stampMs(textCodes, 0);
}

/** A Desktop time stamp at the start of the bytes of a line, and where the text after it begins. */
export interface DesktopStamp {
  ms: number;
  end: number;
}

/**
 * Desktop's stamp on the raw bytes of a line, followed by a space or the line's end, for the reader's pre-filter: no
 * string is made for each of a large log's millions of lines, and the parser is handed the result instead of reading it
 * again. Null for anything else (the reader then decodes a prefix and asks readLeadingStamp).
 */
export function desktopStampInBytes(bytes: Uint8Array, start: number, end: number): DesktopStamp | null {
  const stamp: DesktopStamp = { ms: 0, end: 0 };
  return desktopStampInto(bytes, start, end, stamp) ? stamp : null;
}

const MINUTE_LENGTH = 16;
const COLON = 0x3a;
const DOT = 0x2e;
const LETTER_Z = 0x5a;

/** The minute (`YYYY-MM-DDTHH:MM`) of the last stamp read, and its instant: lines of a log share it by the hundred. */
const lastMinute = new Uint8Array(MINUTE_LENGTH);
/** Its instant, NaN until a stamp was read: a field, so that a new minute does not box a new number. */
const lastMinuteInstant = { ms: Number.NaN };

/**
 * As desktopStampInBytes, written into `into`; false (and `into` unchanged) when the line does not open with
 * Desktop's stamp. For the reader, which asks it of every line: an instant returned as a number was a new boxed number
 * per line, where a field of an object that only ever holds numbers is written in place.
 */
export function desktopStampInto(bytes: Uint8Array, start: number, end: number, into: DesktopStamp): boolean {
  if (end - start < DESKTOP_STAMP_LENGTH) return false;
  const after = start + DESKTOP_STAMP_LENGTH;
  if (after < end && !isSpace(bytes[after]!)) return false;
  if (bytes[start + 16] !== COLON || bytes[start + 19] !== DOT || bytes[start + 23] !== LETTER_Z) return false;
  const second = digitsAt(bytes, start + 17, 2);
  const milli = digitsAt(bytes, start + 20, 3);
  if (second < 0 || second > 59 || milli < 0) return false;
  if (!sameMinute(bytes, start)) {
    // A new minute's stamp is read whole by the general reading, so that it is checked exactly as before.
    const ms = stampMs(bytes, start);
    if (ms === null) return false;
    lastMinute.set(bytes.subarray(start, start + MINUTE_LENGTH));
    lastMinuteInstant.ms = ms - second * 1000 - milli;
  }
  into.ms = lastMinuteInstant.ms + second * 1000 + milli;
  into.end = DESKTOP_STAMP_LENGTH;
  return true;
}

function sameMinute(bytes: Uint8Array, start: number): boolean {
  if (Number.isNaN(lastMinuteInstant.ms)) return false;
  for (let i = 0; i < MINUTE_LENGTH; i += 1) if (bytes[start + i] !== lastMinute[i]) return false;
  return true;
}

/** The number the `count` ASCII digits at `at` spell, or -1 when one is not a digit. */
function digitsAt(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The instant of the 24 bytes at `start` when they have Desktop's shape, else null. On bytes, for text too (copied into
 * textCodes): reading them through a callback made every call allocate the closures' contexts, a new minute or not.
 */
function stampMs(bytes: Uint8Array, start: number): number | null {
  for (let i = 0; i < DESKTOP_STAMP_LENGTH; i += 1) {
    const want = DESKTOP_STAMP_SHAPE.charCodeAt(i);
    const got = bytes[start + i]!;
    if (want === DIGIT_MARK ? !isDigit(got) : got !== want) return null;
  }
  const year = digitsAt(bytes, start, 4);
  const month = digitsAt(bytes, start + 5, 2);
  const day = digitsAt(bytes, start + 8, 2);
  const hour = digitsAt(bytes, start + 11, 2);
  const minute = digitsAt(bytes, start + 14, 2);
  const second = digitsAt(bytes, start + 17, 2);
  // Years before 100 (Date.UTC would read them as 19xx) and impossible dates go to the general reader.
  if (year < 100 || month < 1 || month > 12 || day < 1 || (day > 28 && day > daysIn(year, month)) || hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, digitsAt(bytes, start + 20, 3));
}

/** A text stamp's character codes, for stampMs. */
const textCodes = new Uint8Array(DESKTOP_STAMP_LENGTH);

const DIGIT_MARK = 0x64; // 'd' in DESKTOP_STAMP_SHAPE

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
