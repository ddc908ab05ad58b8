import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import split2 from 'split2';
import { createEntryAssembler, type EntryAssembler } from './assemble.js';
import { createLineCapper, type LineCapper } from './line-capper.js';
import type { DesktopLogEntry, DesktopLogStats, SkippedFile } from './types.js';

/** Real Desktop lines are well under 64 KB even with inline JSON; far beyond that is damage. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;
const BOM = '\uFEFF';
const REPLACEMENT_CHARACTER = '\uFFFD';

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
  };
}

/**
 * Reads the files one after another, in the order given (ordering by time is the analysis' job).
 * `initial` carries counts from earlier steps, typically the files discovery skipped.
 */
export async function readDesktopLogs(
  files: string[],
  onEntry: (entry: DesktopLogEntry) => void,
  initial: Partial<DesktopLogStats> = {},
  onFileDone?: (filesDone: number, stats: DesktopLogStats) => void,
): Promise<DesktopLogStats> {
  const stats: DesktopLogStats = { ...emptyDesktopLogStats(), ...initial, skippedFiles: [...(initial.skippedFiles ?? [])] };
  let done = 0;
  for (const file of files) {
    await readDesktopLogFile(file, onEntry, stats);
    onFileDone?.(++done, stats);
  }
  return stats;
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
  opts: { maxLineBytes?: number } = {},
): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    stats.skippedFiles.push(unreadable(path, errorCode(err)));
    return;
  }
  try {
    const skipped = await readOpened(handle, path, onEntry, stats, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    if (skipped === null) stats.filesRead += 1;
    else stats.skippedFiles.push(skipped);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Null when the file was read to its end; else why it was not. */
async function readOpened(
  handle: FileHandle,
  path: string,
  onEntry: (entry: DesktopLogEntry) => void,
  stats: DesktopLogStats,
  maxLineBytes: number,
): Promise<SkippedFile | null> {
  let size: number;
  let nulAt: number;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return unreadable(path, 'not a regular file');
    size = info.size;
    nulAt = size === 0 ? -1 : await findNulByte(handle, Math.min(size, SNIFF_BYTES));
  } catch (err) {
    return unreadable(path, errorCode(err));
  }
  if (size === 0) {
    stats.emptyFiles += 1;
    return null;
  }
  if (nulAt >= 0) return { path, reason: 'binary', detail: `NUL byte at offset ${nulAt}` };

  const capper = createLineCapper(maxLineBytes);
  const assembler = createEntryAssembler(path, stats, onEntry);
  let failure: SkippedFile | null = null;
  try {
    await pipeline(
      handle.createReadStream({ start: 0, end: size - 1, autoClose: false }),
      capper.transform,
      split2('\n'),
      (lines: AsyncIterable<string>) => consumeLines(lines, capper, assembler, stats),
    );
  } catch (err) {
    const code = fsErrorCode(err);
    // Only file-system failures are input damage; anything else (e.g. thrown by onEntry) is a bug to surface.
    if (code === null) throw err;
    failure = unreadable(path, `${code} after ${capper.bytes()} bytes`);
  } finally {
    stats.bytes += capper.bytes();
    stats.overlongLines += capper.cutLines();
    if (capper.missingFinalNewline()) stats.missingFinalNewline += 1;
  }
  assembler.finish();
  return failure;
}

async function consumeLines(lines: AsyncIterable<string>, capper: LineCapper, assembler: EntryAssembler, stats: DesktopLogStats): Promise<void> {
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    stats.lines += 1;
    let line = raw;
    if (line.endsWith('\r')) {
      stats.crlfLines += 1;
      line = line.slice(0, -1);
    }
    if (lineNumber === 1 && line.startsWith(BOM)) line = line.slice(BOM.length);
    if (line.includes(REPLACEMENT_CHARACTER)) stats.invalidUtf8Lines += 1;
    assembler.push(line, lineNumber, capper.wasCut(lineNumber));
  }
}

async function findNulByte(handle: FileHandle, length: number): Promise<number> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return buffer.subarray(0, bytesRead).indexOf(0);
}

function unreadable(path: string, detail: string): SkippedFile {
  return { path, reason: 'unreadable', detail };
}

function errorCode(err: unknown): string {
  return fsErrorCode(err) ?? (err instanceof Error ? err.message : String(err));
}

function fsErrorCode(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}
