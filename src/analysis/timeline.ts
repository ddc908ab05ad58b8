import type { RolloutFile } from '../sources/rollouts/types.js';
import type { ThreadRow } from '../sources/state-db/types.js';
import { isRevertFile } from './reverts.js';
import type { TimelineEvent } from '../model/timeline-event.js';
import { uuidV7TimeMs } from '../sources/thread-id.js';

/**
 * Time order across files and days. Entries without a time of their own already carry the time of the entry above
 * them (the reader does that), so they stay in place; ties keep each file's order.
 */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  const ta = a.ts ?? Number.NEGATIVE_INFINITY;
  const tb = b.ts ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) return ta - tb;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.seq - b.seq;
}

/** Events the persisted state tells about a thread: its row's timestamps and its rollout's `session_meta`. */
export function persistedEvents(id: string, row: ThreadRow | undefined, dbPath: string | null, rollouts: readonly RolloutFile[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  if (row !== undefined && dbPath !== null) {
    const created = rowCreatedMs(row);
    const updated = rowUpdatedMs(row);
    const base = {
      threadId: id,
      source: 'state-db' as const,
      method: null,
      level: null,
      file: dbPath,
      line: 0,
      errorCode: null,
      errorMessage: null,
      forkedFromId: null,
    };
    events.push({ ...base, ts: created, kind: 'row-created', seq: 0, text: `threads row created (rollout_path=${quote(row.rolloutPath)})` });
    if (updated !== null && updated !== created) events.push({ ...base, ts: updated, kind: 'row-updated', seq: 1, text: 'threads row last updated' });
    if (row.archived)
      events.push({ ...base, ts: row.archivedAt === null ? null : row.archivedAt * 1000, kind: 'row-archived', seq: 2, text: 'threads row marked archived' });
  }
  for (const file of rollouts) {
    const head = file.head;
    const forkedFromId = head.status === 'ok' ? head.forkedFromId : null;
    const reverted = isRevertFile(file);
    events.push({
      threadId: id,
      ts: rolloutWrittenMs(file),
      source: 'rollout',
      kind: reverted ? 'thread-reverted' : 'rollout-created',
      method: null,
      level: null,
      text: reverted
        ? revertText(file, row)
        : head.status === 'ok'
          ? `session_meta in ${file.relPath}${forkedFromId ? ` (forked from ${forkedFromId})` : ''}`
          : `rollout ${file.relPath} (${head.status})`,
      file: file.path,
      line: 1,
      seq: 0,
      errorCode: null,
      errorMessage: null,
      forkedFromId,
    });
  }
  return events;
}

/** What a revert's file says: its rollout id, whether the row points at it, and the prefix it kept. */
function revertText(file: RolloutFile, row: ThreadRow | undefined): string {
  const current = row !== undefined && baseName(row.rolloutPath) === baseName(file.path) ? ' (current)' : '';
  const base = file.head.status === 'ok' ? file.head.historyBase : undefined;
  const kept =
    base === undefined
      ? ''
      : `, history kept from rollout ${base.rolloutId}${base.endOrdinalExclusive === null ? '' : ` before ordinal ${base.endOrdinalExclusive}`}`;
  return `thread reverted: new rollout ${file.name?.rolloutId ?? '?'} in ${file.relPath}${current}${kept}`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * The times of `persistedEvents`, without building them: a conversation summary needs only its first and last time,
 * and a home has tens of thousands of conversations.
 */
export function persistedTimes(row: ThreadRow | undefined, rollouts: readonly RolloutFile[]): number[] {
  const times: (number | null)[] = [];
  if (row !== undefined) times.push(rowCreatedMs(row), rowUpdatedMs(row), row.archived && row.archivedAt !== null ? row.archivedAt * 1000 : null);
  // The tail's last line is the latest write: a turn completed after the row's updated_at still happened.
  for (const file of rollouts) times.push(rolloutWrittenMs(file), file.tail?.lastTs ?? null);
  return times.filter((t): t is number => t !== null);
}

/** The envelope's time is when the file was written (deferred: at the first turn); the payload's is creation. */
function rolloutWrittenMs(file: RolloutFile): number | null {
  const head = file.head;
  const ts = head.status === 'ok' ? (head.writtenAt ?? head.timestamp) : null;
  return ts ?? rolloutIdMs(file);
}

/**
 * When a rollout without a usable head (an empty file) was created: the UUIDv7 time of the id in its name. The
 * name's stamp is the writer's local time in a zone nothing records (8 h off UTC in a real home), so it gives no
 * instant; see nameStampMayFall for what it can still tell.
 */
export function rolloutIdMs(file: RolloutFile): number | null {
  return file.name === null ? null : uuidV7TimeMs(file.name.id);
}

/** Zones run from UTC-12 to UTC+14: a local stamp read as UTC is at most this far from the instant it names. */
const EAST_MOST_MS = 14 * 3_600_000;
const WEST_MOST_MS = 12 * 3_600_000;

/** Whether a file name's local stamp, in whatever zone its writer had, may name an instant within [since, until]. */
export function nameStampMayFall(file: RolloutFile, since: number | null, until: number | null): boolean {
  if (file.name === null) return false;
  const earliest = file.name.localStampMs - EAST_MOST_MS;
  const latest = file.name.localStampMs + WEST_MOST_MS;
  return (since === null || latest >= since) && (until === null || earliest <= until);
}

export function rowCreatedMs(row: ThreadRow): number | null {
  return row.createdAtMs ?? (row.createdAt === null ? null : row.createdAt * 1000);
}

export function rowUpdatedMs(row: ThreadRow): number | null {
  return row.updatedAtMs ?? (row.updatedAt === null ? null : row.updatedAt * 1000);
}

function quote(s: string): string {
  return JSON.stringify(s);
}
