import { eachLogDb } from './each-log-db.js';
import { normalizeThreadId } from '../thread-id.js';


/** What Codex's own log database says about one thread, summed up: enough to know it existed and whether it got turns. */
export interface LogDbThread {
  threadId: string;
  file: string;
  lines: number;
  firstTs: number;
  lastTs: number;
  /** Lines logged while the app-server dispatched user input to the thread (`op.dispatch.user_input`): it got a turn. */
  userInputLines: number;
  /** The `logs.id` of the first such submission, else of the first line: a row a person can look up. */
  firstRowId: number;
}

export interface LogDbThreads {
  threads: LogDbThread[];
  files: string[];
  unreadable: { path: string; error: string }[];
}

/** Log bodies that say the app-server dispatched user input to the thread. */
const SUBMISSION_MARKERS = ['op.dispatch.user_input', 'codex.op="user_turn"'] as const;
const USER_INPUT_MARKERS = [...SUBMISSION_MARKERS, 'codex.op="user_input"'] as const;

function likeAny(markers: readonly string[]): string {
  return markers.map((m) => `feedback_log_body LIKE '%${m}%'`).join(' OR ');
}

/**
 * A log body with everything but the markers above left out (a bundle's snapshot): what this module counts in it
 * stays the same, and no prompt or tool output is kept.
 */
export function keepUserInputMarkers(body: string): string {
  const found = USER_INPUT_MARKERS.filter((m) => body.includes(m));
  return found.length > 0 ? found.join(' ') : '(left out)';
}

/**
 * One pass over every `logs_N.sqlite` in the SQLite home, grouped by thread in SQL (the tables hold hundreds of
 * thousands of lines), read from private copies like every database here.
 */
export function readLogDbThreads(sqliteHome: string): LogDbThreads {
  const threads: LogDbThread[] = [];
  const { files, unreadable } = eachLogDb(sqliteHome, (db, path) => {
    const rows = db
      .prepare(
        `SELECT thread_id AS threadId, COUNT(*) AS lines, MIN(ts * 1000 + ts_nanos / 1000000) AS firstTs, MAX(ts * 1000 + ts_nanos / 1000000) AS lastTs,
                SUM(${likeAny(USER_INPUT_MARKERS)}) AS userInputLines,
                COALESCE(MIN(CASE WHEN ${likeAny(SUBMISSION_MARKERS)} THEN id END), MIN(id)) AS firstRowId
         FROM logs WHERE thread_id IS NOT NULL GROUP BY thread_id`,
      )
      .all() as (Omit<LogDbThread, 'file'> & { threadId: string })[];
    for (const row of rows) {
      const id = normalizeThreadId(row.threadId);
      if (id !== null) threads.push({ ...row, threadId: id, file: path, firstTs: Math.floor(row.firstTs), lastTs: Math.floor(row.lastTs), userInputLines: row.userInputLines ?? 0 });
    }
  });
  return { threads, files, unreadable };
}
