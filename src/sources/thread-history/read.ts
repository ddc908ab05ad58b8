import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProblemCount } from '../../model/report.js';
import { makeScratchDir, removeScratchDir } from '../scratch.js';
import { sqliteDriver } from '../sqlite-driver.js';
import { copyDbSnapshot } from '../state-db/private-copy.js';
import { normalizeThreadId } from '../thread-id.js';

/** What Codex's history projection (`thread_history_1.sqlite`, B) recorded of a thread's turns. */
interface ThreadHistory {
  turns: number;
  /** The latest `completed_at` or `started_at` of its turns, epoch ms. */
  lastTurnMs: number | null;
}

export interface ThreadHistoryRead {
  path: string | null;
  threads: Map<string, ThreadHistory>;
  error: string | null;
}

/** Unix seconds and milliseconds both occur in Codex's tables; a value this large can only be milliseconds. */
const MS_THRESHOLD = 1e12;

/**
 * `thread_history_1.sqlite`'s `thread_turns`, summed up per thread from a private copy. A projection, not a source of
 * truth (codex-formats.md §2.3), but a trace that a turn reached disk, also for compressed rollouts whose tail is not
 * read.
 */
export function readThreadHistory(sqliteHome: string): ThreadHistoryRead {
  const path = join(sqliteHome, 'thread_history_1.sqlite');
  const result: ThreadHistoryRead = { path: null, threads: new Map(), error: null };
  if (!existsSync(path)) return result;
  result.path = path;
  const work = makeScratchDir('codex-logs-history-');
  try {
    const { dbCopy } = copyDbSnapshot(path, work);
    const db = new (sqliteDriver())(dbCopy, { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare(
          'SELECT thread_id AS id, COUNT(*) AS turns, MAX(MAX(COALESCE(completed_at, 0), COALESCE(started_at, 0))) AS last FROM thread_turns GROUP BY thread_id',
        )
        .all() as { id: unknown; turns: number; last: number | null }[];
      for (const row of rows) {
        const id = typeof row.id === 'string' ? normalizeThreadId(row.id) : null;
        if (id === null) continue;
        const last = typeof row.last === 'number' && row.last > 0 ? (row.last > MS_THRESHOLD ? row.last : row.last * 1000) : null;
        result.threads.set(id, { turns: row.turns, lastTurnMs: last });
      }
    } finally {
      db.close();
    }
  } catch (err) {
    result.error = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  } finally {
    removeScratchDir(work);
  }
  return result;
}

export function threadHistoryProblems(read: ThreadHistoryRead): ProblemCount[] {
  return read.error === null ? [] : [{ what: `thread_history_1.sqlite could not be read (${read.error})`, count: 1, examples: [] }];
}
