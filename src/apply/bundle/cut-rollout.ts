import { redactDeep } from '../../render/redact.js';
import { readRange } from '../../sources/read-range.js';
import { readFirstLine, type FirstLine } from '../../sources/rollouts/first-line.js';
import { DEFAULT_HEAD_LIMIT_BYTES } from '../../sources/rollouts/read-head.js';
import { TAIL_BYTES } from '../../sources/rollouts/read-tail.js';
import { readZstdFirstLine } from '../../sources/rollouts/zstd-first-line.js';
import type { RolloutFile, RolloutHead } from '../../sources/rollouts/types.js';
import { isObject } from '../../util/text.js';

type Json = Record<string, unknown>;

/**
 * `session_meta` fields a bundle keeps: who, where, when and from what the thread came. Everything else
 * (`base_instructions`, `dynamic_tools`, user instructions) can hold the user's own text and is left out.
 */
const META_KEYS = [
  'id',
  'forked_from_id',
  'timestamp',
  'cwd',
  'originator',
  'cli_version',
  'source',
  'agent_nickname',
  'agent_role',
  'agent_type',
  'agent_path',
  'model_provider',
  'memory_mode',
  'git',
  'history_base',
  'history_mode',
  'parent_thread_id',
];
const LEGACY_KEYS = ['id', 'timestamp', 'git'];
/** Of a tail line's payload, without --include-content: what says which event it was, never what was said. */
const EVENT_KEYS = ['type', 'turn_id', 'reason'];

const CR = 0x0d;

export interface CutRollout {
  /** The bundle's copy, or null when it cannot be made (the original could not be read). */
  bytes: Buffer | null;
  /** What was cut, in words (for MANIFEST.json). */
  cut: string;
}

/**
 * A rollout as a bundle carries it: its `session_meta` line (content fields left out, the rest redacted) and the lines
 * of the tail window the analysis reads, their content left out unless `includeContent`. The copy reads back with the
 * same head status, last turn, last time and torn-ness as the original.
 */
export async function cutRollout(file: RolloutFile, opts: { includeContent: boolean }): Promise<CutRollout> {
  const compressed = file.path.endsWith('.zst');
  const limit = DEFAULT_HEAD_LIMIT_BYTES;
  const first = compressed ? await readZstdFirstLine(file.path, limit) : await readFirstLine(file.path, limit);
  const head = headStandIn(first, file.head);
  if (head === null) return { bytes: null, cut: `left out: its first line could not be read (${file.head.status})` };
  if (compressed) return { bytes: zstdRawFrame(Buffer.from(head)), cut: 'session_meta line only (conversation left out), stored uncompressed in a .zst frame' };
  if (file.head.status !== 'ok' || file.size === 0) return { bytes: Buffer.from(head), cut: `first line only (${file.head.status}), its content left out` };
  const headEnd = headLineEnd(file.path, file.head.headBytes);
  const start = Math.max(headEnd, file.size - TAIL_BYTES);
  const tail = cutTail(readRange(file.path, start, file.size - start).toString('utf8'), start > headEnd, opts.includeContent);
  const bytes = Buffer.from(`${head}\n${tail.text}`);
  const middle = start - headEnd;
  const parts = ['session_meta line (instructions left out)', `${tail.lines} tail lines${opts.includeContent ? '' : ' (content left out)'}`];
  if (middle > 0) parts.push(`${middle} bytes between them left out`);
  if (tail.dropped > 0) parts.push(`${tail.dropped} unparsable lines left out`);
  return { bytes, cut: parts.join('; ') };
}

/** The bundle's first line: one that reads back with the same head status as the original's. */
function headStandIn(first: FirstLine, head: RolloutHead): string | null {
  switch (head.status) {
    case 'ok':
      return first.kind === 'line' ? slimHead(first.data) : null;
    case 'empty':
      return '';
    case 'bad-json':
      return '{"left_out":"this first line was not valid JSON"';
    case 'not-session-meta':
      return head.firstType === null
        ? '["left out: the first line was not a session_meta object"]'
        : JSON.stringify({ type: head.firstType, left_out: 'the first line was not a usable session_meta' });
    case 'too-long':
      // Made of one byte repeated: gzip stores it in a few KB.
      return 'x'.repeat(head.limitBytes + 1);
    default:
      return null;
  }
}

function slimHead(data: Buffer): string | null {
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  if (value.type === 'session_meta' && isObject(value.payload)) {
    return JSON.stringify(redactDeep({ timestamp: value.timestamp, type: value.type, payload: pick(value.payload, META_KEYS) }));
  }
  return JSON.stringify(redactDeep(pick(value, LEGACY_KEYS)));
}

/**
 * Pure: the complete lines of a tail window (the first is partial when the window starts mid-file), each as a
 * skeleton (`timestamp`, `type`, the payload's event type and turn id) or, with content, whole but redacted. A torn
 * last line stays torn, without its text.
 */
export function cutTail(text: string, startsMidFile: boolean, includeContent: boolean): { text: string; lines: number; dropped: number } {
  const lines = text.split('\n');
  if (startsMidFile) lines.shift();
  const last = lines.pop() ?? '';
  const out: string[] = [];
  let dropped = 0;
  let torn = false;
  const keep = (line: string): boolean => {
    const value = parse(line);
    if (value === null) return false;
    out.push(JSON.stringify(includeContent ? redactDeep(value) : skeleton(value)));
    return true;
  };
  for (const line of lines) if (line.trim() !== '' && !keep(line)) dropped += 1;
  if (last.trim() !== '' && !keep(last)) torn = true;
  const body = out.map((l) => `${l}\n`).join('');
  return { text: torn ? `${body}{"left_out":"torn last line"` : body, lines: out.length, dropped };
}

function skeleton(value: Json): Json {
  const out: Json = {};
  if (value.timestamp !== undefined) out.timestamp = value.timestamp;
  if (value.type !== undefined) out.type = value.type;
  if (isObject(value.payload)) out.payload = pick(value.payload, EVENT_KEYS);
  return redactDeep(out);
}

/**
 * A zstd frame of raw (stored) blocks: a valid `.zst` that any decoder reads, written without a compressor (Node 20 has
 * none); the bundle's gzip compresses it anyway. RFC 8878 §3.1.1: magic, a single-segment header with a 4-byte
 * content size, then blocks of at most 128 KiB.
 */
export function zstdRawFrame(content: Buffer): Buffer {
  const MAX_BLOCK = 128 * 1024;
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xa0])];
  const size = Buffer.alloc(4);
  size.writeUInt32LE(content.length);
  parts.push(size);
  let offset = 0;
  do {
    const block = content.subarray(offset, offset + MAX_BLOCK);
    offset += block.length;
    const last = offset >= content.length ? 1 : 0;
    const header = (block.length << 3) | last; // block type 0: raw
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), block);
  } while (offset < content.length);
  return Buffer.concat(parts);
}

function headLineEnd(path: string, headBytes: number): number {
  const at = readRange(path, headBytes, 1);
  return headBytes + (at[0] === CR ? 2 : 1);
}

function pick(value: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

function parse(line: string): Json | null {
  try {
    const value: unknown = JSON.parse(line);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}
