import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { ByteRange } from '../sources/desktop-log/read-file.js';
import { desktopStampInBytes } from '../sources/desktop-log/stamp.js';
import type { SkippedFile } from '../sources/desktop-log/types.js';

/** One file of a share: whole, or the bytes of one range of it. */
interface ShareFile {
  path: string;
  range?: ByteRange;
}

/** What one fold on one thread reads: a run of whole files in order, or one range of a large file. */
export interface Share {
  files: ShareFile[];
  bytes: number;
}

export interface SharePlan {
  shares: Share[];
  /** Files not opened (outside the window) or found unreadable while cutting them, in file order. */
  skipped: SkippedFile[];
}

export interface PlanOptions {
  /** About how many bytes one share reads: files are grouped up to it, and a file over 1.5 times it is cut. */
  shareBytes: number;
  since: number | null;
  until: number | null;
  /** Called for a file that is cut into ranges, once open (its identity is kept, as the reader keeps it). */
  onOpened?: (path: string, fd: number, size: number) => void;
  /** The files' fileInfo, in their order, when the caller has it already: each file is then not looked at again. */
  infos?: readonly (FileInfo | null)[];
}

/**
 * Cuts the files into shares, in file order: consecutive small files go together up to about `shareBytes`; a large
 * file is cut into ranges of about that size, each starting at a line that opens with Desktop's stamp. Such a line
 * always starts an entry and ends the one above (the reader's held line, an open quoted value, continuation lines),
 * and it sets the time that untimed and year-less lines below take: every range is then read exactly as it is read
 * within the whole file. Where no such line is found near a cut, the range runs on. Files wholly outside
 * --since/--until are not opened (timeWindowSkip).
 */
export function planShares(files: readonly string[], opts: PlanOptions): SharePlan {
  const shares: Share[] = [];
  const skipped: SkippedFile[] = [];
  let run: Share = { files: [], bytes: 0 };
  const closeRun = (): void => {
    if (run.files.length > 0) shares.push(run);
    run = { files: [], bytes: 0 };
  };
  for (const [index, path] of files.entries()) {
    const info = opts.infos === undefined ? fileInfo(path) : (opts.infos[index] ?? null);
    const outside = outsideWindow(path, info, opts.since, opts.until);
    if (outside !== null) {
      skipped.push(outside);
      continue;
    }
    const size = sizeToRead(info);
    if (size > opts.shareBytes * 1.5) {
      const ranges = cutFile(path, opts.shareBytes, opts.onOpened);
      if (typeof ranges === 'number') {
        // As the reader reports a binary file.
        skipped.push({ path, reason: 'binary', detail: `NUL byte at offset ${ranges}` });
        continue;
      }
      if (ranges.length > 1) {
        closeRun();
        for (const range of ranges) shares.push({ files: [{ path, range }], bytes: range.end - range.start });
        continue;
      }
    }
    // Unreadable and special files are the reader's to report, in their place among the files.
    run.files.push({ path });
    run.bytes += size;
    if (run.bytes >= opts.shareBytes) closeRun();
  }
  closeRun();
  return { shares, skipped };
}

/**
 * The bytes planShares will give its shares to read: those of the regular files not wholly outside --since/--until.
 * Known before the plan, to size the shares and the threads by.
 */
export function bytesToRead(files: readonly string[], infos: readonly (FileInfo | null)[], since: number | null, until: number | null): number {
  let total = 0;
  for (const [index, path] of files.entries()) {
    const info = infos[index] ?? null;
    if (outsideWindow(path, info, since, until) === null) total += sizeToRead(info);
  }
  return total;
}

/** timeWindowSkip for a file that could be looked at, when there is a window. */
function outsideWindow(path: string, info: FileInfo | null, since: number | null, until: number | null): SkippedFile | null {
  return info !== null && (since !== null || until !== null) ? timeWindowSkip(path, info.mtimeMs, since, until) : null;
}

/** Unreadable and special files are the reader's to report; they read nothing. */
function sizeToRead(info: FileInfo | null): number {
  return info?.isFile === true ? info.size : 0;
}

/** Wiggle room around a window: file-name times and day folders are local time (up to 14 h off UTC), writes late. */
export const WINDOW_MARGIN_MS = 15 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Why a log wholly outside the window need not be opened, or null when it may hold lines within it. Its lines were
 * all written by its last modification (mtime), and none before the day its folder (`YYYY/MM/DD`) or its name's
 * `-HHMMSS-` says it was started; both local times, so each bound is widened by WINDOW_MARGIN_MS.
 */
export function timeWindowSkip(path: string, mtimeMs: number, since: number | null, until: number | null): SkippedFile | null {
  if (since !== null && mtimeMs + WINDOW_MARGIN_MS < since) {
    return { path, reason: 'outside-window', detail: `last written ${iso(mtimeMs)}, before --since ${iso(since)}` };
  }
  const started = startedAt(path);
  if (until !== null && started !== null && started - WINDOW_MARGIN_MS > until) {
    return { path, reason: 'outside-window', detail: `started ${iso(started)} (by its path, local time), after --until ${iso(until)}` };
  }
  return null;
}

const DAY_FOLDER = /(?:^|[/\\])(\d{4})[/\\](\d{2})[/\\](\d{2})[/\\](?:[^/\\]*[/\\])*?([^/\\]*)$/;
const NAME_TIME = /-(\d{2})(\d{2})(\d{2})-\d+\.log$/;

/** When the file was started by its day folder and the `-HHMMSS-` of its name, read as UTC; null without a day folder. */
export function startedAt(path: string): number | null {
  const day = DAY_FOLDER.exec(path);
  if (day === null) return null;
  const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
  if (month < 1 || month > 12 || date < 1 || date > 31) return null;
  const midnight = Date.UTC(year, month - 1, date);
  const time = NAME_TIME.exec(day[4] ?? '');
  if (time === null) return midnight;
  const [h, m, s] = [Number(time[1]), Number(time[2]), Number(time[3])];
  if (h > 23 || m > 59 || s > 59) return midnight;
  return Math.min(midnight + ((h * 60 + m) * 60 + s) * 1000, midnight + DAY_MS);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export interface FileInfo {
  size: number;
  mtimeMs: number;
  isFile: boolean;
}

/** What planning needs to know of a file, or null when it cannot be looked at. */
export function fileInfo(path: string): FileInfo | null {
  try {
    const info = statSync(path);
    return { size: info.size, mtimeMs: info.mtimeMs, isFile: info.isFile() };
  } catch {
    return null;
  }
}

const SNIFF_BYTES = 64 * 1024;
/** How far past a nominal cut a line with Desktop's stamp is looked for before the range runs on to the next cut. */
const SEARCH_BYTES = 1024 * 1024;
const LF = 0x0a;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The ranges of a large file, or where its first NUL byte is when it is binary (one in its first 64 KiB, as the
 * reader judges it). A file that cannot be opened or is not a regular file gets none: the reader reports it.
 */
function cutFile(path: string, shareBytes: number, onOpened: PlanOptions['onOpened']): ByteRange[] | number {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return [];
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return [];
    const size = info.size;
    onOpened?.(path, fd, size);
    const window = Buffer.allocUnsafe(SEARCH_BYTES);
    const sniffed = readSync(fd, window, 0, Math.min(SNIFF_BYTES, size), 0);
    const nulAt = window.subarray(0, sniffed).indexOf(0);
    if (nulAt >= 0) return nulAt;
    const cuts = [0];
    for (let nominal = shareBytes; nominal < size - shareBytes / 2; nominal += shareBytes) {
      if (nominal <= cuts[cuts.length - 1]!) continue;
      const cut = stampedLineStart(fd, window, nominal, size);
      if (cut !== null && cut < size) cuts.push(cut);
    }
    return cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? size, yearReferenceMs: info.mtimeMs }));
  } catch {
    return [];
  } finally {
    closeSync(fd);
  }
}

/**
 * The first line start at or after `from` whose whole line is in the window read there and opens with Desktop's
 * stamp; null when there is none within SEARCH_BYTES.
 */
function stampedLineStart(fd: number, window: Buffer, from: number, size: number): number | null {
  // From the byte before: a line starts where the byte before it is a newline.
  const at = from - 1;
  const got = readSync(fd, window, 0, Math.min(window.length, size - at), at);
  let newline = window.subarray(0, got).indexOf(LF);
  while (newline >= 0 && newline + 1 < got) {
    const start = newline + 1;
    const end = window.subarray(0, got).indexOf(LF, start);
    if (end < 0) return null;
    if (desktopStampInBytes(window, start, end) !== null) return at + start;
    newline = end;
  }
  return null;
}
