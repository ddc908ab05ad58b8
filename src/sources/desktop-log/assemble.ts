import { findClosingQuote, parseFields, startsWithField, type OpenValue } from './fields.js';
import { parseDesktopLine, parseHeaderText, type HeaderParts } from './parse-line.js';
import type { DesktopStamp } from './stamp.js';
import { resolveWallTime } from './wall-stamp.js';
import type { DesktopLogEntry, DesktopLogStats } from './types.js';

/** How much of an entry is kept in memory; the lines beyond are still counted. */
export interface EntryLimits {
  continuationLines: number;
  continuationChars: number;
  rawChars: number;
}

const DEFAULT_ENTRY_LIMITS: EntryLimits = { continuationLines: 50, continuationChars: 8 * 1024, rawChars: 4 * 1024 };

export interface EntryAssembler {
  /**
   * One line of the file, without its terminator; `cut` when the reader dropped the line's tail. `offset` is where
   * the line starts in the file, and `stamp` the Desktop stamp it opens with, when the caller knows.
   */
  push(line: string, lineNumber: number, cut: boolean, offset?: number, stamp?: DesktopStamp): void;
  /** A timed entry of one line that the caller counted without parsing: it ends the entry above. */
  passTimed(ts: number): void;
  /** Emits the last entry. */
  finish(): void;
}

type StatsCounters = Pick<DesktopLogStats, 'entries' | 'untimedEntries' | 'continuationLines' | 'blankLines'>;

/**
 * Groups the lines of one file into entries, in file order. An entry is emitted when the next one starts (or at
 * `finish`). Each line is counted once: as an entry, a continuation line or a blank line.
 *
 * Beyond indented lines, two kinds of line continue the entry above: lines inside a quoted value that the header
 * left open (Desktop writes multi-line strings with real newlines, e.g. `errorMessage="invalid syntax …`), and
 * unindented lines that start with `key=` (fields of a wrapped line). Their pairs join the entry's fields (the
 * header's values win), as long as the line is within the entry's stored continuation.
 */
export function createEntryAssembler(
  file: string,
  stats: StatsCounters,
  onEntry: (entry: DesktopLogEntry) => void,
  limits: EntryLimits = DEFAULT_ENTRY_LIMITS,
  /** Where year-less journalctl and Chromium times are placed until a line gives a time: the file's mtime. */
  yearReferenceMs: number = Date.now(),
): EntryAssembler {
  let current: DesktopLogEntry | null = null;
  let storedChars = 0;
  let openValue: OpenValue | null = null;
  let lastTs: number | null = null;

  function start(parts: HeaderParts, ts: number | null, timed: boolean, line: string, lineNumber: number, cut: boolean, offset: number | null): void {
    if (current !== null) onEntry(current);
    stats.entries += 1;
    if (!timed) stats.untimedEntries += 1;
    current = {
      file,
      line: lineNumber,
      ts,
      timed,
      level: parts.level,
      component: parts.component,
      tags: parts.tags,
      message: parts.message,
      fields: parts.fields,
      continuation: [],
      raw: line.length > limits.rawChars ? line.slice(0, limits.rawChars) : line,
      rawOffset: offset,
    };
    storedChars = 0;
    // The closing quote of a cut line was dropped with its tail: nothing continues.
    openValue = cut ? null : parts.openValue;
  }

  /** Keeps the line if the entry has room; returns the stored text, or null. */
  function store(entry: DesktopLogEntry, line: string): string | null {
    const room = limits.continuationChars - storedChars;
    if (entry.continuation.length >= limits.continuationLines || room <= 0) return null;
    const kept = line.length > room ? line.slice(0, room) : line;
    entry.continuation.push(kept);
    storedChars += kept.length;
    return kept;
  }

  function continueEntry(entry: DesktopLogEntry, line: string): void {
    stats.continuationLines += 1;
    const stored = store(entry, line);
    if (stored === null) {
      openValue = null;
      return;
    }
    if (openValue !== null) {
      continueOpenValue(entry, openValue, stored);
      return;
    }
    const text = stored.trimStart();
    if (startsWithField(text)) openValue = mergeFields(entry, text);
  }

  function continueOpenValue(entry: DesktopLogEntry, open: OpenValue, text: string): void {
    const close = findClosingQuote(text, 0);
    if (open.kept) entry.fields[open.key] = `${entry.fields[open.key] ?? ''}\n${close < 0 ? text : text.slice(0, close)}`;
    if (close >= 0) openValue = mergeFields(entry, text.slice(close + 1));
  }

  return {
    push(line: string, lineNumber: number, cut: boolean, offset?: number, stamp?: DesktopStamp): void {
      const parsed = parseDesktopLine(line, stamp);
      if (current !== null && openValue !== null && parsed.kind !== 'timed' && parsed.kind !== 'wall') {
        continueEntry(current, line);
        return;
      }
      switch (parsed.kind) {
        case 'blank':
          stats.blankLines += 1;
          return;
        case 'continuation':
          // Nothing above to continue (top of the file): the line stands on its own.
          if (current === null) start(parseHeaderText(line.trimStart()), lastTs, false, line, lineNumber, cut, offset ?? null);
          else continueEntry(current, line);
          return;
        case 'untimed':
          if (current !== null && startsWithField(line)) continueEntry(current, line);
          else start(parsed, lastTs, false, line, lineNumber, cut, offset ?? null);
          return;
        case 'timed':
          lastTs = parsed.ts;
          start(parsed, parsed.ts, true, line, lineNumber, cut, offset ?? null);
          return;
        case 'wall':
          // The line above is the nearest reference for the year; ISO lines and placed ones alike.
          lastTs = resolveWallTime(parsed.wall, lastTs ?? yearReferenceMs);
          start(parsed, lastTs, true, line, lineNumber, cut, offset ?? null);
          return;
      }
    },
    passTimed(ts: number): void {
      if (current !== null) onEntry(current);
      current = null;
      openValue = null;
      lastTs = ts;
      stats.entries += 1;
    },
    finish(): void {
      if (current !== null) onEntry(current);
      current = null;
      openValue = null;
    },
  };
}

/** Adds the pairs of `text` that the entry does not have yet; returns the value `text` leaves open, if any. */
function mergeFields(entry: DesktopLogEntry, text: string): OpenValue | null {
  const { fields, openValue } = parseFields(text);
  let open = openValue;
  for (const [key, value] of Object.entries(fields)) {
    if (Object.hasOwn(entry.fields, key)) {
      if (open?.key === key) open = { key, kept: false };
    } else {
      entry.fields[key] = value;
    }
  }
  return open;
}
