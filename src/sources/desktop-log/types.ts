/** A lowercase level as Desktop writes it; tracing-style and pasted upper-case levels are folded onto these. */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

/**
 * One logical entry of a Desktop log: a header line plus the untimed, indented continuation lines that follow it.
 * `fields` keeps each value's text as written, without surrounding quotes; inline JSON values keep their raw text.
 */
export interface DesktopLogEntry {
  file: string;
  /** 1-based line number of the header line in `file`. */
  line: number;
  /** Epoch ms; for an untimed entry, the time of the nearest timed entry above it in the same file (or null). */
  ts: number | null;
  /** False when the line carried no full date-time of its own. */
  timed: boolean;
  level: LogLevel | null;
  /** First bracketed tag, e.g. `electron-message-handler`; null when the line has none. */
  component: string | null;
  /** Further bracketed tags, e.g. `desktop-notifications`, `global-error`. */
  tags: string[];
  /** Free text before the first key=value pair. */
  message: string;
  fields: Record<string, string>;
  /** Continuation lines as written (without line terminators), capped to keep memory flat. */
  continuation: string[];
  /** The header line (capped), for evidence excerpts. */
  raw: string;
  /** Where the header line starts in `file` (at its byte-order mark, if any), to read it again; null if unknown. */
  rawOffset: number | null;
}

export type SkipReason = 'not-a-log-file' | 'inside-codex-home' | 'binary' | 'unreadable' | 'over-file-limit' | 'outside-window';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail?: string;
  /** How many files a summary record stands for ("N more files not listed"); 1 when absent. */
  count?: number;
}

/** Everything the reader could and could not use; every input line lands in exactly one of the line counters. */
export interface DesktopLogStats {
  filesRead: number;
  emptyFiles: number;
  skippedFiles: SkippedFile[];
  bytes: number;
  lines: number;
  /** Header lines that started an entry (timed or untimed). */
  entries: number;
  untimedEntries: number;
  continuationLines: number;
  blankLines: number;
  /** Lines longer than the reader's limit: their start is kept as an entry's raw text, the rest dropped and counted. */
  overlongLines: number;
  crlfLines: number;
  invalidUtf8Lines: number;
  missingFinalNewline: number;
  /** Kept events whose line could not be read back for its text: the file changed or went while the run went on. */
  linesChangedDuringRun: number;
}
