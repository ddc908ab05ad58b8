import { rowEvidence } from '../context.js';
import { rowCreatedMs } from '../timeline.js';
import type { SidebarCatalogRead } from '../../sources/sidebar-catalog/read.js';
import type { ThreadRow } from '../../sources/state-db/types.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';
import { groupWhenMany } from './group.js';
import { clip } from '../../util/text.js';

/** Sources Desktop's sidebar lists (thread/list's interactive kinds); subagents, exec and MCP runs never appear there. */
const SIDEBAR_SOURCES = new Set(['vscode', 'cli']);

/**
 * C1, the dominant "my chats are gone" report since July 2026 (#30385, #34076, #35088, #23979): a conversation whose
 * row and rollout are fine, which Desktop's sidebar catalog (`sqlite/codex-dev.db` `local_thread_catalog`) does not
 * list, so the sidebar and its search do not show it. Threads created after the catalog's last write are left out:
 * Desktop may simply not have synced them yet.
 */
export const sidebarCatalogMissing: Detector = {
  kind: 'sidebar-catalog-missing',
  detect(ctx) {
    const catalog = ctx.sources.sidebarCatalog;
    if (catalog === undefined || catalog === null || catalog.status !== 'ok' || ctx.stateDb.status !== 'ok') return [];
    const dbPath = ctx.stateDb.path;
    const found: Finding[] = [];
    for (const row of ctx.rowsById.values()) {
      if (!expectedInSidebar(row, catalog) || catalog.listed.has(row.id) || !ctx.isSelected(row.id)) continue;
      const check = ctx.rowPathById.get(row.id);
      if (check === undefined || (check.kind !== 'file' && check.compressedKind !== 'file')) continue;
      const marked = catalog.markedMissing.has(row.id);
      found.push(
        finding({
          kind: this.kind,
          severity: 'medium',
          threadId: row.id,
          summary: `${titleOf(row)}: threads row and rollout are fine, but the Desktop sidebar catalog ${marked ? 'marks it missing_candidate' : 'has no entry for it'}, so the sidebar and its search do not show it`,
          cause: causeOf(catalog),
          evidence: [rowEvidence(row, dbPath), catalogEvidence(catalog, row.id, marked)],
        }),
      );
    }
    return groupWhenMany(found, (n) => `${n} conversations with a threads row and a rollout are missing from the Desktop sidebar catalog`, 50);
  },
};

function expectedInSidebar(row: ThreadRow, catalog: SidebarCatalogRead): boolean {
  if (row.archived || !SIDEBAR_SOURCES.has(row.source)) return false;
  // An empty preview hides a thread from thread/list itself: hidden-thread explains that one.
  if ((row.preview ?? row.firstUserMessage ?? '') === '') return false;
  const created = rowCreatedMs(row);
  return created === null || created <= catalog.writtenAtMs;
}

function titleOf(row: ThreadRow): string {
  const title = row.name ?? row.title ?? row.preview;
  return title === null || title === '' ? 'Conversation' : `"${clip(title, 60)}"`;
}

function causeOf(catalog: SidebarCatalogRead): string {
  const sync = catalog.syncState;
  const what =
    sync === null
      ? 'The catalog has no sync state for the local host: Desktop never began to build it'
      : sync.initialBuildComplete === false || sync.watermarkUpdatedAt === null
        ? `Desktop's catalog never finished its first build (initial_build_complete = ${sync.initialBuildComplete === null ? 'NULL' : sync.initialBuildComplete ? 1 : 0}, watermark_updated_at = ${sync.watermarkUpdatedAt ?? 'NULL'})`
        : `The catalog is stale: its incremental sync (watermark ${sync.watermarkUpdatedAt}, last full reconcile ${sync.lastFullReconciledAt ?? 'never'}) missed these threads`;
  return `${what}. The sidebar reads the catalog, not state_5.sqlite, so conversations it lacks look lost although nothing on disk is (openai/codex#30385, openai/codex#34076). Resuming by id still works.`;
}

function catalogEvidence(catalog: SidebarCatalogRead, id: string, marked: boolean): Evidence {
  const sync = catalog.syncState;
  const state =
    sync === null
      ? 'no local sync state'
      : `initial_build_complete=${sync.initialBuildComplete === null ? 'NULL' : sync.initialBuildComplete ? 1 : 0} watermark_updated_at=${sync.watermarkUpdatedAt ?? 'NULL'}`;
  return {
    source: 'codex-home',
    file: catalog.path,
    line: 0,
    ts: catalog.writtenAtMs,
    text: `local_thread_catalog ${marked ? `marks ${id} missing_candidate=1` : `has no entry for ${id}`} (${catalog.entries} local entries; ${state})`,
  };
}
