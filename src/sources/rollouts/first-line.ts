import { closeSync, openSync, readSync } from 'node:fs';
import { errorCode } from '../../util/errors.js';

export type FirstLine =
  /** The line's bytes without the `\n` or `\r\n` terminator; they may live in a shared buffer, valid until the next read. */
  { kind: 'line'; data: Buffer } | { kind: 'empty' } | { kind: 'too-long' } | { kind: 'error'; code: string };

const CHUNK_BYTES = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The first read of every head goes into this one buffer: real heads (10–45 KB) fit, and a home scan reads 50,000 of
 * them one after another. Its bytes are valid until the next head is read.
 */
const SHARED = Buffer.allocUnsafe(CHUNK_BYTES);

/**
 * Reads a file up to its first `\n` (or its end) in chunks, never more than `limitBytes` of line content
 * plus the terminator, so a huge or binary first line costs at most the limit.
 */
export async function readFirstLine(path: string, limitBytes: number): Promise<FirstLine> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return { kind: 'error', code: errorCode(err) };
  }
  try {
    return readUpToNewline(fd, limitBytes).first;
  } catch (err) {
    return { kind: 'error', code: errorCode(err) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The first line of an open file, and the bytes of its first read (from offset 0), which often hold the whole file:
 * the tail can then be taken from them without reading again. Synchronous on purpose: for many small files the
 * thread-pool round trip of each asynchronous call costs more than the read itself.
 */
export function readUpToNewline(fd: number, limitBytes: number): { first: FirstLine; prefix: Buffer } {
  // Room for the content plus a `\r\n` terminator: anything longer without a `\n` is too long.
  const maxRead = limitBytes + 2;
  const firstRead = readSync(fd, SHARED, 0, Math.min(CHUNK_BYTES, maxRead), 0);
  const prefix = SHARED.subarray(0, firstRead);
  if (firstRead === 0) return { first: { kind: 'empty' }, prefix };
  const newline = prefix.indexOf(LF);
  if (newline >= 0) return { first: toLine([prefix], newline, limitBytes), prefix };
  if (firstRead < Math.min(CHUNK_BYTES, maxRead)) return { first: toLine([prefix], firstRead, limitBytes), prefix };

  // A first line longer than one read: rare, and allowed up to the limit.
  const chunks: Buffer[] = [Buffer.from(prefix)];
  let total = firstRead;
  while (total < maxRead) {
    const want = Math.min(CHUNK_BYTES, maxRead - total);
    const buffer = Buffer.allocUnsafe(want);
    const bytesRead = readSync(fd, buffer, 0, want, total);
    if (bytesRead === 0) return { first: toLine(chunks, total, limitBytes), prefix: chunks[0]! };
    const chunk = buffer.subarray(0, bytesRead);
    const at = chunk.indexOf(LF);
    if (at >= 0) {
      chunks.push(chunk.subarray(0, at));
      return { first: toLine(chunks, total + at, limitBytes), prefix: chunks[0]! };
    }
    chunks.push(chunk);
    total += bytesRead;
  }
  return { first: { kind: 'too-long' }, prefix: chunks[0]! };
}

function toLine(chunks: Buffer[], length: number, limitBytes: number): FirstLine {
  let line = chunks.length === 1 ? chunks[0]!.subarray(0, length) : Buffer.concat(chunks, length);
  if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
  if (line.length > limitBytes) return { kind: 'too-long' };
  return { kind: 'line', data: line };
}
