import { plural } from '../../util/plural.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';

/**
 * F18: rows of other tables (and `session_index.jsonl` lines) that name a thread with no `threads` row. One finding per
 * table: they share one cause.
 */
export const orphanChildRow: Detector = {
  kind: 'orphan-child-row',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok') return [];
    const db = ctx.stateDb;
    const known = (id: string) => ctx.rowsById.has(id);
    const groups: { where: string; file: string; ids: string[]; line: (id: string) => number }[] = [];
    if (db.spawnEdges !== null) {
      const ids = db.spawnEdges.flatMap((e) => [e.parentThreadId, e.childThreadId]).filter((id) => !known(id));
      groups.push({ where: 'thread_spawn_edges', file: db.path, ids, line: () => 0 });
    }
    if (db.dynamicToolThreadIds !== null)
      groups.push({ where: 'thread_dynamic_tools', file: db.path, ids: db.dynamicToolThreadIds.filter((id) => !known(id)), line: () => 0 });
    const index = ctx.sources.home?.sessionIndex;
    if (index) {
      // A name for a conversation that has a rollout but lost its row is F3's business, not an orphan.
      const ids = [...index.ids.keys()].filter((id) => !known(id) && !ctx.rolloutsById.has(id));
      groups.push({ where: 'session_index.jsonl', file: index.path, ids, line: (id) => index.ids.get(id) ?? 0 });
    }
    const queue = ctx.sources.queueDb;
    if (queue !== undefined && queue.path !== null) {
      // As for session_index: a conversation with a rollout but no row is missing-thread-row's business.
      const ids = queue.items.map((i) => i.threadId).filter((id) => !known(id) && !ctx.rolloutsById.has(id));
      groups.push({ where: `${queue.path.split(/[\\/]/).pop()} queued_items`, file: queue.path, ids, line: () => 0 });
    }
    const found: Finding[] = [];
    for (const group of groups) {
      const ids = [...new Set(group.ids)].filter((id) => ctx.isSelected(id));
      if (ids.length === 0) continue;
      const evidence: Evidence[] = ids
        .slice(0, MAX_EVIDENCE)
        .map((id) => ({ source: 'state-db', file: group.file, line: group.line(id), ts: null, text: `${group.where} names ${id}` }));
      found.push(
        finding({
          kind: this.kind,
          severity: 'low',
          threadId: ids.length === 1 ? ids[0]! : null,
          count: ids.length,
          threadIds: ids,
          summary: `${group.where} names ${plural(ids.length, 'conversation')} with no threads row`,
          cause:
            'The thread was deleted, or its row was lost (thread/list dropped rows whose rollout was missing before July 2026; it keeps them since openai/codex#35644), while these references stayed behind.',
          evidence,
        }),
      );
    }
    return found;
  },
};
