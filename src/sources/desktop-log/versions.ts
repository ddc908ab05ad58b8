import type { DesktopLogEntry } from './types.js';

/** Versions the Desktop log names, and the time span it covers: the environment part of an incident report. */
export interface LogVersions {
  appServerVersions: string[];
  desktopVersions: string[];
  firstTs: number | null;
  lastTs: number | null;
}

const DESKTOP_IN_TEXT = /Codex Desktop[ /v]*(\d+\.\d+(?:\.\d+)?)/;
const VERSION = /^\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?$/;

export function emptyLogVersions(): LogVersions {
  return { appServerVersions: [], desktopVersions: [], firstTs: null, lastTs: null };
}

/** The substrings an entry needs for `observeVersions` to learn more than its time. */
export const VERSION_NEEDLES: readonly string[] = ['Version', 'Codex Desktop'];

/** Adds what one entry says; cheap substring checks first, as this runs on every line. */
export function observeVersions(entry: DesktopLogEntry, into: LogVersions): void {
  if (entry.timed && entry.ts !== null) observeTime(entry.ts, into);
  const app = entry.fields.currentVersion;
  if (app !== undefined && VERSION.test(app)) addOnce(into.appServerVersions, app);
  for (const key of ['desktopVersion', 'appVersion'] as const) {
    const v = entry.fields[key];
    if (v !== undefined && VERSION.test(v)) addOnce(into.desktopVersions, v);
  }
  if (entry.raw.includes('Codex Desktop')) {
    const m = DESKTOP_IN_TEXT.exec(entry.raw);
    if (m?.[1]) addOnce(into.desktopVersions, m[1]);
  }
}

/** The time of a timed entry that was counted but not parsed. */
export function observeTime(ts: number, into: LogVersions): void {
  if (into.firstTs === null || ts < into.firstTs) into.firstTs = ts;
  if (into.lastTs === null || ts > into.lastTs) into.lastTs = ts;
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
