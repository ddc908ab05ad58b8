import { closeSync, openSync, readSync } from 'node:fs';

/** `length` bytes of a file from `start` (fewer at its end), read through one open file. Throws what open throws. */
export function readRange(path: string, start: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(0, length));
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, start));
  } finally {
    closeSync(fd);
  }
}
