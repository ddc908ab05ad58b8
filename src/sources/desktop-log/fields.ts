import { isSpace } from './whitespace.js';

/** A quoted value still open at the end of the text: Desktop writes multi-line strings with real newlines. */
export interface OpenValue {
  key: string;
  /** False when the key was a duplicate, so the value's further lines belong to nothing. */
  kept: boolean;
}

export interface ParsedFields {
  /** The free text before the first `key=` token, trimmed. */
  message: string;
  /** Values as written, quotes removed; the first of duplicate keys wins. Has no prototype. */
  fields: Record<string, string>;
  openValue: OpenValue | null;
}

const EQUALS = 0x3d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Splits `message key=value key=value …`. A key is `[A-Za-z_][A-Za-z0-9_.-]*` at the start of the text or after
 * whitespace. Values are a bare token, a `"quoted"` string (backslash escapes kept as written), or inline JSON
 * (`{…}` / `[…]`, balanced, strings respected). Text between pairs that is not a pair (reporters' ` ... `, `…`)
 * is skipped token by token, so it cannot swallow the pairs after it.
 */
export function parseFields(text: string): ParsedFields {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const firstKey = text.indexOf('=') < 0 ? -1 : findKeyStart(text, 0);
  if (firstKey < 0) return { message: text.trim(), fields, openValue: null };

  let openValue: OpenValue | null = null;
  let pos = firstKey;
  while (pos < text.length) {
    pos = skipSpaces(text, pos);
    if (pos >= text.length) break;
    const equals = keyEnd(text, pos);
    if (equals < 0) {
      pos = skipToken(text, pos);
      continue;
    }
    const key = text.slice(pos, equals);
    const value = readValue(text, equals + 1);
    const kept = !Object.hasOwn(fields, key);
    if (kept) fields[key] = value.text;
    if (value.open) openValue = { key, kept };
    pos = skipToken(text, value.end);
  }
  return { message: text.slice(0, firstKey).trim(), fields, openValue };
}

/** True when `text` opens with a `key=` token: a wrapped line that carries only pairs. */
export function startsWithField(text: string): boolean {
  return keyEnd(text, 0) > 0;
}

/** Index of the `"` that closes a quoted value opened before `from`, or -1. */
export function findClosingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i += 1;
    else if (code === QUOTE) return i;
  }
  return -1;
}

/** Start of the first `key=` token at or after `from` (at the text's start or after whitespace), or -1. */
function findKeyStart(text: string, from: number): number {
  for (let equals = text.indexOf('=', from); equals >= 0; equals = text.indexOf('=', equals + 1)) {
    let start = equals;
    while (start > 0 && isKeyChar(text.charCodeAt(start - 1))) start -= 1;
    if (start < equals && isKeyStart(text.charCodeAt(start)) && (start === 0 || isSpace(text.charCodeAt(start - 1)))) return start;
  }
  return -1;
}

/** Index of the `=` ending a key that starts at `pos`, or -1 when `pos` does not start a `key=` token. */
function keyEnd(text: string, pos: number): number {
  if (!isKeyStart(text.charCodeAt(pos))) return -1;
  let i = pos + 1;
  while (i < text.length && isKeyChar(text.charCodeAt(i))) i += 1;
  return text.charCodeAt(i) === EQUALS ? i : -1;
}

interface Value {
  text: string;
  /** Index just after the value. */
  end: number;
  /** The value is a quoted string whose closing quote is not in this text. */
  open: boolean;
}

function readValue(text: string, start: number): Value {
  const first = text.charCodeAt(start);
  if (first === QUOTE) {
    const close = findClosingQuote(text, start + 1);
    if (close < 0) return { text: text.slice(start + 1), end: text.length, open: true };
    return { text: text.slice(start + 1, close), end: close + 1, open: false };
  }
  if (first === BRACE_OPEN || first === SQUARE_OPEN) {
    const close = findJsonEnd(text, start);
    // Unbalanced JSON was cut (an overlong line) or spans lines: its raw rest is the best value there is.
    if (close < 0) return { text: text.slice(start).trimEnd(), end: text.length, open: false };
    return { text: text.slice(start, close + 1), end: close + 1, open: false };
  }
  const end = skipToken(text, start);
  return { text: text.slice(start, end), end, open: false };
}

const BRACE_OPEN = 0x7b;
const BRACE_CLOSE = 0x7d;
const SQUARE_OPEN = 0x5b;
const SQUARE_CLOSE = 0x5d;

/** Index of the bracket that balances the one at `start`, skipping brackets inside JSON strings; -1 if none. */
function findJsonEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === BRACE_OPEN || code === SQUARE_OPEN) {
      depth += 1;
    } else if (code === BRACE_CLOSE || code === SQUARE_CLOSE) {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function skipSpaces(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

function skipToken(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

function isKeyStart(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

function isKeyChar(code: number): boolean {
  return isKeyStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x2d;
}
