import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProblemCount } from '../../model/report.js';
import type { TimelineEvent } from '../../model/timeline-event.js';
import { errorLine, readPrivateCopy, tableColumns } from '../private-db.js';
import { normalizeThreadId } from '../thread-id.js';

/**
 * `queue_N.sqlite` `queued_items` (upstream #36952, #39034; codex-rs/state/queue_migrations): user submissions queued
 * for a thread while a turn runs. A row leaves the table when its message is sent as a turn, so a row still there is
 * input the user gave that never became a turn. Read from a private copy; the message text is never kept.
 */
interface QueuedItem {
  threadId: string;
  createdAtMs: number | null;
  queueOrder: number | null;
}

export interface QueueDbRead {
  path: string | null;
  items: QueuedItem[];
  error: string | null;
}

const QUEUE_DB_NAME = /^queue_(\d+)\.sqlite$/;

/** The highest-numbered queue DB in the SQLite home (a newer generation replaces the file name). */
export function readQueueDb(sqliteHome: string): QueueDbRead {
  let names: string[] = [];
  try {
    names = readdirSync(sqliteHome).filter((n) => QUEUE_DB_NAME.test(n));
  } catch {
    // No SQLite home: no queue.
  }
  const name = names.sort((a, b) => Number(QUEUE_DB_NAME.exec(b)![1]) - Number(QUEUE_DB_NAME.exec(a)![1]))[0];
  if (name === undefined) return { path: null, items: [], error: null };
  const path = join(sqliteHome, name);
  try {
    const items = readPrivateCopy(path, 'codex-logs-queue-', (db) => {
      const columns = tableColumns(db, 'queued_items');
      if (!columns.includes('thread_id')) return [];
      const created = columns.includes('created_at_ms') ? 'created_at_ms' : 'NULL';
      const order = columns.includes('queue_order') ? 'queue_order' : 'NULL';
      const rows = db
        .prepare(`SELECT thread_id AS id, ${created} AS created, ${order} AS queueOrder FROM queued_items ORDER BY ${created}, ${order}`)
        .all() as { id: unknown; created: unknown; queueOrder: unknown }[];
      return rows.flatMap((r) => {
        const threadId = typeof r.id === 'string' ? normalizeThreadId(r.id) : null;
        return threadId === null
          ? []
          : [{ threadId, createdAtMs: typeof r.created === 'number' ? r.created : null, queueOrder: typeof r.queueOrder === 'number' ? r.queueOrder : null }];
      });
    });
    return { path, items, error: null };
  } catch (err) {
    return { path, items: [], error: errorLine(err) };
  }
}

/** One timeline event per queued message, so a conversation's story shows the input that never became a turn. */
export function queuedItemEvents(queue: QueueDbRead, seqStart: number): TimelineEvent[] {
  return queue.items.map((item, i) => ({
    threadId: item.threadId,
    ts: item.createdAtMs,
    source: 'codex-home' as const,
    kind: 'queued-message' as const,
    method: null,
    level: null,
    text: `user message queued in ${queue.path!.split(/[\\/]/).pop()}${item.queueOrder === null ? '' : ` (position ${item.queueOrder})`}, never sent as a turn`,
    file: queue.path!,
    line: 0,
    seq: seqStart + i,
    errorCode: null,
    errorMessage: null,
    forkedFromId: null,
  }));
}

export function queueDbProblems(read: QueueDbRead): ProblemCount[] {
  return read.error === null ? [] : [{ what: `the queue database could not be read (${read.error})`, count: 1, examples: [read.path ?? ''] }];
}
