import { isKnownOnDisk, rolloutEvidence, rowEvidence } from '../context.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { spawnParentOfSource } from '../../sources/spawn-source.js';
import { finding, type Detector } from './detector.js';

/** F13: a subagent whose parent (`thread_spawn.parent_thread_id`, or a spawn edge's parent) is gone. */
export const missingSpawnParent: Detector = {
  kind: 'missing-spawn-parent',
  detect(ctx) {
    const parents = new Map<string, { parent: string; evidence: Evidence }>();
    for (const file of ctx.sources.rollouts) {
      if (file.head.status === 'ok' && file.head.parentThreadId !== null)
        parents.set(file.head.id, { parent: file.head.parentThreadId, evidence: rolloutEvidence(file) });
    }
    if (ctx.stateDb.status === 'ok') {
      for (const row of ctx.rowsById.values()) {
        const parent = spawnParentOfSource(row.source);
        if (parent !== null && !parents.has(row.id)) parents.set(row.id, { parent, evidence: rowEvidence(row, ctx.stateDb.path) });
      }
    }
    const found: Finding[] = [];
    for (const [child, { parent, evidence }] of parents) {
      if (!ctx.isSelected(child) || isKnownOnDisk(ctx, parent)) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'low',
          threadId: child,
          summary: `Subagent of ${parent}, which has no threads row and no rollout`,
          cause:
            'The parent conversation was deleted or never persisted. The subagent shows up without its family in the sidebar and cannot be reached from its parent.',
          evidence: [evidence],
        }),
      );
    }
    return found;
  },
};

/** F13: a `thread_spawn_edges` row still `open` for a child that has ended (archived). */
export const staleSpawnEdge: Detector = {
  kind: 'stale-spawn-edge',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok' || ctx.stateDb.spawnEdges === null) return [];
    const dbPath = ctx.stateDb.path;
    const found: Finding[] = [];
    for (const edge of ctx.stateDb.spawnEdges) {
      const child = ctx.rowsById.get(edge.childThreadId);
      if (child === undefined || !child.archived || edge.status !== 'open' || !ctx.isSelected(edge.childThreadId)) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'info',
          threadId: edge.childThreadId,
          summary: `Spawn edge ${edge.parentThreadId} → ${edge.childThreadId} is still open, but the child is archived`,
          cause: 'The subagent ended (or was archived) without its edge being closed, so the parent still counts it as running.',
          evidence: [
            {
              source: 'state-db',
              file: dbPath,
              line: 0,
              ts: null,
              text: `thread_spawn_edges parent=${edge.parentThreadId} child=${edge.childThreadId} status=${edge.status}`,
            },
            rowEvidence(child, dbPath),
          ],
        }),
      );
    }
    return found;
  },
};
