import { isObject } from '../../util/text.js';

/** The end of a rollout, read by position: enough for its last events without reading the file. */
export interface RolloutTail {
  /** `timestamp` of the last complete line, epoch ms. */
  lastTs: number | null;
  /** The last turn event in the window: a start with no end after it is an unfinished turn. */
  lastTurn: { type: 'start' | 'end'; turnId: string | null; ts: number | null } | null;
  /** The file ends in a partial line (no newline, not JSON): a write was cut off. */
  torn: boolean;
}

/** Turn lines are short; a 16 KiB window holds several even after a long agent message. */
export const TAIL_BYTES = 16 * 1024;

const STARTS = new Set(['task_started', 'turn_started']);
const ENDS = new Set(['task_complete', 'turn_complete', 'turn_aborted']);

/** Most rollouts end in short lines: a small window first, the full one only when it holds no turn event. */
const FIRST_WINDOW_BYTES = 4 * 1024;

/** Reads `length` bytes of the file from `start`. */
export type ReadAt = (start: number, length: number) => Buffer;

/** The tail of a file of `size` bytes, by position. */
export function readTail(readAt: ReadAt, size: number, windowBytes = TAIL_BYTES): RolloutTail | null {
  if (size === 0) return null;
  const small = tailWindow(readAt, size, Math.min(FIRST_WINDOW_BYTES, windowBytes));
  if (small.lastTurn !== null || small.covered || windowBytes <= FIRST_WINDOW_BYTES) return small.tail;
  return tailWindow(readAt, size, windowBytes).tail;
}

function tailWindow(readAt: ReadAt, size: number, windowBytes: number): { tail: RolloutTail; lastTurn: RolloutTail['lastTurn']; covered: boolean } {
  const start = Math.max(0, size - windowBytes);
  const tail = interpretTail(readAt(start, size - start).toString('utf8'), start > 0);
  return { tail, lastTurn: tail.lastTurn, covered: start === 0 };
}

/** Pure: what the last lines of a rollout say. The first line of a window that starts mid-file is partial and skipped. */
export function interpretTail(text: string, startsMidFile: boolean): RolloutTail {
  const lines = text.split('\n');
  if (startsMidFile) lines.shift();
  const endsWithNewline = text.endsWith('\n');
  const last = lines.pop() ?? '';
  let torn = false;
  if (!endsWithNewline && last.trim() !== '') {
    if (parse(last) === null) torn = true;
    else lines.push(last);
  }
  let lastTs: number | null = null;
  let lastTurn: RolloutTail['lastTurn'] = null;
  // From the end back: the last timed line and the last turn event are all that is wanted, and once the time is
  // known only lines that can be turn events are parsed (most files need one or two JSON.parse calls).
  for (let i = lines.length - 1; i >= 0 && (lastTs === null || lastTurn === null); i -= 1) {
    const line = lines[i]!;
    if (lastTs !== null && !mayBeTurnEvent(line)) continue;
    const value = parse(line);
    if (value === null) continue;
    const ts = typeof value.timestamp === 'string' ? Date.parse(value.timestamp) : Number.NaN;
    if (lastTs === null && Number.isFinite(ts)) lastTs = ts;
    if (lastTurn !== null) continue;
    const payload = value.payload as Record<string, unknown> | undefined;
    if (value.type !== 'event_msg' || payload === undefined || payload === null || typeof payload.type !== 'string') continue;
    const turnId = typeof payload.turn_id === 'string' ? payload.turn_id : null;
    if (STARTS.has(payload.type)) lastTurn = { type: 'start', turnId, ts: Number.isFinite(ts) ? ts : null };
    else if (ENDS.has(payload.type)) lastTurn = { type: 'end', turnId, ts: Number.isFinite(ts) ? ts : null };
  }
  return { lastTs, lastTurn, torn };
}

/** Every turn event type (STARTS, ENDS) starts with one of these. */
function mayBeTurnEvent(line: string): boolean {
  return line.includes('"task_') || line.includes('"turn_');
}

function parse(line: string): Record<string, unknown> | null {
  if (line.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(line);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}
