import { buildContext, primaryRollout, type AnalysisContext } from './context.js';
import { DETECTORS } from './detectors/index.js';
import { groupByCause } from './group-by-cause.js';
import { compareEvents, persistedTimes } from './timeline.js';
import { isRoutedTurn, type TimelineEvent } from '../model/timeline-event.js';
import { lastPersistedMs, turnStatus } from './turn-persistence.js';
import { SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import type { ConversationSummary, Filters, Persistence, Report, Stats } from '../model/report.js';
import type { Sources } from '../sources/types.js';
import type { RolloutFile } from '../sources/rollouts/types.js';
import { uuidV7TimeMs } from '../sources/thread-id.js';
import { compareText } from '../util/text.js';

export const NO_FILTERS: Filters = { since: null, until: null, threads: [] };

/** The whole analysis, pure: joined sources in, a report out. */
export function analyze(sources: Sources, filters: Filters = NO_FILTERS, version = '0.0.0'): Report {
  const ctx = buildContext(sources, filters);
  const findings: Finding[] = [];
  for (const detector of DETECTORS) findings.push(...detector.detect(ctx, findings));
  findings.sort(compareFindings);
  const grouped = groupByCause(findings).sort(compareFindings);
  const conversations = summarizeConversations(ctx);
  return {
    version,
    inputs: sources.inputs,
    stats: statsOf(sources, conversations, grouped),
    conversations,
    findings: grouped,
  };
}

const SEVERITY_RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK.get(severity) ?? SEVERITIES.length;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.kind, b.kind) ||
    compareText(a.threadId ?? '', b.threadId ?? '') ||
    compareText(a.summary, b.summary)
  );
}

function summarizeConversations(ctx: AnalysisContext): ConversationSummary[] {
  const index = ctx.sources.home?.sessionIndex ?? null;
  // session_index.jsonl names threads too: one it alone knows is still a conversation `list` and `timeline` show.
  const ids = new Set<string>([...ctx.logTimelines.keys(), ...ctx.rowsById.keys(), ...ctx.rolloutsById.keys(), ...(index?.ids.keys() ?? [])]);
  const summaries: ConversationSummary[] = [];
  for (const id of ids) {
    if (!ctx.isSelected(id)) continue;
    const row = ctx.rowsById.get(id);
    const rollouts = ctx.rolloutsById.get(id) ?? [];
    const last = rollouts.length > 0 ? lastPersistedMs(ctx, id) : null;
    const timeline = ctx.logTimelines.get(id);
    // The persisted state's own events are built only for the conversations a timeline or report shows (thread-story).
    const events = displayedLogEvents(timeline?.events ?? [], rollouts.length > 0 ? last : undefined);
    const times = [timeline?.firstTs ?? null, timeline?.lastTs ?? null, index?.updatedAtMs.get(id) ?? null, ...persistedTimes(row, rollouts)].filter(
      (t): t is number => t !== null,
    );
    const rollout = primaryRollout(rollouts);
    summaries.push({
      id,
      firstSeen: times.length > 0 ? Math.min(...times) : null,
      lastSeen: times.length > 0 ? Math.max(...times) : null,
      createdFromId: uuidV7TimeMs(id),
      forkedFromId: timeline?.forkedFromId ?? forkParentOf(rollouts),
      events,
      logEventCounts: timeline === undefined ? {} : timeline.counts,
      logEventsNotKept: timeline === undefined ? 0 : timeline.total - timeline.events.length,
      persisted:
        row === undefined && rollout === null
          ? NOT_PERSISTED
          : {
              threadRow: row !== undefined,
              rolloutPath: row?.rolloutPath ?? null,
              rolloutFile: rollout?.path ?? null,
              archived: row !== undefined ? row.archived : rollout !== null ? rollout.root === 'archived_sessions' : null,
            },
    });
  }
  return summaries.sort((a, b) => (a.firstSeen ?? Infinity) - (b.firstSeen ?? Infinity) || compareText(a.id, b.id));
}

/**
 * A timeline's kept events in display order, each routed turn with its status when the conversation has rollouts (`last`
 * defined). The timeline's own array when it is in that order already and gains nothing: a copy for each of a great
 * many conversations is memory for nothing.
 */
function displayedLogEvents(events: TimelineEvent[], last: number | null | undefined): TimelineEvent[] {
  if (last === undefined && isSorted(events)) return events;
  const copy = events.map((e) => (last !== undefined && isRoutedTurn(e) ? { ...e, turnStatus: turnStatus(e, last) } : e));
  return copy.sort(compareEvents);
}

function isSorted(events: readonly TimelineEvent[]): boolean {
  for (let i = 1; i < events.length; i += 1) if (compareEvents(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}

/** Shared by every conversation seen only in logs, which can be most of them: one object for all. */
const NOT_PERSISTED: Persistence = Object.freeze({ threadRow: false, rolloutPath: null, rolloutFile: null, archived: null });

function forkParentOf(rollouts: readonly RolloutFile[]): string | null {
  for (const file of rollouts) if (file.head.status === 'ok' && file.head.forkedFromId !== null) return file.head.forkedFromId;
  return null;
}

function statsOf(sources: Sources, conversations: readonly ConversationSummary[], findings: readonly Finding[]): Stats {
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) findingsBySeverity[f.severity] += 1;
  const db = sources.stateDb;
  return {
    logFiles: sources.logStats.filesRead,
    logLines: sources.logStats.lines,
    logEntries: sources.logStats.entries,
    logEvents: [...sources.logTimelines.values()].reduce((n, t) => n + t.total, 0),
    tuiLogFiles: sources.tuiStats.files.length,
    tuiLogLines: sources.tuiStats.lines,
    logDbThreads: sources.logDb.threads.length,
    conversations: conversations.length,
    threadRows: db.status === 'ok' ? db.threads.length : 0,
    rowsOnlyInWal: db.status === 'ok' ? (db.rowsOnlyInWal?.length ?? 0) : 0,
    rolloutFiles: sources.rolloutStats?.files ?? 0,
    archivedRolloutFiles: sources.rolloutStats?.inArchived ?? 0,
    // Copies: readTexts adds to a count of the report's, and the sources stay as read.
    problems: sources.problems.map((p) => ({ ...p, examples: [...p.examples] })),
    findingsBySeverity,
  };
}
