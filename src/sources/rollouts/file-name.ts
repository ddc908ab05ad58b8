import { isThreadId } from '../thread-id.js';
import type { RolloutFileName } from './types.js';

const PREFIX = 'rollout-';
const UUID_LENGTH = 36;
const STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})$/;
const COPY_SUFFIX = / \((\d+)\)$/;

/**
 * Reads `rollout-YYYY-MM-DDThh-mm-ss-<uuid>[_<rollout uuid>][ (N)].jsonl[.zst]`; null for any other name or an
 * impossible date. The `_<rollout uuid>` form names a reverted thread's later files (upstream #38127,
 * rollout/src/rollout_file_name.rs): the thread id stays first, the rollout id is fresh for each revert.
 */
export function parseRolloutFileName(name: string): RolloutFileName | null {
  const compressed = name.endsWith('.jsonl.zst');
  const withoutExt = stripSuffix(name, compressed ? '.jsonl.zst' : '.jsonl');
  if (withoutExt === null || !withoutExt.startsWith(PREFIX)) return null;

  const copy = COPY_SUFFIX.exec(withoutExt);
  const copyIndex = copy ? Number(copy[1]) : null;
  const core = withoutExt.slice(PREFIX.length, copy ? copy.index : undefined);

  const reverted = splitRolloutId(core);
  const split = splitStampAndId(reverted?.rest ?? core);
  if (split === null) return null;
  const localStampMs = stampToMs(split.stamp);
  if (localStampMs === null) return null;
  const parsed: RolloutFileName = { stamp: split.stamp, localStampMs, id: split.id.toLowerCase(), copyIndex, compressed };
  if (reverted !== null) parsed.rolloutId = reverted.rolloutId.toLowerCase();
  return parsed;
}

/** `…-<thread uuid>_<rollout uuid>`: the rollout id and what precedes its underscore; null for a one-id name. */
function splitRolloutId(core: string): { rest: string; rolloutId: string } | null {
  const underscore = core.length - UUID_LENGTH - 1;
  if (underscore < 0 || core[underscore] !== '_') return null;
  const rolloutId = core.slice(underscore + 1);
  return isThreadId(rolloutId) ? { rest: core.slice(0, underscore), rolloutId } : null;
}

function stripSuffix(s: string, suffix: string): string | null {
  return s.endsWith(suffix) ? s.slice(0, -suffix.length) : null;
}

/** Codex scans from the right for a `-` followed by a UUID; a hyphenated UUID has a fixed length, so only one dash can qualify. */
function splitStampAndId(core: string): { stamp: string; id: string } | null {
  const dash = core.length - UUID_LENGTH - 1;
  if (dash < 0 || core[dash] !== '-') return null;
  const id = core.slice(dash + 1);
  return isThreadId(id) ? { stamp: core.slice(0, dash), id } : null;
}

/** The stamp's fields read as UTC, or null when they do not form a real date and time. */
function stampToMs(stamp: string): number | null {
  const m = STAMP.exec(stamp);
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // setUTCFullYear rolls 2026-02-30 over into March: a changed day means the date does not exist.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return date.getTime();
}
