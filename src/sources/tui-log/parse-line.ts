import { normalizeThreadId } from '../thread-id.js';

/** SGR and other CSI sequences: files from 2025 wrap the time and level in colour codes. */
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
/** `2026-05-04T03:05:38.547123Z  INFO span{k=v}: codex_core::x: msg` (level right-aligned to 5). */
const HEADER = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s+(.*)$/;
const THREAD_FIELD = /\b(?:thread_id|conversation_id|threadId|conversationId)=(?:Some\()?"?([0-9a-fA-F-]{36})/;

export interface TuiHeader {
  ts: number;
  level: string;
  /** Everything after the level: spans, target and message. */
  rest: string;
  threadId: string | null;
}

/** A tracing header line, or null for a continuation line (stack output, HTML bodies, wrapped `error=` values). */
export function parseTuiHeader(rawLine: string): TuiHeader | null {
  const line = rawLine.includes('\u001b') ? rawLine.replace(ANSI, '') : rawLine;
  const m = HEADER.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
  if (m === null) return null;
  const ts = Date.parse(m[1]!);
  if (!Number.isFinite(ts)) return null;
  const id = THREAD_FIELD.exec(m[3]!);
  return { ts, level: m[2]!.toLowerCase(), rest: m[3]!, threadId: id ? normalizeThreadId(id[1]) : null };
}
