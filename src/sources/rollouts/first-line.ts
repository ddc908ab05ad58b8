import { open } from 'node:fs/promises';

export type FirstLine =
  /** `text` and `bytes` exclude the `\n` or `\r\n` terminator. */
  | { kind: 'line'; text: string; bytes: number }
  | { kind: 'empty' }
  | { kind: 'too-long' }
  | { kind: 'error'; code: string };

const CHUNK_BYTES = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Reads a file up to its first `\n` (or its end) in chunks, never more than `limitBytes` of line content
 * plus the terminator, so a huge or binary first line costs at most the limit.
 */
export async function readFirstLine(path: string, limitBytes: number): Promise<FirstLine> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    return { kind: 'error', code: errorCode(err) };
  }
  try {
    return await readUpToNewline(handle, limitBytes);
  } catch (err) {
    return { kind: 'error', code: errorCode(err) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

export type Handle = Awaited<ReturnType<typeof open>>;

export async function readUpToNewline(handle: Handle, limitBytes: number): Promise<FirstLine> {
  // Room for the content plus a `\r\n` terminator: anything longer without a `\n` is too long.
  const maxRead = limitBytes + 2;
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < maxRead) {
    const want = Math.min(CHUNK_BYTES, maxRead - total);
    const buffer = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(buffer, 0, want, total);
    if (bytesRead === 0) return total === 0 ? { kind: 'empty' } : toLine(chunks, total, limitBytes);
    const chunk = buffer.subarray(0, bytesRead);
    const newline = chunk.indexOf(LF);
    if (newline >= 0) {
      chunks.push(chunk.subarray(0, newline));
      return toLine(chunks, total + newline, limitBytes);
    }
    chunks.push(chunk);
    total += bytesRead;
  }
  return { kind: 'too-long' };
}

function toLine(chunks: Buffer[], length: number, limitBytes: number): FirstLine {
  let line = Buffer.concat(chunks, length);
  if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
  if (line.length > limitBytes) return { kind: 'too-long' };
  return { kind: 'line', text: line.toString('utf8'), bytes: line.length };
}

function errorCode(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return typeof code === 'string' ? code : err.message;
  }
  return String(err);
}
