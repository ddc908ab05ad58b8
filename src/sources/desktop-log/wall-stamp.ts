import type { LogLevel } from './types.js';

/** A local wall-clock time without a year, as syslog and Chromium write it. */
export interface WallTime {
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** A prefix that opens a line with a year-less local time, and where the text after it begins. */
export interface WallPrefix {
  wall: WallTime;
  end: number;
  /** The level the prefix itself names (Chromium's `ERROR`), else null. */
  level: LogLevel | null;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/**
 * `journalctl`'s short formats, as Linux users collect Desktop's output: `Oct 07 18:30:30 fedora chatgpt[10536]: `
 * (`-o short`), with microseconds under `-o short-precise`. Then host, identifier, optional `[pid]`, and `: `.
 */
const JOURNAL = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? \S+ [^\s[:]+(?:\[\d+\])?: ?/;

/** Chromium's own lines in Electron's output: `[pid:tid:MMDD/HHMMSS.micros:LEVEL:file.cc(123)] ` (tid optional). */
const CHROMIUM = /^\[\d+:(?:\d+:)?(\d{2})(\d{2})\/(\d{2})(\d{2})(\d{2})(?:\.(\d{1,6}))?:([A-Z]+)\d*:[^\]\s]*\] ?/;

const CHROMIUM_LEVELS: Readonly<Record<string, LogLevel>> = { FATAL: 'error', ERROR: 'error', WARNING: 'warning', INFO: 'info', VERBOSE: 'debug' };

const BRACKET_OPEN = 0x5b;

/**
 * The journalctl or Chromium prefix that opens `text`, or null. Called only for lines that open with no ISO stamp;
 * a byte check first keeps the expressions off every other line.
 */
export function readWallPrefix(text: string): WallPrefix | null {
  const first = text.charCodeAt(0);
  if (first >= 0x41 && first <= 0x5a) {
    // `Mmm DD HH:` has its spaces and colon at fixed places.
    if (text.charCodeAt(3) !== 0x20 || text.charCodeAt(6) !== 0x20 || text.charCodeAt(9) !== 0x3a) return null;
    const m = JOURNAL.exec(text);
    if (m === null) return null;
    const month = MONTHS.indexOf(m[1]!);
    if (month < 0 || month % 3 !== 0) return null;
    const wall = wallTime(month / 3 + 1, Number(m[2]), m[3]!, m[4]!, m[5]!, m[6]);
    return wall === null ? null : { wall, end: m[0].length, level: null };
  }
  if (first === BRACKET_OPEN) {
    const second = text.charCodeAt(1);
    if (second < 0x30 || second > 0x39) return null;
    const m = CHROMIUM.exec(text);
    if (m === null) return null;
    const wall = wallTime(Number(m[1]), Number(m[2]), m[3]!, m[4]!, m[5]!, m[6]);
    return wall === null ? null : { wall, end: m[0].length, level: CHROMIUM_LEVELS[m[7]!] ?? null };
  }
  return null;
}

function wallTime(month: number, day: number, hh: string, mm: string, ss: string, fraction: string | undefined): WallTime | null {
  const hour = Number(hh);
  const minute = Number(mm);
  const second = Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = fraction === undefined ? 0 : Math.floor(Number(fraction.padEnd(3, '0').slice(0, 3)));
  return { month, day, hour, minute, second, ms };
}

const HALF_YEAR_MS = 183 * 86_400_000;

/**
 * The instant of a year-less wall time, near `referenceMs`: the time of the line above it in the same file when one
 * had a time, else the file's mtime (a journal export is written after its last line).
 *
 * Year: the reference's, moved by one when that puts the line more than half a year away from it, so a log that runs
 * from Dec 31 into Jan 1 (or a December line in a file saved in January) lands in the right year.
 * Zone: these prefixes carry none. journalctl prints the collecting machine's local time and Chromium the app's; the
 * analysis takes this machine's zone (TZ), the best guess when the logs say nothing else. A Desktop ISO stamp after a
 * journal prefix is UTC and wins over it (see parseDesktopLine).
 */
export function resolveWallTime(wall: WallTime, referenceMs: number): number {
  const year = new Date(referenceMs).getFullYear();
  const at = (y: number) => new Date(y, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms).getTime();
  const same = at(year);
  if (same - referenceMs > HALF_YEAR_MS) return at(year - 1);
  if (referenceMs - same > HALF_YEAR_MS) return at(year + 1);
  return same;
}
