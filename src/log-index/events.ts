import type { DesktopLogEntry, LogLevel } from '../sources/desktop-log/types.js';
import type { ByteInterner } from '../sources/desktop-log/byte-interner.js';
import type { PlainLine } from '../sources/desktop-log/plain-line.js';
import type { LogDbThreads } from '../sources/log-db/threads.js';
import { normalizeThreadId } from '../sources/thread-id.js';
import type { EventKind, TimelineEvent } from '../model/timeline-event.js';

const THREAD_ID_KEYS = ['conversationId', 'threadId', 'conversation_id', 'thread_id'] as const;

/** An entry names a conversation only through these keys (or `threadId` inside `params`): without them it is skipped. */
export const EVENT_NEEDLES: readonly string[] = ['conversation', 'hread'];
/** Every field an event is made from: a reader may keep only these. */
export const EVENT_FIELDS: readonly string[] = [
  ...THREAD_ID_KEYS,
  'params',
  'method',
  'errorCode',
  'error',
  'errorMessage',
  'failureReason',
  'forkedFromId',
  'ephemeral',
];
/** The event fields whose values repeat from line to line. */
export const REPEATED_EVENT_FIELDS: readonly string[] = [...THREAD_ID_KEYS, 'method'];
/** The longest event text, in characters. */
export const MAX_TEXT = 240;

type Fields = Readonly<Record<string, string | undefined>>;

/** What an event is made of, from a parsed entry or a plain line. */
interface EventFacts {
  ts: number | null;
  level: LogLevel | null;
  message: string;
  fields: Fields;
}

/**
 * Turns one Desktop log entry into a timeline event, or null when it names no conversation.
 * Desktop logs the request's conversation (`conversationId`), so a failed `thread/fork` is attributed to the
 * conversation that was being forked, as in #22001.
 */
export function logEntryToEvent(entry: DesktopLogEntry, seq: number, opts: { deferText?: boolean } = {}): TimelineEvent | null {
  const deferred = opts.deferText === true && entry.rawOffset !== null;
  return eventOf(entry, threadIdOf(entry.fields), entry.file, entry.line, seq, deferred ? null : entry, deferred ? entry.rawOffset! : undefined);
}

/** The event of a plain line (read without keeping its text), which its text is read back for later, from `offset`. */
export function plainLineToEvent(line: PlainLine, file: string, lineNumber: number, offset: number, seq: number): TimelineEvent | null {
  return eventOf(line, threadIdOf(line.fields), file, lineNumber, seq, null, offset);
}

/** plainLineToEvent for every plain line of one parser, which checks each distinct id once (see createPlainLineEvents). */
export interface PlainLineEvents {
  toEvent(line: PlainLine, file: string, lineNumber: number, offset: number, seq: number): TimelineEvent | null;
  /**
   * A number that stands for the thread id of the last event toEvent made for as long as the parser reads (for
   * LogTimelineFolder.add): the entry of the value the id came from in the parser's table; -1 when there is none.
   */
  lastIdKey(): number;
}

/**
 * Events of plain lines, whose ids are interned: each distinct id is checked and lowered once, then looked up by its
 * entry (a million lines name 20,000 ids; checking each anew, and lowering it into a new string that every Map then
 * hashed afresh, was a tenth of reading them). The cache lives as long as the returned object, which the reader lets
 * go with its parser: kept by the module, it held the parser's whole table of ids to the end of the run.
 */
export function createPlainLineEvents(): PlainLineEvents {
  const cache: IdCache = { interner: null, ids: [], lastKey: -1 };
  return {
    toEvent: (line, file, lineNumber, offset, seq) => eventOf(line, cachedThreadIdOf(line, cache), file, lineNumber, seq, null, offset),
    lastIdKey: () => cache.lastKey,
  };
}

/** The canonical id (or null) of each entry of one parser's table, and the entry that named the last id found. */
interface IdCache {
  interner: ByteInterner | null;
  ids: (string | null)[];
  lastKey: number;
}

function eventOf(
  facts: EventFacts,
  threadId: string | null,
  file: string,
  line: number,
  seq: number,
  textFrom: DesktopLogEntry | null,
  textAt: number | undefined,
): TimelineEvent | null {
  const { fields } = facts;
  if (threadId === null) return null;
  const method = fields.method ?? null;
  const error = errorOf(facts);
  return {
    threadId,
    ts: facts.ts,
    source: 'desktop-log',
    kind: kindOf(facts.message, method, error !== null),
    method,
    level: facts.level,
    text: textFrom === null ? '' : eventText(textFrom.raw, textFrom.timed),
    file,
    line,
    seq,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    forkedFromId: normalizeThreadId(fields.forkedFromId ?? jsonField(fields.params, 'forkedFromId') ?? ''),
    // Always present, so that every Desktop event has one shape (added later, it cost each kept event a side store).
    textAt,
  };
}

/**
 * threadIdOf for a plain line (which holds no JSON, so no `params` to look in), each interned value checked once
 * through `cache`, which also tells the entry the id came from (lastKey, -1 when none).
 */
function cachedThreadIdOf(line: PlainLine, cache: IdCache): string | null {
  cache.lastKey = -1;
  if (line.interner !== cache.interner) {
    cache.interner = line.interner;
    cache.ids = [];
  }
  for (const key of THREAD_ID_KEYS) {
    const raw = line.fields[key];
    if (raw === undefined) continue;
    const entry = line.entries[key] ?? -1;
    let id: string | null | undefined;
    if (entry < 0) {
      id = normalizeThreadId(raw);
    } else {
      id = cache.ids[entry];
      if (id === undefined) cache.ids[entry] = id = normalizeThreadId(raw);
      if (id !== null) cache.lastKey = entry;
    }
    if (id !== null) return id;
  }
  return null;
}

function threadIdOf(fields: Fields): string | null {
  for (const key of THREAD_ID_KEYS) {
    const raw = fields[key];
    if (raw !== undefined) {
      const id = normalizeThreadId(raw);
      if (id !== null) return id;
    }
  }
  const fromParams = jsonField(fields.params, 'threadId');
  return fromParams === null ? null : normalizeThreadId(fromParams);
}

function kindOf(message: string, method: string | null, failed: boolean): EventKind {
  if (failed) return 'request-failed';
  if (message.startsWith('Conversation created')) return 'conversation-created';
  if (message.includes('for unknown conversation') || message.startsWith('Conversation state not found')) {
    return 'unknown-conversation';
  }
  if (message.startsWith('maybe_resume_started')) return 'resume-attempt';
  switch (method) {
    case 'turn/start':
      return 'turn-start';
    case 'thread/inject_items':
      return 'inject-items';
    case 'thread/start':
      return 'thread-start';
    case 'thread/fork':
      return 'fork';
    case 'thread/resume':
      return 'resume';
    case 'thread/read':
      return 'read';
    case 'thread/revert':
    case 'thread/reverted':
      return 'thread-reverted';
    case null:
      return 'log';
    default:
      return 'request';
  }
}

interface LoggedError {
  code: number | null;
  message: string | null;
}

/** A request failed when Desktop logged an error code, an `error={…}` object with content, or `Request failed`. */
function errorOf(facts: EventFacts): LoggedError | null {
  const { fields } = facts;
  const codeField = parseCode(fields.errorCode);
  const errorJson = fields.error !== undefined ? parseJsonObject(fields.error) : null;
  const jsonCode = errorJson ? parseCode(stringOrNumber(errorJson.code)) : null;
  const jsonMessage = errorJson && typeof errorJson.message === 'string' ? errorJson.message : null;
  const message = jsonMessage ?? nonEmpty(fields.errorMessage) ?? nonEmpty(fields.failureReason) ?? null;
  const code = codeField ?? jsonCode;
  const requestFailed = facts.message.startsWith('Request failed') || facts.message.startsWith('Failed to');
  if (code === null && jsonMessage === null && !requestFailed) return null;
  return { code, message };
}

function parseCode(raw: string | undefined): number | null {
  if (raw === undefined || raw === 'null' || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

function stringOrNumber(v: unknown): string | undefined {
  return typeof v === 'number' || typeof v === 'string' ? String(v) : undefined;
}

function nonEmpty(s: string | undefined): string | null {
  return s === undefined || s === '' || s === 'null' ? null : s;
}

function parseJsonObject(raw: string): Record<string, unknown> | null {
  if (!raw.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function jsonField(raw: string | undefined, key: string): string | null {
  if (raw === undefined || !raw.includes(key)) return null;
  const obj = parseJsonObject(raw);
  const v = obj?.[key];
  return typeof v === 'string' ? v : null;
}

/** An entry's header line for people: without its time stamp (the event has the time), one line, capped. */
export function eventText(raw: string, timed: boolean): string {
  return capText(timed ? raw.replace(/^\S+\s+/, '') : raw);
}

/** `text` cut to MAX_TEXT characters, marked when cut. */
export function capText(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/**
 * A thread's lines in Codex's log database, as one timeline event: that the app-server had it loaded, from when to
 * when, and whether it dispatched user input to it (a turn, for F1).
 */
export function logDbThreadEvents(logDb: LogDbThreads, seqStart: number): TimelineEvent[] {
  return logDb.threads.map((t, i) => ({
    threadId: t.threadId,
    ts: t.firstTs,
    source: 'log-db' as const,
    kind: t.userInputLines > 0 ? ('turn-start' as const) : ('log' as const),
    method: t.userInputLines > 0 ? 'user_input' : null,
    level: null,
    text: `${t.lines} app-server log lines until ${new Date(t.lastTs).toISOString()}${t.userInputLines > 0 ? `, ${t.userInputLines} while dispatching user input` : ''} (logs.id=${t.firstRowId})`,
    file: t.file,
    line: 0,
    seq: seqStart + i,
    errorCode: null,
    errorMessage: null,
    forkedFromId: null,
  }));
}
