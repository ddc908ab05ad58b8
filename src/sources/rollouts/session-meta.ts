import { normalizeThreadId } from '../thread-id.js';
import { parseIsoMs } from './iso-time.js';
import { withoutHeavyValues } from './skip-value.js';
import type { RolloutHead, SessionMetaHead } from './types.js';
import { isObject } from '../../util/text.js';

type Json = Record<string, unknown>;

/**
 * Real heads are 10–30 KB, almost all of it `base_instructions`; decoding and parsing that 50,000 times dominated a
 * home scan. The slimmed line is tried first; if slimming misjudged the bytes (the key inside a string), the whole
 * line is decoded and parsed.
 */
function parseHead(data: Buffer): unknown {
  const slim = withoutHeavyValues(data);
  if (slim !== null) {
    try {
      return JSON.parse(slim);
    } catch {
      // Fall through to the exact parse, whose error (if any) is the one to report.
    }
  }
  return JSON.parse(data.toString('utf8'));
}

/**
 * What a rollout's first line (its bytes, without the terminator) says about its thread. A `session_meta` line without
 * a string `payload.id` is reported as `not-session-meta`, as Codex does ("does not start with session metadata").
 */
export function interpretFirstLine(data: Buffer): RolloutHead {
  const headBytes = data.length;
  let value: unknown;
  try {
    value = parseHead(data);
  } catch (err) {
    return { status: 'bad-json', detail: err instanceof Error ? err.message : String(err) };
  }
  if (!isObject(value)) return { status: 'not-session-meta', firstType: null };
  if (value.type === 'session_meta' && isObject(value.payload) && typeof value.payload.id === 'string') {
    return modernHead(value, value.payload, headBytes);
  }
  if (isLegacyHeader(value)) return legacyHead(value, headBytes);
  return { status: 'not-session-meta', firstType: typeof value.type === 'string' ? value.type : null };
}

function modernHead(envelope: Json, payload: Json, headBytes: number): SessionMetaHead {
  const head: SessionMetaHead = {
    status: 'ok',
    format: 'modern',
    id: canonicalId(payload.id as string),
    timestamp: parseIsoMs(payload.timestamp),
    writtenAt: parseIsoMs(envelope.timestamp),
    forkedFromId: optionalId(payload.forked_from_id),
    parentThreadId: optionalId(spawnParentId(payload.source)) ?? optionalId(payload.parent_thread_id),
    source: sourceText(payload.source),
    cwd: optionalString(payload.cwd),
    originator: optionalString(payload.originator),
    cliVersion: optionalString(payload.cli_version),
    headBytes,
  };
  const historyBase = historyBaseOf(payload.history_base);
  if (historyBase !== null) head.historyBase = historyBase;
  return head;
}

/** `{thread_id, end_ordinal_exclusive, end_byte_offset}`; null unless it names a rollout. */
function historyBaseOf(value: unknown): SessionMetaHead['historyBase'] | null {
  if (!isObject(value)) return null;
  const rolloutId = optionalId(value.thread_id);
  if (rolloutId === null) return null;
  const end = value.end_ordinal_exclusive;
  return { rolloutId, endOrdinalExclusive: typeof end === 'number' && Number.isFinite(end) ? end : null };
}

/** Files written before about Sept 2025 start with a bare `{"id","timestamp","instructions","git"}`. */
function isLegacyHeader(value: Json): boolean {
  return value.type === undefined && value.record_type === undefined && typeof value.id === 'string' && typeof value.timestamp === 'string';
}

function legacyHead(header: Json, headBytes: number): SessionMetaHead {
  return {
    status: 'ok',
    format: 'legacy',
    id: canonicalId(header.id as string),
    timestamp: parseIsoMs(header.timestamp),
    writtenAt: null,
    forkedFromId: null,
    parentThreadId: null,
    source: null,
    cwd: null,
    originator: null,
    cliVersion: null,
    headBytes,
  };
}

/** `{"subagent":{"thread_spawn":{"parent_thread_id":…}}}`; other sources have no parent. */
function spawnParentId(source: unknown): unknown {
  if (!isObject(source) || !isObject(source.subagent)) return undefined;
  const spawn = source.subagent.thread_spawn;
  return isObject(spawn) ? spawn.parent_thread_id : undefined;
}

/** Bare strings (`cli`, `vscode`) stay as they are; objects become JSON text, as in the `threads.source` column. */
function sourceText(source: unknown): string | null {
  if (source === undefined || source === null) return null;
  return typeof source === 'string' ? source : JSON.stringify(source);
}

/** Lowercase when it is a UUID; anything else is kept as written so a mismatch stays visible. */
function canonicalId(raw: string): string {
  return normalizeThreadId(raw) ?? raw;
}

function optionalId(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? canonicalId(value) : null;
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
