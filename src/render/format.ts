import { relative, isAbsolute } from 'node:path';
import { DateTime } from 'luxon';

/**
 * ISO-8601 UTC with milliseconds, the form Codex writes; null stays null. As `Date#toISOString`, which takes about
 * 0.9 µs where this takes 0.15: a report writes it for every event and conversation, mostly within the same few days,
 * so the date part is made once per day.
 */
export function isoTime(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  // Out of the range of ordinary dates (and so of the cache's arithmetic), Date says what it says.
  if (Math.abs(ms) > MAX_PLAIN_MS) return new Date(ms).toISOString();
  const t = Math.trunc(ms);
  const day = Math.floor(t / DAY_MS);
  if (day !== cachedDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    cachedDayPrefix = iso.slice(0, iso.indexOf('T') + 1);
    cachedDay = day;
  }
  let rest = t - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${cachedDayPrefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
}

const DAY_MS = 86_400_000;
/** Years 0000-9999 either side of 1970 by a wide margin; beyond, Date formats six-digit years. */
const MAX_PLAIN_MS = 2e14;
let cachedDay = Number.NaN;
let cachedDayPrefix = '';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

/** `2026-05-03 14:02:11Z` for people: seconds are enough in a table. */
export function displayTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  return DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyy-LL-dd HH:mm:ss'Z'");
}

/** A path relative to the working directory when it lies below it, else as is. */
export function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * The start of a conversation id that tells the report's conversations apart: its first 12 hex digits are a UUIDv7's
 * whole millisecond time, so side chats made within one minute (which share 8) stay apart.
 */
export function shortThreadId(id: string): string {
  return id.slice(0, 13);
}
