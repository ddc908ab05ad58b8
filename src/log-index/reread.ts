import { closeSync, openSync, readSync } from 'node:fs';
import { desktopStampInBytes } from '../sources/desktop-log/stamp.js';

const BOM = '\uFEFF';
const LF = 0x0a;
const CR = 0x0d;

/** Longer than any event text needs: a stamp, the spaces after it and 240 characters of up to 4 bytes. */
export const REREAD_BYTES = 2048;

export interface ReadBackOptions {
  /**
   * Only to know whether each line is still the one read: a line with a Desktop stamp then comes back with its time
   * and an empty text (200,000 texts decoded and dropped at once were most of a check's cost).
   */
  stampOnly?: boolean;
}

/** A line read back. */
export interface LineBack {
  /** The time of the Desktop stamp the line opens with, read from its bytes; null when it has none. */
  stampMs: number | null;
  /**
   * With a Desktop stamp, only what follows the stamp and the spaces after it: the line's stamp and its text are then
   * never decoded into a string that would be thrown away at once (120,000 of them for a 1 GiB log set). Without
   * one, the whole line.
   */
  text: string;
}

const SPACE = 0x20;
const TAB = 0x09;

/**
 * The line that starts at each offset of a file, read by position (offsets in ascending order read best): up to its
 * end or its first REREAD_BYTES, without the terminator. Null for an offset that cannot be read any more: the file
 * was removed or cut short since it was scanned.
 */
export function readLinesAt(file: string, offsets: readonly number[], opts: ReadBackOptions = {}): (LineBack | null)[] {
  const reader = createLineReader();
  try {
    return reader.readLinesAt(file, offsets, opts);
  } finally {
    reader.close();
  }
}

export interface LineReader {
  readLinesAt: (file: string, offsets: readonly number[], opts?: ReadBackOptions) => (LineBack | null)[];
  /** Closes the files it keeps open. */
  close(): void;
}

/**
 * readLinesAt for many calls over the same files (a report written conversation by conversation): the last `maxOpen`
 * files stay open between calls instead of being opened for every conversation. A conversation's sampled events are
 * spread over the whole log set, so fewer open files than the set holds thrash (1 GiB of logs in 16 files, 8 kept
 * open: 10,500 opens and closes; 64: 300), and a few dozen descriptors are well within any system's limit.
 */
export function createLineReader(maxOpen = 64): LineReader {
  const open = new Map<string, number | null>();
  const window: Window = { buffer: Buffer.allocUnsafe(WINDOW_BYTES), fd: -1, start: 0, length: 0, complete: false };
  const fdOf = (file: string): number | null => {
    const known = open.get(file);
    if (known !== undefined) {
      // Most recently used last.
      open.delete(file);
      open.set(file, known);
      return known;
    }
    let fd: number | null;
    try {
      fd = openSync(file, 'r');
    } catch {
      fd = null;
    }
    open.set(file, fd);
    if (open.size > maxOpen) {
      const [oldest, oldFd] = open.entries().next().value as [string, number | null];
      open.delete(oldest);
      if (oldFd !== null) closeSync(oldFd);
    }
    return fd;
  };
  return {
    readLinesAt(file, offsets, opts = {}) {
      const fd = fdOf(file);
      window.fd = -1;
      return offsets.map((offset, i) => (fd === null ? null : lineAt(fd, window, offset, offsets[i + 1], opts.stampOnly === true)));
    },
    close() {
      for (const fd of open.values()) if (fd !== null) closeSync(fd);
      open.clear();
    },
  };
}

/**
 * Lines close together (the sampled events of a log, checked before a report) are read a window at a time: one read
 * instead of one per line, 200,000 reads fewer on 1 GiB of logs. A line far from the next one is read alone.
 */
const WINDOW_BYTES = 64 * 1024;

/** The bytes last read, `[start, start + length)` of the file open as `fd` (-1: none). */
interface Window {
  buffer: Buffer;
  fd: number;
  start: number;
  length: number;
  /** The read stopped at the end of the file. */
  complete: boolean;
}

function lineAt(fd: number, window: Window, offset: number, nextOffset: number | undefined, stampOnly: boolean): LineBack | null {
  try {
    const covered = window.fd === fd && offset >= window.start && offset - window.start < window.length;
    // Enough of the line in the window, or the window reached the end of the file.
    const enough = covered && (window.start + window.length - offset >= REREAD_BYTES || window.complete);
    if (!enough) {
      const near = nextOffset !== undefined && nextOffset > offset && nextOffset - offset < WINDOW_BYTES - REREAD_BYTES;
      const size = near ? WINDOW_BYTES : REREAD_BYTES;
      window.fd = fd;
      window.start = offset;
      window.length = readSync(fd, window.buffer, 0, size, offset);
      window.complete = window.length < size;
    }
    const from = offset - window.start;
    const read = Math.min(window.length - from, REREAD_BYTES);
    if (read <= 0) return null;
    const buffer = window.buffer.subarray(from, from + read);
    let end = buffer.indexOf(LF);
    if (end < 0) end = read;
    else if (end > 0 && buffer[end - 1] === CR) end -= 1;
    const stamp = desktopStampInBytes(buffer, 0, end);
    if (stamp !== null) {
      let start = stamp.end;
      while (start < end && (buffer[start] === SPACE || buffer[start] === TAB)) start += 1;
      if (start < end) return { stampMs: stamp.ms, text: stampOnly ? '' : buffer.toString('utf8', start, end) };
    }
    const text = buffer.toString('utf8', 0, end);
    // The scan dropped a byte-order mark from the first line.
    return { stampMs: null, text: offset === 0 && text.startsWith(BOM) ? text.slice(BOM.length) : text };
  } catch {
    window.fd = -1;
    return null;
  }
}
