import type { PersistenceState } from '../model/choices.js';
import { primaryRollout } from './context.js';
import type { Report } from '../model/report.js';
import type { Sources } from '../sources/types.js';
import type { RolloutFile } from '../sources/rollouts/types.js';
import type { ThreadRow } from '../sources/state-db/types.js';
import { spawnParentOfSource } from '../sources/spawn-source.js';

type Origin = 'Desktop' | 'cli' | 'vscode' | 'exec' | 'subagent' | 'side chat' | 'unknown';

export interface InventoryEntry {
  id: string;
  state: PersistenceState;
  origin: Origin;
  parent: string | null;
  created: number | null;
  lastSeen: number | null;
  findings: number;
  /**
   * What the sidebar calls it: the name the user gave (threads.name, else session_index.jsonl's thread_name), else
   * threads.title (the opening of the first prompt). Conversation text: renderers redact it.
   */
  title: string | null;
}

/** Every conversation any source knows, with where it stands on disk: `codex doctor`'s inventory plus the Desktop log. */
export function buildInventory(report: Report, sources: Sources): InventoryEntry[] {
  const rows = new Map<string, ThreadRow>(sources.stateDb.status === 'ok' ? sources.stateDb.threads.map((r) => [r.id, r]) : []);
  const files = new Map<string, RolloutFile[]>();
  for (const f of sources.rollouts) {
    const id = f.head.status === 'ok' ? f.head.id : f.name?.id;
    if (id !== undefined) files.set(id, [...(files.get(id) ?? []), f]);
  }
  const clients = new Map<string, string>();
  for (const t of sources.logDb.threads) if (t.clientName !== null && !clients.has(t.threadId)) clients.set(t.threadId, t.clientName);
  const edges = new Map<string, string>(
    sources.stateDb.status === 'ok' ? (sources.stateDb.spawnEdges ?? []).map((e) => [e.childThreadId, e.parentThreadId]) : [],
  );
  const findingCounts = new Map<string, number>();
  for (const f of report.findings) {
    // A grouped finding (400 dangling rows) counts once for each conversation it covers.
    for (const id of new Set([...(f.threadId === null ? [] : [f.threadId]), ...(f.threadIds ?? [])])) findingCounts.set(id, (findingCounts.get(id) ?? 0) + 1);
  }
  return report.conversations.map((c) => {
    const row = rows.get(c.id);
    const file = primaryRollout(files.get(c.id));
    const head = file?.head.status === 'ok' ? file.head : null;
    const spawnParent = head?.parentThreadId ?? spawnParentOfSource(row?.source ?? head?.source ?? null) ?? edges.get(c.id) ?? null;
    const inLog = Object.keys(c.logEventCounts).some((key) => key.startsWith('desktop-log/'));
    const inAnyLog = Object.keys(c.logEventCounts).length > 0;
    const state = row === undefined && file === null && !inAnyLog && sources.home?.sessionIndex?.ids.has(c.id) ? 'index-only' : stateOf(row, file);
    // The app-server's log names the client of a thread no row or rollout describes.
    const client = CLIENT_ORIGINS.get(clients.get(c.id) ?? '');
    const source = row?.source ?? head?.source ?? client?.source ?? null;
    const originator = head?.originator ?? client?.originator ?? null;
    return {
      id: c.id,
      state,
      origin: originOf(source, originator, inLog, state === 'log-only' && c.forkedFromId !== null, spawnParent !== null),
      parent: c.forkedFromId ?? spawnParent,
      created: c.createdFromId ?? c.firstSeen,
      lastSeen: c.lastSeen,
      findings: findingCounts.get(c.id) ?? 0,
      title: nonEmpty(row?.name) ?? sources.home?.sessionIndex?.names.get(c.id) ?? nonEmpty(row?.title) ?? null,
    };
  });
}

function nonEmpty(text: string | null | undefined): string | null {
  return text === null || text === undefined || text.trim() === '' ? null : text.trim();
}

/** `app_server.client_name` values, as the `source`/`originator` their clients write in rollouts. */
const CLIENT_ORIGINS: ReadonlyMap<string, { source: string | null; originator: string | null }> = new Map([
  ['Codex Desktop', { source: null, originator: 'Codex Desktop' }],
  ['codex-tui', { source: 'cli', originator: null }],
  ['codex_cli_rs', { source: 'cli', originator: null }],
  ['codex_vscode', { source: 'vscode', originator: null }],
  ['codex_exec', { source: 'exec', originator: null }],
]);

function stateOf(row: ThreadRow | undefined, file: RolloutFile | null): PersistenceState {
  if (row === undefined) return file === null ? 'log-only' : 'rollout-only';
  if (file === null) return 'row-only';
  if (row.archived || file.root === 'archived_sessions') return 'archived';
  return file.name?.compressed ? 'compressed' : 'persisted';
}

function originOf(source: string | null, originator: string | null, inDesktopLog: boolean, sideChat: boolean, spawned: boolean): Origin {
  if (sideChat) return 'side chat';
  if (spawned || source?.startsWith('{"subagent"')) return 'subagent';
  if (originator === 'Codex Desktop' || (inDesktopLog && source !== 'cli' && source !== 'exec')) return 'Desktop';
  if (source === 'cli' || source === 'vscode' || source === 'exec') return source;
  return 'unknown';
}

export interface TreeNode {
  entry: InventoryEntry;
  children: TreeNode[];
}

/** The family of `id`: up to its oldest known ancestor, then every descendant. Cycles in bad data are cut. */
export function familyTree(entries: readonly InventoryEntry[], id: string): TreeNode | null {
  const byId = new Map(entries.map((e) => [e.id, e]));
  if (!byId.has(id)) return null;
  let root = id;
  const seen = new Set([root]);
  for (let parent = byId.get(root)?.parent; parent && byId.has(parent) && !seen.has(parent); parent = byId.get(root)?.parent) {
    root = parent;
    seen.add(root);
  }
  const children = new Map<string, InventoryEntry[]>();
  for (const e of entries) if (e.parent !== null) children.set(e.parent, [...(children.get(e.parent) ?? []), e]);
  const visited = new Set<string>();
  const build = (entry: InventoryEntry): TreeNode => {
    visited.add(entry.id);
    const kids = (children.get(entry.id) ?? []).filter((k) => !visited.has(k.id)).sort((a, b) => (a.created ?? 0) - (b.created ?? 0));
    return { entry, children: kids.map(build) };
  };
  return build(byId.get(root)!);
}
