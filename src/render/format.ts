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

/** Terminal output must not carry the control characters a hostile log line may hold. */
export function stripControl(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
