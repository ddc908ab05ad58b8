import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { readFirstLine, readUpToNewline, type FirstLine } from './first-line.js';
import { readTail, type RolloutTail } from './read-tail.js';
import { interpretFirstLine } from './session-meta.js';
import { readZstdFirstLine } from './zstd-first-line.js';
import type { RolloutHead } from './types.js';
import { errorCode } from '../../util/errors.js';

/** Real first lines are 0.4–45 KB (base instructions, tool schemas); far beyond that is damage. */
export const DEFAULT_HEAD_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The `session_meta` of a rollout, read from its first line only. Never throws: every failure is a status.
 * `.zst` files are decompressed up to their first newline; a broken one is `unreadable`.
 */
export async function readRolloutHead(path: string, opts: { limitBytes?: number } = {}): Promise<RolloutHead> {
  const limitBytes = opts.limitBytes ?? DEFAULT_HEAD_LIMIT_BYTES;
  const first = path.endsWith('.zst') ? await readZstdFirstLine(path, limitBytes) : await readFirstLine(path, limitBytes);
  return headOf(first, limitBytes);
}

function headOf(first: FirstLine, limitBytes: number): RolloutHead {
  switch (first.kind) {
    case 'empty':
      return { status: 'empty' };
    case 'too-long':
      return { status: 'too-long', limitBytes };
    case 'error':
      return { status: 'unreadable', detail: first.code };
    case 'line':
      return interpretFirstLine(first.data);
  }
}

export type PlainRead =
  | { kind: 'read'; size: number; mtimeMs: number; head: RolloutHead; tail: RolloutTail | null }
  /** Opened without following links, and it was one: the caller checks where it leads first. */
  | { kind: 'symlink' }
  | { kind: 'gone' }
  | { kind: 'not-a-file' }
  /** Could not be opened for another reason: the caller's slower path says why. */
  | { kind: 'unopened'; code: string };

// O_NOFOLLOW: a file swapped for a link after the walk is not followed out of the home. O_NONBLOCK: a FIFO named like a
// rollout does not hang the open. Both are 0 where the platform lacks them.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const FOLLOW_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Size, mtime, head and tail of a plain rollout through one open file, synchronously: a home scan opens 50,000 small
 * files, and per file the asynchronous calls (lstat, open, read, read, close, each a thread-pool round trip) cost
 * more than the reads. `follow` opens a symlink the caller already checked.
 */
export function readPlainRollout(path: string, opts: { limitBytes?: number; follow?: boolean } = {}): PlainRead {
  const limitBytes = opts.limitBytes ?? DEFAULT_HEAD_LIMIT_BYTES;
  let fd: number;
  try {
    fd = openSync(path, opts.follow === true ? FOLLOW_FLAGS : OPEN_FLAGS);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ELOOP') return { kind: 'symlink' };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'gone' };
    return { kind: 'unopened', code };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'not-a-file' };
    const read = { kind: 'read' as const, size: stats.size, mtimeMs: stats.mtimeMs };
    let head: RolloutHead;
    let prefix: Buffer;
    try {
      const first = readUpToNewline(fd, limitBytes);
      head = headOf(first.first, limitBytes);
      prefix = first.prefix;
    } catch (err) {
      return { ...read, head: { status: 'unreadable', detail: errorCode(err) }, tail: null };
    }
    if (head.status !== 'ok') return { ...read, head, tail: null };
    const readAt = (start: number, length: number): Buffer => {
      // Most rollouts are smaller than the first read: their tail is already in memory.
      if (start + length <= prefix.length) return prefix.subarray(start, start + length);
      const buffer = Buffer.allocUnsafe(length);
      return buffer.subarray(0, readSync(fd, buffer, 0, length, start));
    };
    let tail: RolloutTail | null = null;
    try {
      tail = readTail(readAt, stats.size);
    } catch {
      tail = null;
    }
    return { ...read, head, tail };
  } catch (err) {
    return { kind: 'unopened', code: errorCode(err) };
  } finally {
    closeSync(fd);
  }
}
