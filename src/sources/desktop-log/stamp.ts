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
