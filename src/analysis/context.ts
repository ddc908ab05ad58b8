import { inOpeningOrder } from '../sources/rollouts/opening-order.js';
import type { RolloutFile, RolloutStats } from '../sources/rollouts/types.js';
import type { StateDbRead, ThreadRow } from '../sources/state-db/types.js';
import { currentFirst, supersededRollouts } from './reverts.js';
import { nameStampMayFall, rolloutIdMs, rowCreatedMs, rowUpdatedMs } from './timeline.js';
import type { LogTimeline } from '../model/log-timeline.js';
import type { Evidence } from '../model/finding.js';
import type { Filters, Inputs, RowPathCheck } from '../model/report.js';
import type { Sources } from '../sources/types.js';
import type { TimelineEvent } from '../model/timeline-event.js';

/** Everything a detector may look at: the sources joined by thread id. Built once, read by every detector. */
export interface AnalysisContext {
  /** Everything read, for detectors that need more than the joins below. */
  sources: Sources;
  inputs: Inputs;
  stateDb: StateDbRead;
  rowsById: ReadonlyMap<string, ThreadRow>;
  /**
   * Rollout files by the id in their `session_meta`, and by the id in their name when that differs or is all there is.
   * A reverted thread's files come current first (the row's file, then the newest revert).
   */
  rolloutsById: ReadonlyMap<string, RolloutFile[]>;
  /** Files of reverted threads that a later revert replaced: immutable history, not the thread's state. */
  supersededRollouts: ReadonlySet<RolloutFile>;
  rowPathById: ReadonlyMap<string, RowPathCheck>;
  rolloutStats: RolloutStats | null;
  /** Log events per thread (Desktop, TUI, log databases, history), already narrowed to --since/--until. */
  logTimelines: ReadonlyMap<string, LogTimeline>;
  /** Whether a thread is one the user asked about (--thread, and --since/--until). */
  isSelected(threadId: string): boolean;
}

export function buildContext(sources: Sources, filters: Filters): AnalysisContext {
  const rows = sources.stateDb.status === 'ok' ? sources.stateDb.threads : [];
  const rowsById = new Map(rows.map((row) => [row.id, row]));
  const rowPathById = new Map(sources.rowPaths.map((check) => [check.threadId, check]));
  const rolloutsById = indexRollouts(sources.rollouts, rowPathById);
  const logTimelines = sources.logTimelines;
  const wanted = filters.threads.length > 0 ? new Set(filters.threads) : null;
  const windowed = filters.since !== null || filters.until !== null;
  const inWindow = (ms: number | null): boolean =>
    ms !== null && (filters.since === null || ms >= filters.since) && (filters.until === null || ms <= filters.until);

  const isSelected = (id: string): boolean => {
    if (wanted !== null && !wanted.has(id)) return false;
    if (!windowed) return true;
    if ((logTimelines.get(id)?.total ?? 0) > 0) return true;
    if (inWindow(sources.home?.sessionIndex?.updatedAtMs.get(id) ?? null)) return true;
    const row = rowsById.get(id);
    if (row !== undefined && (inWindow(rowCreatedMs(row)) || inWindow(rowUpdatedMs(row)))) return true;
    return (rolloutsById.get(id) ?? []).some((file) => {
      const created = rolloutTime(file);
      if (inWindow(created) || inWindow(file.tail?.lastTs ?? null)) return true;
      return created === null && nameStampMayFall(file, filters.since, filters.until);
    });
  };
  return {
    sources,
    inputs: sources.inputs,
    stateDb: sources.stateDb,
    rowsById,
    rolloutsById,
    supersededRollouts: supersededRollouts(rolloutsById),
    rowPathById,
    rolloutStats: sources.rolloutStats,
    logTimelines,
    isSelected,
  };
}

function indexRollouts(files: readonly RolloutFile[], rowPathById: ReadonlyMap<string, RowPathCheck>): Map<string, RolloutFile[]> {
  const byId = new Map<string, RolloutFile[]>();
  const add = (id: string, file: RolloutFile): void => {
    const list = byId.get(id);
    if (list === undefined) byId.set(id, [file]);
    else if (!list.includes(file)) list.push(file);
  };
  for (const file of files) for (const id of rolloutIds(file)) add(id, file);
  for (const [id, list] of byId) if (list.length > 1) byId.set(id, currentFirst(list, rowPathById.get(id)?.resolved ?? null));
  return byId;
}

/** The ids a rollout is filed under: the one in its `session_meta`, and the one in its name. */
export function rolloutIds(file: RolloutFile): string[] {
  const ids: string[] = [];
  if (file.head.status === 'ok') ids.push(file.head.id);
  if (file.name !== null) ids.push(file.name.id);
  return ids;
}

function rolloutTime(file: RolloutFile): number | null {
  if (file.head.status === 'ok') return file.head.timestamp ?? file.head.writtenAt ?? rolloutIdMs(file);
  return rolloutIdMs(file);
}

/** The rollout Codex would open for an id. */
export function primaryRollout(files: readonly RolloutFile[] | undefined): RolloutFile | null {
  return files === undefined ? null : (inOpeningOrder(files)[0] ?? null);
}

export function eventEvidence(event: TimelineEvent): Evidence {
  const evidence: Evidence = { source: event.source, file: event.file, line: event.line, ts: event.ts, text: event.text };
  if (event.textAt !== undefined) evidence.textAt = event.textAt;
  return evidence;
}

export function rowEvidence(row: ThreadRow, dbPath: string): Evidence {
  return {
    source: 'state-db',
    file: dbPath,
    line: 0,
    ts: rowCreatedMs(row),
    text: `threads row id=${row.id} rollout_path=${JSON.stringify(row.rolloutPath)} archived=${row.archived ? 1 : 0}`,
  };
}

export function rolloutEvidence(file: RolloutFile): Evidence {
  const head = file.head;
  const text =
    head.status === 'ok'
      ? `session_meta id=${head.id}${head.forkedFromId ? ` forked_from_id=${head.forkedFromId}` : ''}${head.cwd ? ` cwd=${head.cwd}` : ''}`
      : `rollout file (${head.status})`;
  return { source: 'rollout', file: file.path, line: 1, ts: rolloutTime(file), text };
}

/** Whether any persisted state knows the id: a row, or a rollout in either root. */
export function isKnownOnDisk(ctx: AnalysisContext, id: string): boolean {
  return ctx.rowsById.has(id) || ctx.rolloutsById.has(id);
}
