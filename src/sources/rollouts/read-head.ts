import { readFirstLine } from './first-line.js';
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
