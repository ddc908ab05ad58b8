import { closeSync, openSync, readSync } from 'node:fs';
import { desktopStampInBytes } from './stamp.js';

const BOM = '\uFEFF';
const LF = 0x0a;
const CR = 0x0d;

/** Longer than any event text needs: a stamp, the spaces after it and 240 characters of up to 4 bytes. */
export const REREAD_BYTES = 2048;

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
export function readLinesAt(file: string, offsets: readonly number[]): (LineBack | null)[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return offsets.map(() => null);
  }
  try {
    const buffer = Buffer.allocUnsafe(REREAD_BYTES);
    return offsets.map((offset) => {
      try {
        const read = readSync(fd, buffer, 0, REREAD_BYTES, offset);
        if (read === 0) return null;
        let end = buffer.subarray(0, read).indexOf(LF);
        if (end < 0) end = read;
        else if (end > 0 && buffer[end - 1] === CR) end -= 1;
        const stamp = desktopStampInBytes(buffer, 0, end);
        if (stamp !== null) {
          let start = stamp.end;
          while (start < end && (buffer[start] === SPACE || buffer[start] === TAB)) start += 1;
          if (start < end) return { stampMs: stamp.ms, text: buffer.toString('utf8', start, end) };
        }
        const text = buffer.toString('utf8', 0, end);
        // The scan dropped a byte-order mark from the first line.
        return { stampMs: null, text: offset === 0 && text.startsWith(BOM) ? text.slice(BOM.length) : text };
      } catch {
        return null;
      }
    });
  } finally {
    closeSync(fd);
  }
}
