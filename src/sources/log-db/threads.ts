import type { ProblemCount } from '../../model/report.js';
import { eachLogDb } from './each-log-db.js';
import { normalizeThreadId } from '../thread-id.js';

/** What Codex's own log database says about one thread, summed up: enough to know it existed and whether it got turns. */
interface LogDbThread {
  threadId: string;
  file: string;
  lines: number;
  firstTs: number;
  lastTs: number;
  /** Lines logged while the app-server dispatched user input to the thread (`op.dispatch.user_input`): it got a turn. */
  userInputLines: number;
  /** The `logs.id` of the first such submission, else of the first line: a row a person can look up. */
  firstRowId: number;
  /** `app_server.client_name` of the requests that touched the thread (`Codex Desktop`, `codex-tui`, …), if logged. */
  clientName: string | null;
}

const CLIENT_NAME_FIELD = 'app_server.client_name="';

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
 * A log body with everything but what this module reads left out (a bundle's snapshot): the user-input markers and
 * the client's name, so that what it counts and the origin it gives stay the same, and no prompt or tool output is
 * kept. A client name that is not a plain short name is left out too.
 */
export function keepWhatThreadsRead(body: string): string {
  const found: string[] = USER_INPUT_MARKERS.filter((m) => body.includes(m));
  const at = body.indexOf(CLIENT_NAME_FIELD);
  if (at !== -1) {
    const name = body.slice(at + CLIENT_NAME_FIELD.length).split('"')[0] ?? '';
    if (/^[A-Za-z0-9 _.-]{1,64}$/.test(name)) found.push(`${CLIENT_NAME_FIELD}${name}"`);
  }
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
                COALESCE(MIN(CASE WHEN ${likeAny(SUBMISSION_MARKERS)} THEN id END), MIN(id)) AS firstRowId,
                MIN(CASE WHEN feedback_log_body LIKE '%${CLIENT_NAME_FIELD}%' THEN substr(feedback_log_body, instr(feedback_log_body, '${CLIENT_NAME_FIELD}') + ${CLIENT_NAME_FIELD.length}, 64) END) AS clientNameHead
         FROM logs WHERE thread_id IS NOT NULL GROUP BY thread_id`,
      )
      .all() as (Omit<LogDbThread, 'file' | 'clientName'> & { threadId: string; clientNameHead: string | null })[];
    for (const { clientNameHead, ...row } of rows) {
      const id = normalizeThreadId(row.threadId);
      const clientName = clientNameHead === null ? null : clientNameHead.split('"')[0] || null;
      if (id !== null)
        threads.push({
          ...row,
          threadId: id,
          file: path,
          firstTs: Math.floor(row.firstTs),
          lastTs: Math.floor(row.lastTs),
          userInputLines: row.userInputLines ?? 0,
          clientName,
        });
    }
  });
  return { threads, files, unreadable };
}

export function logDbProblems(read: LogDbThreads): ProblemCount[] {
  return read.unreadable.map((u) => ({ what: `log database could not be read (${u.error})`, count: 1, examples: [u.path] }));
}
