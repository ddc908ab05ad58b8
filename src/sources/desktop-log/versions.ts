import type { DesktopLogEntry } from './types.js';

/** Versions the Desktop log names, and the time span it covers: the environment part of an incident report. */
export interface LogVersions {
  appServerVersions: string[];
  desktopVersions: string[];
  /** macOS app bundles the log names (`/Applications/ChatGPT.app/…`, `…/CodexCLI.app/Contents/MacOS/codex`), a few. */
  appBundlePaths: string[];
  firstTs: number | null;
  lastTs: number | null;
}

const DESKTOP_IN_TEXT = /Codex Desktop[ /v]*(\d+\.\d+(?:\.\d+)?)/;
const VERSION = /^\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?$/;
/** Desktop ships inside Codex.app, now ChatGPT.app; its bundled app-server is `…/codex-cli/CodexCLI.app/Contents/MacOS/codex`. */
const APP_BUNDLE_PATH = /\/(?:[^\s"'`=:]*\/)?[^\s"'`=:/]+\.app\/Contents\/[^\s"'`,)}\]]*/;
const APP_BUNDLE_NEEDLE = '.app/Contents/';
export const MAX_BUNDLE_PATHS = 3;

export function emptyLogVersions(): LogVersions {
  return { appServerVersions: [], desktopVersions: [], appBundlePaths: [], firstTs: null, lastTs: null };
}

/**
 * LogVersions while a run reads. Its span stays a number (NaN until the first time): every timed line moves it, and
 * as `number | null` each move made a new boxed number, two million on 1 GiB of logs, where a number field is
 * updated in place.
 */
export interface LogVersionsTally {
  appServerVersions: string[];
  desktopVersions: string[];
  appBundlePaths: string[];
  firstTs: number;
  lastTs: number;
}

export function emptyLogVersionsTally(): LogVersionsTally {
  return { appServerVersions: [], desktopVersions: [], appBundlePaths: [], firstTs: Number.NaN, lastTs: Number.NaN };
}

export function settleLogVersions(tally: LogVersionsTally): LogVersions {
  return {
    appServerVersions: tally.appServerVersions,
    desktopVersions: tally.desktopVersions,
    appBundlePaths: tally.appBundlePaths,
    firstTs: Number.isNaN(tally.firstTs) ? null : tally.firstTs,
    lastTs: Number.isNaN(tally.lastTs) ? null : tally.lastTs,
  };
}

/**
 * Substrings an entry needs for `observeVersions` to learn more than its time: lines without any are only timed.
 * `Codex D` and `.app/` stand for the `Codex Desktop` and `.app/Contents/` it looks for, because the reader searches
 * every byte of the logs for each needle and Node's search is several times faster for these (on 1 MiB of Desktop
 * log, 0.1–0.2 ms against 0.65 ms each: 1.4 s of a 1 GiB run). The few more lines they catch are parsed in full,
 * which reads them as the plain parser would. (`Desktop` alone was faster still, but would send every line that names
 * a project under ~/Desktop to the full parse.)
 */
export const VERSION_NEEDLES: readonly string[] = ['Version', 'Codex D', '.app/'];

/** Adds what one entry says; cheap substring checks first, as this runs on every line. */
export function observeVersions(entry: DesktopLogEntry, into: LogVersionsTally): void {
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
  if (into.appBundlePaths.length < MAX_BUNDLE_PATHS && entry.raw.includes(APP_BUNDLE_NEEDLE)) {
    const m = APP_BUNDLE_PATH.exec(entry.raw);
    if (m) addOnce(into.appBundlePaths, m[0]);
  }
}

/** The time of a timed entry that was counted but not parsed. */
export function observeTime(ts: number, into: LogVersionsTally): void {
  if (!(ts >= into.firstTs)) into.firstTs = ts;
  if (!(ts <= into.lastTs)) into.lastTs = ts;
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
