import { rowEvidence } from '../context.js';
import type { Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';

/** F11: two or more rows share one rollout_path. */
export const duplicateRolloutPath: Detector = {
  kind: 'duplicate-rollout-path',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok') return [];
    const dbPath = ctx.stateDb.path;
    const byPath = new Map<string, string[]>();
    for (const row of ctx.rowsById.values()) {
      if (row.rolloutPath === '') continue;
      const list = byPath.get(row.rolloutPath) ?? [];
      list.push(row.id);
      byPath.set(row.rolloutPath, list);
    }
    const found: Finding[] = [];
    for (const [path, ids] of byPath) {
      if (ids.length < 2 || !ids.some((id) => ctx.isSelected(id))) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'medium',
          threadId: ids[0]!,
          count: ids.length,
          threadIds: ids,
          summary: `${ids.length} threads rows share rollout_path ${path}: ${ids.join(', ')}`,
          cause: 'A bad repair or import pointed several rows at one file. Resuming any of them opens the same conversation; at most one row is right.',
          evidence: ids.map((id) => rowEvidence(ctx.rowsById.get(id)!, dbPath)),
        }),
      );
    }
    return found;
  },
};
