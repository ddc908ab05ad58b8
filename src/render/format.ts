import { relative, isAbsolute } from 'node:path';
import { DateTime } from 'luxon';

/** ISO-8601 UTC with milliseconds, the form Codex writes; null stays null. */
export function isoTime(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  return new Date(ms).toISOString();
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

/** CSI (`ESC [ … final`) and OSC (`ESC ] … BEL|ESC \\`) sequences, and the lone ESC + one character forms. */
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]?/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Terminal output must not carry what a hostile log line may hold: whole escape sequences go (not only their ESC,
 * which would leave `[31m` behind), then any other control character. Tabs and newlines stay.
 */
export function stripControl(s: string): string {
  return s.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
