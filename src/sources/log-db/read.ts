import type { TimelineEvent } from '../../model/timeline-event.js';
import { eachLogDb } from './each-log-db.js';
import { clip } from '../../util/text.js';

const MAX_TEXT = 240;

interface LogRow {
  id: number;
  ts: number;
  ts_nanos: number;
  level: string;
  target: string;
  feedback_log_body: string | null;
  file: string | null;
  line: number | null;
}

export interface LogDbEvents {
  events: TimelineEvent[];
  /** Log databases that could not be read, with why; the timeline goes on without them. */
  unreadable: { path: string; error: string }[];
  /** Rows beyond `limit`, not shown. */
  omitted: number;
}

/**
 * The app-server's log lines for one thread, from every `logs_N.sqlite` in the SQLite home, read from a private copy
 * (the same guarantee as the state DB: the user's files are never opened by SQLite). At most `limit` rows per file.
 */
export function readLogDbEvents(sqliteHome: string, threadId: string, opts: { includeContent: boolean; limit?: number }): LogDbEvents {
  const limit = opts.limit ?? 500;
  const events: TimelineEvent[] = [];
  let omitted = 0;
  const { unreadable } = eachLogDb(sqliteHome, (db, path) => {
    const total = (db.prepare('SELECT COUNT(*) AS n FROM logs WHERE thread_id = ?').get(threadId) as { n: number }).n;
    const rows = db
      .prepare('SELECT id, ts, ts_nanos, level, target, feedback_log_body, file, line FROM logs WHERE thread_id = ? ORDER BY ts, ts_nanos, id LIMIT ?')
      .all(threadId, limit) as LogRow[];
    omitted += Math.max(0, total - rows.length);
    for (const row of rows) events.push(toEvent(row, path, threadId, opts.includeContent));
  });
  return { events, unreadable, omitted };
}

/** Info and debug bodies can carry prompts and tool output; warnings and errors are what a report needs. */
const ALWAYS_SHOWN = new Set(['WARN', 'WARNING', 'ERROR']);

function toEvent(row: LogRow, path: string, threadId: string, includeContent: boolean): TimelineEvent {
  const where = row.file ? ` (${row.file}${row.line ? `:${row.line}` : ''})` : '';
  const shown = includeContent || ALWAYS_SHOWN.has(row.level.toUpperCase());
  const body = shown ? (row.feedback_log_body ?? '').replace(/\s+/g, ' ') : '(message not shown)';
  const text = `${row.level} ${row.target}: ${body}${where} [logs.id=${row.id}]`;
  return {
    threadId,
    ts: row.ts * 1000 + Math.floor(row.ts_nanos / 1e6),
    source: 'log-db',
    kind: 'log',
    method: null,
    level: row.level.toLowerCase(),
    text: clip(text, MAX_TEXT),
    file: path,
    line: 0,
    seq: row.id,
    errorCode: null,
    errorMessage: null,
    forkedFromId: null,
  };
}
