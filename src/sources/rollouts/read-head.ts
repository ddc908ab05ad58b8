import { open } from 'node:fs/promises';
import { readFirstLine, readUpToNewline, type FirstLine, type Handle } from './first-line.js';
import { readTailFrom, type RolloutTail } from './read-tail.js';
import { interpretFirstLine } from './session-meta.js';
import { readZstdFirstLine } from './zstd-first-line.js';
import type { RolloutHead } from './types.js';

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
      return interpretFirstLine(first.text, first.bytes);
  }
}

/**
 * The head and the tail of a plain rollout through one open file: a home scan opens 50,000 files, and the second
 * open and close per file cost as much as the reads.
 */
export async function readRolloutHeadAndTail(path: string, size: number, opts: { limitBytes?: number } = {}): Promise<{ head: RolloutHead; tail: RolloutTail | null }> {
  const limitBytes = opts.limitBytes ?? DEFAULT_HEAD_LIMIT_BYTES;
  let handle: Handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    return { head: { status: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? String(err) }, tail: null };
  }
  try {
    const first = await readUpToNewline(handle, limitBytes);
    const head = headOf(first, limitBytes);
    const tail = head.status === 'ok' ? await readTailFrom(handle, size).catch(() => null) : null;
    return { head, tail };
  } catch (err) {
    return { head: { status: 'unreadable', detail: (err as NodeJS.ErrnoException).code ?? String(err) }, tail: null };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
