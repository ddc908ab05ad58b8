import { parseFields, type OpenValue } from './fields.js';
import { readLeadingStamp, type DesktopStamp } from './stamp.js';
import { readWallPrefix, type WallTime } from './wall-stamp.js';
import { isSpace } from './whitespace.js';
import type { LogLevel } from './types.js';

/** What a header line says besides its time. */
export interface HeaderParts {
  level: LogLevel | null;
  component: string | null;
  tags: string[];
  message: string;
  fields: Record<string, string>;
  /** A quoted value left open at the end of the line (its text continues on the next lines). */
  openValue: OpenValue | null;
}

export type ParsedDesktopLine =
  | ({ kind: 'timed'; ts: number } & HeaderParts)
  /** A line that starts an entry but carries no date-time of its own. */
  | ({ kind: 'untimed' } & HeaderParts)
  /** A journalctl or Chromium line: a local time without a year, which the reader places (resolveWallTime). */
  | ({ kind: 'wall'; wall: WallTime } & HeaderParts)
  /** Indented: a stack frame, a wrapped field, a reporter's indented block. */
  | { kind: 'continuation' }
  | { kind: 'blank' };

/** Lower-cased level words; tracing's `TRACE` and `WARN` fold onto Desktop's vocabulary. */
const LEVELS: ReadonlyMap<string, LogLevel> = new Map([
  ['trace', 'debug'],
  ['debug', 'debug'],
  ['info', 'info'],
  ['warn', 'warning'],
  ['warning', 'warning'],
  ['error', 'error'],
]);

/** `11547: ` from `grep -n`; kept apart from a time-only stamp such as `17:59:21`. */
const GREP_LINE_NUMBER = /^\d{1,9}: ?/;
/** A bracketed tag: no spaces inside, so `[15/Jun/2026 12:22:29]` or `[object Object]` is not one. */
const TAG = /^\[([^\]\s]+)\]/;

/**
 * Classifies one Desktop log line (without its terminator). Pure and total: any string gives a result.
 * A line that starts with whitespace continues the entry above, unless its text starts with a full date-time
 * (a reporter's indented paste of whole lines). `known` is the stamp the caller already read at the line's start.
 */
export function parseDesktopLine(line: string, known?: DesktopStamp): ParsedDesktopLine {
  // The reader already read the line's stamp from its bytes (`known.end` characters, all ASCII).
  if (known !== undefined) return { kind: 'timed', ts: known.ms, ...parseHeader(line.slice(known.end), true) };
  const text = stripGrepLineNumber(line);
  if (isBlank(text)) return { kind: 'blank' };
  if (isSpace(text.charCodeAt(0))) {
    const inner = text.trimStart();
    const stamp = readLeadingStamp(inner);
    return stamp?.kind === 'datetime' ? { kind: 'timed', ts: stamp.ms, ...parseHeader(inner.slice(stamp.end), true) } : { kind: 'continuation' };
  }
  const stamp = readLeadingStamp(text);
  if (stamp === null) return wallLine(text) ?? { kind: 'untimed', ...parseHeader(text, false) };
  const parts = parseHeader(text.slice(stamp.end), true);
  return stamp.kind === 'datetime' ? { kind: 'timed', ts: stamp.ms, ...parts } : { kind: 'untimed', ...parts };
}

/**
 * `Oct 07 18:30:30 fedora chatgpt[10536]: [electron-message-handler] …` and `[pid:tid:MMDD/HHMMSS.us:ERROR:…] …`.
 * When the journal's message is a whole Desktop line, its own UTC stamp is the better time.
 */
function wallLine(text: string): ParsedDesktopLine | null {
  const prefix = readWallPrefix(text);
  if (prefix === null) return null;
  const rest = text.slice(prefix.end);
  const inner = readLeadingStamp(rest);
  if (inner?.kind === 'datetime') return { kind: 'timed', ts: inner.ms, ...parseHeader(rest.slice(inner.end), true) };
  const parts = parseHeader(rest, true);
  return { kind: 'wall', wall: prefix.wall, ...parts, level: prefix.level ?? parts.level };
}

/**
 * `<level> [Component][tag] [tag] message k=v …`, each part optional. After a stamp a lower- or upper-case level
 * word counts (`error`, `ERROR`); without one only upper case, `[error]`, or a lower-case word followed by a
 * bracketed component does, so that sentences such as `Error creating task` or `info only` keep their first word.
 */
function parseHeader(afterStamp: string, stamped: boolean): HeaderParts {
  let rest = afterStamp.trimStart();
  const level = readLevel(rest, stamped);
  if (level !== null) rest = rest.slice(level.length).trimStart();

  let component: string | null = null;
  const tags: string[] = [];
  for (let tag = TAG.exec(rest); tag !== null; tag = TAG.exec(rest)) {
    const name = tag[1] ?? '';
    if (component === null) component = name;
    else tags.push(name);
    rest = rest.slice(tag[0].length).trimStart();
  }

  const { message, fields, openValue } = parseFields(rest);
  return { level: level?.level ?? null, component, tags, message, fields, openValue };
}

function readLevel(text: string, stamped: boolean): { level: LogLevel; length: number } | null {
  let end = 0;
  while (end < text.length && !isSpace(text.charCodeAt(end))) end += 1;
  const word = text.slice(0, end);
  const bracketed = word.length > 2 && word.startsWith('[') && word.endsWith(']');
  const name = bracketed ? word.slice(1, -1) : word;
  const lower = name.toLowerCase();
  const level = LEVELS.get(lower);
  if (level === undefined) return null;
  const found = { level, length: end };
  if (bracketed || name === name.toUpperCase()) return found;
  // A capitalized `Error …` is the first word of a sentence (a toast text), not a level.
  if (name !== lower) return null;
  return stamped || text.slice(end).trimStart().startsWith('[') ? found : null;
}

/** The parts of a line read as a header with no stamp, whatever its indentation said. */
export function parseHeaderText(text: string): HeaderParts {
  return parseHeader(stripGrepLineNumber(text), false);
}

function stripGrepLineNumber(line: string): string {
  const first = line.charCodeAt(0);
  if (first < 0x30 || first > 0x39) return line;
  const prefix = GREP_LINE_NUMBER.exec(line);
  if (prefix === null) return line;
  const rest = line.slice(prefix[0].length);
  // Only when what follows looks like log text; `404: Not Found` keeps its number.
  const looksLikeLog = isSpace(rest.charCodeAt(0)) || rest.startsWith('[') || readLeadingStamp(rest) !== null;
  return looksLikeLog ? rest : line;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}
