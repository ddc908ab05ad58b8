import { closeSync, openSync, readSync } from 'node:fs';

const BOM = '\uFEFF';
const LF = 0x0a;
const CR = 0x0d;

/** Longer than any event text needs: a stamp, the spaces after it and 240 characters of up to 4 bytes. */
export const REREAD_BYTES = 2048;

/**
 * The line that starts at each offset of a file, read by position (offsets in ascending order read best): up to its
 * end or its first REREAD_BYTES, without the terminator. Null for an offset that cannot be read any more: the file
 * was removed or cut short since it was scanned.
 */
export function readLinesAt(file: string, offsets: readonly number[]): (string | null)[] {
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
        const text = buffer.toString('utf8', 0, end);
        // The scan dropped a byte-order mark from the first line.
        return offset === 0 && text.startsWith(BOM) ? text.slice(BOM.length) : text;
      } catch {
        return null;
      }
    });
  } finally {
    closeSync(fd);
  }
}
