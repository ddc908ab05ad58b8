import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import split2 from 'split2';
import { redact, redactDeep } from '../../render/redact.js';
import { readLeadingStamp } from '../../sources/desktop-log/stamp.js';
import { readRange } from '../../sources/read-range.js';
import { matchErrorSignature } from '../../model/error-signatures.js';
import { parseTuiHeader } from '../../sources/tui-log/parse-line.js';
import { LEFT_OUT } from './snapshot-db.js';
import { isObject } from '../../util/text.js';

/** Longer lines are left out whole: a bundle holds whole lines only, and no real event line comes near this. */
export const MAX_LINE_CHARS = 1024 * 1024;

export interface LineCut {
  kept: number;
  /** Left out by the rule. */
  dropped: number;
  /** Left out for being longer than MAX_LINE_CHARS. */
  tooLong: number;
}

/** What to write for a line (without its terminator), or null to leave it out. */
export type LineRule = (line: string) => string | null;

/** Streams `from` to `to` line by line through `rule`, so memory stays flat however large the file. */
export async function cutLines(from: string, to: string, rule: LineRule): Promise<LineCut> {
  const cut: LineCut = { kept: 0, dropped: 0, tooLong: 0 };
  // split2 skips an overlong line without a word: the lines it hands on, against the lines there are, say how many.
  let lines = 0;
  let endsInNewline = true;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines += 1;
      if (chunk.length > 0) endsInNewline = chunk[chunk.length - 1] === 0x0a;
      done(null, chunk);
    },
  });
  const apply = new Transform({
    writableObjectMode: true,
    transform(line: string, _encoding, done) {
      const out = rule(line);
      if (out === null) {
        cut.dropped += 1;
        return done();
      }
      cut.kept += 1;
      done(null, `${out}\n`);
    },
  });
  await pipeline(
    createReadStream(from),
    count,
    split2({ maxLength: MAX_LINE_CHARS, skipOverflow: true } as split2.Options),
    apply,
    createWriteStream(to, { mode: 0o600 }),
  );
  cut.tooLong = Math.max(0, lines + (endsInNewline ? 0 : 1) - cut.kept - cut.dropped);
  return cut;
}

/**
 * Desktop log lines whose entry (a stamped line and the unstamped lines that continue it) lies in the window,
 * redacted. Lines before a file's first stamp go with its first entry.
 */
export function desktopLogRule(window: { since: number | null; until: number | null }): LineRule {
  let inWindow: boolean | null = null;
  const pending: string[] = [];
  const rule: LineRule = (line) => {
    const stamp = readLeadingStamp(line);
    if (stamp?.kind === 'datetime') inWindow = (window.since === null || stamp.ms >= window.since) && (window.until === null || stamp.ms <= window.until);
    if (inWindow === null) {
      pending.push(redact(line));
      return null;
    }
    const lead = pending.splice(0);
    if (!inWindow) return null;
    return [...lead, redact(line)].join('\n');
  };
  return rule;
}

/** `history.jsonl`: the thread and the time of each prompt; its text only with content. */
export function historyRule(includeContent: boolean): LineRule {
  return (line) => {
    const value = parseObject(line);
    if (value === null) return line.trim() === '' ? null : '{"left_out":"unparsable line"';
    if (includeContent) return JSON.stringify(redactDeep(value));
    return JSON.stringify({ session_id: value.session_id, ts: value.ts, ...(typeof value.text === 'string' ? { text: leftOut(value.text) } : {}) });
  };
}

/** `session_index.jsonl`: ids and times; thread names (the user's titles) only with content. */
export function sessionIndexRule(includeContent: boolean): LineRule {
  return (line) => {
    const value = parseObject(line);
    if (value === null) return line.trim() === '' ? null : '{"left_out":"unparsable line"';
    if (includeContent) return JSON.stringify(redactDeep(value));
    return JSON.stringify({
      id: value.id,
      ...(typeof value.thread_name === 'string' ? { thread_name: leftOut(value.thread_name) } : {}),
      updated_at: value.updated_at,
    });
  };
}

/**
 * Codex's tracing logs: entries that name a thread (what the analysis reads), cut to their first line. Warnings and
 * errors with a known error signature keep their message, redacted (they explain findings); the others keep their
 * time, level and thread only, unless `includeContent`. The rest (tool output, HTML pages, model traffic) is left out.
 */
export function tuiLogRule(includeContent: boolean): LineRule {
  return (line) => {
    const header = line.length > 64 * 1024 ? null : parseTuiHeader(line.slice(0, 4096));
    if (header === null || header.threadId === null) return null;
    const problem = header.level === 'error' || header.level === 'warn';
    if (includeContent || (problem && matchErrorSignature(header.rest) !== null)) return redact(line);
    const at = line.lastIndexOf(header.rest);
    return `${at > 0 ? line.slice(0, at) : `${new Date(header.ts ?? 0).toISOString()}  ${header.level.toUpperCase()} `}thread_id=${header.threadId}: codex_logs_collect: (left out)`;
  };
}

/** The time of the last stamped line in the last 64 KiB of a log file, or null. */
export function lastStampOf(path: string): number | null {
  let text: string;
  try {
    const size = statSync(path).size;
    text = readRange(path, Math.max(0, size - 64 * 1024), 64 * 1024).toString('utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const stamp = readLeadingStamp(lines[i]!);
    if (stamp?.kind === 'datetime') return stamp.ms;
  }
  return null;
}

function leftOut(text: string): string {
  return text === '' ? '' : LEFT_OUT;
}

function parseObject(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}
