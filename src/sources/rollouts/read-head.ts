import { readFirstLine } from './first-line.js';
import { interpretFirstLine } from './session-meta.js';
import type { RolloutHead } from './types.js';

/** Real first lines are 0.4–45 KB (base instructions, tool schemas); far beyond that is damage. */
export const DEFAULT_HEAD_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The `session_meta` of a rollout, read from its first line only. Never throws: every failure is a status.
 * `.zst` files are not opened (they are reported as `compressed`).
 */
export async function readRolloutHead(path: string, opts: { limitBytes?: number } = {}): Promise<RolloutHead> {
  if (path.endsWith('.zst')) return { status: 'compressed' };
  const limitBytes = opts.limitBytes ?? DEFAULT_HEAD_LIMIT_BYTES;
  const first = await readFirstLine(path, limitBytes);
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
