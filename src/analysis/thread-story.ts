import { rolloutIds } from './context.js';
import { ungrouped } from './group-by-cause.js';
import { compareEvents, persistedEvents } from './timeline.js';
import type { ConversationSummary, Persistence, Report } from '../model/report.js';
import type { Finding } from '../model/finding.js';
import type { Sources } from '../sources/types.js';
import type { TimelineEvent } from '../model/timeline-event.js';

type Relation = 'parent' | 'child';
type Link = 'fork' | 'side chat' | 'subagent';

interface LineageNode {
  id: string;
  relation: Relation;
  via: Link;
  /** Null when no source holds anything about the relative but the link itself. */
  persisted: Persistence | null;
  verdict: string;
}

/** Everything known about one conversation, for `timeline` and `report`. */
export interface ThreadStory {
  id: string;
  createdFromId: number | null;
  firstSeen: number | null;
  lastSeen: number | null;
  persisted: Persistence;
  verdict: string;
  lineage: LineageNode[];
  events: TimelineEvent[];
  findings: Finding[];
}

/** One line that says where the conversation stands on disk. */
function verdictOf(p: Persistence | null): string {
  if (p === null || (!p.threadRow && p.rolloutFile === null)) return 'never persisted: no threads row, no rollout file';
  if (!p.threadRow) return 'rollout file on disk, but no threads row';
  if (p.rolloutFile === null) return p.rolloutPath === '' ? 'threads row with an empty rollout_path, no rollout file' : 'threads row, but no rollout file';
  return p.archived ? 'persisted and archived: threads row and rollout file' : 'persisted: threads row and rollout file';
}

/**
 * The story of `id`: its events from every source in time order (`extraEvents` are the rollout's own events, read
 * by the caller), its findings, and its family with each relative's persistence. Null when no source knows the id.
 */
export function buildThreadStory(report: Report, sources: Sources, id: string, extraEvents: readonly TimelineEvent[]): ThreadStory | null {
  const byId = new Map(report.conversations.map((c) => [c.id, c]));
  const conversation = byId.get(id);
  if (conversation === undefined) return null;
  const row = sources.stateDb.status === 'ok' ? sources.stateDb.threads.find((r) => r.id === id) : undefined;
  const dbPath = sources.stateDb.status === 'ok' ? sources.stateDb.path : null;
  const rollouts = sources.rollouts.filter((f) => rolloutIds(f).includes(id));
  const events = [...conversation.events, ...persistedEvents(id, row, dbPath, rollouts), ...extraEvents].sort(compareEvents);
  const times = events.map((e) => e.ts).filter((t): t is number => t !== null);
  return {
    id,
    createdFromId: conversation.createdFromId,
    firstSeen: times.length > 0 ? Math.min(...times) : null,
    lastSeen: times.length > 0 ? Math.max(...times) : null,
    persisted: conversation.persisted,
    verdict: verdictOf(conversation.persisted),
    lineage: lineageOf(id, conversation, report.conversations, sources).map((node) => ({
      ...node,
      persisted: byId.get(node.id)?.persisted ?? null,
      verdict: verdictOf(byId.get(node.id)?.persisted ?? null),
    })),
    events,
    findings: ungrouped(report.findings).filter((f) => f.threadId === id),
  };
}

type Edge = Pick<LineageNode, 'id' | 'relation' | 'via'>;

function lineageOf(id: string, self: ConversationSummary, all: readonly ConversationSummary[], sources: Sources): Edge[] {
  const edges: Edge[] = [];
  const add = (edge: Edge) => {
    if (edge.id !== id && !edges.some((e) => e.id === edge.id && e.relation === edge.relation)) edges.push(edge);
  };
  const isSideChat = (c: ConversationSummary) => !c.persisted.threadRow && c.persisted.rolloutFile === null;
  if (self.forkedFromId !== null) add({ id: self.forkedFromId, relation: 'parent', via: isSideChat(self) ? 'side chat' : 'fork' });
  for (const file of sources.rollouts) {
    if (file.head.status !== 'ok') continue;
    if (file.head.id === id && file.head.parentThreadId !== null) add({ id: file.head.parentThreadId, relation: 'parent', via: 'subagent' });
    if (file.head.parentThreadId === id) add({ id: file.head.id, relation: 'child', via: 'subagent' });
  }
  const edgesInDb = sources.stateDb.status === 'ok' ? (sources.stateDb.spawnEdges ?? []) : [];
  for (const edge of edgesInDb) {
    if (edge.childThreadId === id) add({ id: edge.parentThreadId, relation: 'parent', via: 'subagent' });
    if (edge.parentThreadId === id) add({ id: edge.childThreadId, relation: 'child', via: 'subagent' });
  }
  for (const other of all) {
    if (other.forkedFromId === id) add({ id: other.id, relation: 'child', via: isSideChat(other) ? 'side chat' : 'fork' });
  }
  return edges;
}
