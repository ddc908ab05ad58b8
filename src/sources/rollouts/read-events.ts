import { pipeline } from 'node:stream/promises';
import split2 from 'split2';
import type { EventKind, TimelineEvent } from '../../model/timeline-event.js';
import type { RolloutFile } from './types.js';
import { openRolloutStream } from './zstd-stream.js';
import { clip, isObject } from '../../util/text.js';

/** Lines longer than this are `response_item` payloads (tool output, images); none of the events we show. */
const MAX_PARSED_LINE = 1024 * 1024;
const MAX_TEXT = 240;

/** `event_msg` payload types that tell a conversation's story (codex-formats.md §3.4), and what we call them. */
const EVENT_KINDS: Record<string, EventKind> = {
  task_started: 'turn-started',
  turn_started: 'turn-started',
  task_complete: 'turn-complete',
  turn_complete: 'turn-complete',
  turn_aborted: 'turn-aborted',
  user_message: 'user-message',
  thread_name_updated: 'thread-renamed',
  error: 'rollout-error',
};

export interface RolloutEvents {
  events: TimelineEvent[];
  lines: number;
  /** Lines that are not JSON (a torn last line, damage); counted, never fatal. */
  badLines: number;
  /** Lines skipped unparsed for their size. */
  longLines: number;
}

/**
 * The story events of one rollout, streamed line by line (a rollout can be hundreds of MB). Conversation text (user
 * messages, thread names, agent messages) is only kept with `includeContent`; otherwise the event says it was there.
 */
export async function readRolloutEvents(file: RolloutFile, threadId: string, opts: { includeContent: boolean }): Promise<RolloutEvents> {
  const result: RolloutEvents = { events: [], lines: 0, badLines: 0, longLines: 0 };
  await pipeline(openRolloutStream(file.path), split2(), async (lines: AsyncIterable<string>) => {
    for await (const line of lines) {
      result.lines += 1;
      if (line.length > MAX_PARSED_LINE) {
        result.longLines += 1;
        continue;
      }
      // Most lines are response_items; only event_msg lines can hold the events we show.
      if (!line.includes('"event_msg"')) continue;
      const event = toEvent(line, result.lines, file.path, threadId, opts.includeContent);
      if (event === 'bad') result.badLines += 1;
      else if (event !== null) result.events.push(event);
    }
  }).catch(() => {
    result.badLines += 1;
  });
  return result;
}

function toEvent(line: string, lineNo: number, path: string, threadId: string, includeContent: boolean): TimelineEvent | null | 'bad' {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'bad';
  }
  if (!isObject(value) || value.type !== 'event_msg' || !isObject(value.payload)) return null;
  const payload = value.payload;
  const type = typeof payload.type === 'string' ? payload.type : '';
  const kind = EVENT_KINDS[type];
  if (kind === undefined) return null;
  const ts = typeof value.timestamp === 'string' ? Date.parse(value.timestamp) : Number.NaN;
  return {
    threadId,
    ts: Number.isFinite(ts) ? ts : null,
    source: 'rollout',
    kind,
    method: null,
    level: kind === 'rollout-error' ? 'error' : null,
    text: clip(describe(type, payload, includeContent).replace(/\s+/g, ' '), MAX_TEXT),
    file: path,
    line: lineNo,
    seq: lineNo,
    errorCode: null,
    errorMessage: kind === 'rollout-error' && typeof payload.message === 'string' ? clip(payload.message.replace(/\s+/g, ' '), MAX_TEXT) : null,
    forkedFromId: null,
  };
}

function describe(type: string, payload: Record<string, unknown>, includeContent: boolean): string {
  const turn = typeof payload.turn_id === 'string' ? ` turn ${payload.turn_id}` : '';
  switch (type) {
    case 'task_started':
    case 'turn_started':
      return `${type}${turn}`;
    case 'task_complete':
    case 'turn_complete':
      return `${type}${turn}${typeof payload.duration_ms === 'number' ? ` after ${payload.duration_ms} ms` : ''}`;
    case 'turn_aborted':
      return `turn_aborted${turn}${typeof payload.reason === 'string' ? ` (${payload.reason})` : ''}`;
    case 'user_message':
      return includeContent && typeof payload.message === 'string' ? `user_message: ${payload.message}` : 'user_message (content not shown)';
    case 'thread_name_updated':
      return includeContent && typeof payload.thread_name === 'string' ? `thread_name_updated: ${payload.thread_name}` : 'thread_name_updated (name not shown)';
    default:
      return `error: ${typeof payload.message === 'string' ? payload.message : 'no message'}`;
  }
}
