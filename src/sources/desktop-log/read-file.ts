import { closeSync, constants, fstatSync, openSync, read, readSync } from 'node:fs';
import { createEntryAssembler, type EntryAssembler } from './assemble.js';
import { emptyScanFacts, scanLines, type ReadChunk } from './line-scanner.js';
import { createNeedleFinders, type NeedleFinder } from './needles.js';
import type { PlainLine, PlainLineParser } from './plain-line.js';
import { desktopStampInto, readLeadingStamp, type DesktopStamp } from './stamp.js';
import type { DesktopLogEntry, DesktopLogStats, SkippedFile } from './types.js';
import { errnoCode, errorCode } from '../../util/errors.js';

/** Real Desktop lines are well under 64 KB even with inline JSON; far beyond that is damage. */
const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;
const BOM = '\uFEFF';
const REPLACEMENT_CHARACTER = '\uFFFD';
const CR = 0x0d;

export interface ReadOptions {
  maxLineBytes?: number;
  /**
   * Substrings without which an entry is of no use to the caller. When given, a timed entry of one line that holds
   * none of them is counted and its time passed to `onUnparsedEntry`, but never decoded or parsed: in real logs most
   * lines are such noise (fetches, IPC state dumps), and skipping them is most of the reader's speed.
   */
  needles?: readonly string[];
  onUnparsedEntry?: (ts: number) => void;
  /**
   * How many bytes of all the files have been read so far, told before each read of a chunk: progress that moves
   * within one large file (a 300 MB log was 15 s of nothing when progress moved per file).
   */
  onBytes?: (bytesRead: number) => void;
  /**
   * Timed one-line entries in Desktop's plain shape are read on their bytes by `parse` (see PlainLineParser) and
   * given to `onLine`, not to onEntry. Lines that hold any of `fullParse` (substrings the caller needs the whole entry
   * for) are still parsed in full.
   */
  plain?: PlainLines;
  /**
   * Called once a regular file is open, before it is read, with its descriptor and size (the log index keeps the
   * identity of large files so). A file-system error it throws makes the file unreadable, as any other does.
   */
  onOpened?: (path: string, fd: number, size: number) => void;
  /**
   * Read only the bytes `[start, end)` of the file, both at line starts (a share of a large file folded on its own
   * thread; see src/log-index/plan.ts). The file was checked for NUL bytes by whoever cut it, and `yearReferenceMs`
   * is the mtime it saw then. Line numbers and `filesRead` then count from the range's start: its caller adds the
   * lines of the ranges above.
   */
  range?: ByteRange;
}

export interface ByteRange {
  start: number;
  end: number;
  yearReferenceMs: number;
}

interface PlainLines {
  parse: PlainLineParser;
  fullParse: readonly string[];
  /**
   * Plain lines stamped outside `[since, until]` that hold none of `unless` are only counted, as lines without a
   * needle are, and never parsed: the caller keeps nothing of them (the events of a run with --since/--until). Null
   * bounds are open.
   */
  window?: { since: number | null; until: number | null; unless: readonly string[] };
  /** `line` is valid only during the call. */
  onLine: (line: PlainLine, file: string, lineNumber: number, offset: number) => void;
}

export function emptyDesktopLogStats(): DesktopLogStats {
  return {
    filesRead: 0,
    emptyFiles: 0,
    skippedFiles: [],
    bytes: 0,
    lines: 0,
    entries: 0,
    untimedEntries: 0,
    continuationLines: 0,
    blankLines: 0,
    overlongLines: 0,
    crlfLines: 0,
    invalidUtf8Lines: 0,
    missingFinalNewline: 0,
    linesChangedDuringRun: 0,
  };
}

/**
 * Streams one Desktop log into entries and adds to `stats`. Never throws for bad input: a file that cannot be
 * opened, is not a regular file or holds NUL bytes in its first 64 KiB is recorded in `stats.skippedFiles`;
 * a zero-byte file counts in `filesRead` and `emptyFiles`. Only the bytes present when the file was opened are read,
 * so a log Desktop is still appending to ends where it stood (its last line may then lack its newline).
 */
export async function readDesktopLogFile(
  path: string,
  onEntry: (entry: DesktopLogEntry) => void,
  stats: DesktopLogStats,
  opts: ReadOptions = {},
): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    stats.skippedFiles.push(unreadable(path, errorCode(err)));
    return;
  }
  try {
    const skipped = await readOpened(fd, path, onEntry, stats, opts);
    // A file cut into ranges is read once, however many ranges it has: its first one counts it.
    if (skipped === null) stats.filesRead += opts.range === undefined || opts.range.start === 0 ? 1 : 0;
    else stats.skippedFiles.push(skipped);
  } finally {
    closeSync(fd);
  }
}

// O_NONBLOCK: a FIFO named like a log does not hang the open (it is then skipped as not a regular file).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Files up to this size are read synchronously: a folder of 10^6 tiny logs spent 95 % of its time waiting on the
 * thread pool for five asynchronous calls per file. Larger files are read asynchronously, chunk by chunk, so that
 * Ctrl-C and the progress display stay prompt.
 */
const SYNC_READ_MAX_BYTES = 1024 * 1024;

/** Reads `size` bytes of the file from `base` on, as positions from 0. */
function chunkReader(fd: number, size: number, base: number): ReadChunk {
  if (size <= SYNC_READ_MAX_BYTES) return (buffer, length, position) => readSync(fd, buffer, 0, length, base + position);
  return (buffer, length, position) =>
    new Promise((resolve, reject) => read(fd, buffer, 0, length, base + position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))));
}

/** Null when the file was read to its end; else why it was not. */
async function readOpened(
  fd: number,
  path: string,
  onEntry: (entry: DesktopLogEntry) => void,
  stats: DesktopLogStats,
  opts: ReadOptions,
): Promise<SkippedFile | null> {
  let size: number;
  let mtimeMs: number;
  let nulAt = -1;
  const range = opts.range;
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return unreadable(path, 'not a regular file');
    size = range === undefined ? info.size : range.end - range.start;
    mtimeMs = range === undefined ? info.mtimeMs : range.yearReferenceMs;
    if (range === undefined) {
      opts.onOpened?.(path, fd, size);
      nulAt = size === 0 ? -1 : findNulByte(fd, Math.min(size, SNIFF_BYTES));
    }
  } catch (err) {
    return unreadable(path, errorCode(err));
  }
  if (size === 0) {
    stats.emptyFiles += 1;
    return null;
  }
  if (nulAt >= 0) return { path, reason: 'binary', detail: `NUL byte at offset ${nulAt}` };

  const assembler = createEntryAssembler(path, stats, onEntry, undefined, mtimeMs);
  const base = range?.start ?? 0;
  const lines = createLineConsumer(path, assembler, stats, opts, base);
  let failure: SkippedFile | null = null;
  const facts = emptyScanFacts();
  try {
    const read = chunkReader(fd, size, base);
    const onBytes = opts.onBytes;
    const before = stats.bytes;
    const reader: ReadChunk =
      onBytes === undefined
        ? read
        : (buffer, length, position) => {
            onBytes(before + position);
            return read(buffer, length, position);
          };
    await scanLines(reader, size, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, lines.push, facts, undefined, lines.beforeReuse);
  } catch (err) {
    const code = errnoCode(err);
    // Only file-system failures are input damage; anything else (e.g. thrown by onEntry) is a bug to surface.
    if (code === null) throw err;
    failure = unreadable(path, `${code} after ${base + facts.bytes} bytes`);
  } finally {
    stats.bytes += facts.bytes;
    stats.overlongLines += facts.cutLines;
    if (facts.missingFinalNewline) stats.missingFinalNewline += 1;
  }
  lines.finish();
  assembler.finish();
  return failure;
}

interface LineConsumer {
  push(bytes: Buffer, start: number, end: number, cut: boolean, clean: boolean, read: number, offset: number, ascii: boolean): void;
  /** Copies the line held back, if any, out of the scanner's buffer, which is about to be overwritten. */
  beforeReuse(): void;
  /** Settles the last line held back. */
  finish(): void;
}

/**
 * Counts every line and hands the ones worth parsing to the assembler as text. A timed line is held back until the
 * next line shows whether it stands alone or has continuation lines (then it is parsed in full after all, so that
 * multi-line entries are assembled exactly as without the shortcuts below). Standing alone, a line in the plain shape
 * goes to `opts.plain` as read on its bytes, and one without any needle is only counted.
 */
function createLineConsumer(file: string, assembler: EntryAssembler, stats: DesktopLogStats, opts: ReadOptions, base: number): LineConsumer {
  const plain = opts.plain ?? null;
  const needles = opts.needles ?? [];
  const fullParseNeedles = plain?.fullParse ?? [];
  const window = plain?.window ?? null;
  const since = window?.since ?? Number.NEGATIVE_INFINITY;
  const until = window?.until ?? Number.POSITIVE_INFINITY;
  const [anyNeedle, anyFullParseNeedle, anyKeepNeedle] = createNeedleFinders([needles, fullParseNeedles, window?.unless ?? []]);
  const finder: NeedleFinder | null = needles.length > 0 ? anyNeedle! : null;
  const fullParse: NeedleFinder | null = fullParseNeedles.length > 0 ? anyFullParseNeedle! : null;
  const keepAnyway: NeedleFinder | null = window !== null && window.unless.length > 0 ? anyKeepNeedle! : null;
  let lineNumber = 0;
  // The file's first line (which may open with a byte-order mark) is the first of the range that starts the file.
  const firstLine = base === 0 ? 1 : 0;
  // The line held back: in the scanner's buffer until it is about to be reused (beforeReuse), then in `own`.
  let own: Buffer = Buffer.allocUnsafe(0);
  let held: Buffer = own;
  let heldStart = 0;
  let heldLength = -1;
  // Two stamps reused for every line: a million lines made a million short-lived objects.
  const stamp: DesktopStamp = { ms: 0, end: 0 };
  const heldStamp: DesktopStamp = { ms: 0, end: 0 };
  let heldPlain: PlainLine | null = null;
  let heldLine = 0;
  let heldOffset = 0;

  const release = (asEntry: boolean): void => {
    if (heldLength < 0) return;
    if (asEntry) {
      assembler.push(held.toString('utf8', heldStart, heldStart + heldLength), heldLine, false, heldOffset, heldStamp);
    } else {
      assembler.passTimed(heldStamp.ms);
      if (heldPlain !== null) plain!.onLine(heldPlain, file, heldLine, heldOffset);
      else opts.onUnparsedEntry?.(heldStamp.ms);
    }
    heldLength = -1;
    heldPlain = null;
  };

  const hold = (bytes: Buffer, start: number, end: number, offset: number, parsed: PlainLine | null): void => {
    held = bytes;
    heldStart = start;
    heldLength = end - start;
    heldStamp.ms = stamp.ms;
    heldStamp.end = stamp.end;
    heldPlain = parsed;
    heldLine = lineNumber;
    heldOffset = offset;
  };

  return {
    push(bytes, start, end, cut, clean, read, rangeOffset, ascii) {
      const offset = base + rangeOffset;
      lineNumber += 1;
      stats.lines += 1;
      let stop = end;
      if (stop > start && bytes[stop - 1] === CR) {
        stats.crlfLines += 1;
        stop -= 1;
      }
      let timed = false;
      if ((finder !== null || plain !== null) && lineNumber !== firstLine && !cut) {
        timed = leadingDateTime(bytes, start, stop, stamp);
        if (timed) {
          // A timed line ends whatever was held back: that entry had no continuation.
          release(false);
          if (clean && finder !== null && !finder.anyIn(bytes, start, stop, read)) {
            hold(bytes, start, stop, offset, null);
            return;
          }
          if (clean && plain !== null && stop - start <= PLAIN_MAX_BYTES && (fullParse === null || !fullParse.anyIn(bytes, start, stop, read))) {
            if ((stamp.ms < since || stamp.ms > until) && (keepAnyway === null || !keepAnyway.anyIn(bytes, start, stop, read))) {
              hold(bytes, start, stop, offset, null);
              return;
            }
            const parsed = plain.parse(bytes, start, stop, stamp, ascii);
            if (parsed !== null) {
              hold(bytes, start, stop, offset, parsed);
              return;
            }
          }
        } else {
          release(true);
        }
      }
      let line = bytes.toString('utf8', start, stop);
      if (lineNumber === firstLine && line.startsWith(BOM)) line = line.slice(BOM.length);
      if (!clean && line.includes(REPLACEMENT_CHARACTER)) stats.invalidUtf8Lines += 1;
      assembler.push(line, lineNumber, cut, offset, timed ? stamp : undefined);
    },
    beforeReuse() {
      if (heldLength < 0 || held === own) return;
      if (heldLength > own.length) own = Buffer.allocUnsafe(Math.max(heldLength, own.length * 2, 256));
      held.copy(own, 0, heldStart, heldStart + heldLength);
      held = own;
      heldStart = 0;
    },
    finish() {
      release(false);
    },
  };
}

/**
 * Longer lines are IPC dumps and inline JSON, which the plain parser would only decline after scanning them: it is not
 * tried on them.
 */
const PLAIN_MAX_BYTES = 4096;

/**
 * Writes into `into` the leading stamp when the line opens with a full date-time, read from the bytes for Desktop's
 * own shape, else from a short decoded prefix; false when it does not.
 */
function leadingDateTime(bytes: Buffer, start: number, end: number, into: DesktopStamp): boolean {
  const first = bytes[start];
  if (first === undefined || first < 0x30 || first > 0x39 || start >= end) return false;
  if (desktopStampInto(bytes, start, end, into)) return true;
  const prefix = bytes.toString('latin1', start, Math.min(end, start + STAMP_PREFIX_BYTES));
  const stamp = readLeadingStamp(prefix);
  if (stamp === null || stamp.kind !== 'datetime') return false;
  // A non-ASCII byte right after the stamp would decode differently as UTF-8: let the full parse judge it.
  if (stamp.end < prefix.length && prefix.charCodeAt(stamp.end) >= 0x80) return false;
  into.ms = stamp.ms;
  into.end = stamp.end;
  return true;
}

/** Longer than any stamp `readLeadingStamp` accepts (35 characters with nanoseconds and an offset), plus one. */
const STAMP_PREFIX_BYTES = 40;

/** One buffer for every sniff: a folder of tiny logs would otherwise allocate one per file. */
const SNIFF = Buffer.allocUnsafe(SNIFF_BYTES);

function findNulByte(fd: number, length: number): number {
  const bytesRead = readSync(fd, SNIFF, 0, length, 0);
  return SNIFF.subarray(0, bytesRead).indexOf(0);
}

function unreadable(path: string, detail: string): SkippedFile {
  return { path, reason: 'unreadable', detail };
}
