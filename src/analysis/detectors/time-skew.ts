import { rolloutEvidence, rowEvidence } from '../context.js';
import { isRevertFile } from '../reverts.js';
import { rowCreatedMs, rowUpdatedMs } from '../timeline.js';
import { uuidV7TimeMs } from '../../sources/thread-id.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';
import { groupWhenMany } from './group.js';

/** The v7 id is made a moment before session_meta is stamped; a minute covers a slow start. */
const SAME_MOMENT_MS = 60_000;
/** File names use the writer's local time: any zone offset (a multiple of 15 minutes, at most 14 hours) is fine. */
const MAX_ZONE_MS = 14 * 3_600_000;
const ZONE_STEP_MS = 15 * 60_000;

/** F16: creation times that cannot all be true (id vs row vs session_meta vs file name), or updated before created. */
export const timeSkew: Detector = {
  kind: 'time-skew',
  detect(ctx) {
    const found: Finding[] = [];
    const ids = new Set([...ctx.rowsById.keys(), ...ctx.rolloutsById.keys()]);
    for (const id of ids) {
      if (!ctx.isSelected(id)) continue;
      const row = ctx.rowsById.get(id);
      // A revert's file is stamped when the revert ran (#38127); the thread's creation is in its first rollout.
      const file = (ctx.rolloutsById.get(id) ?? []).find((f) => f.head.status === 'ok' && f.head.id === id && !isRevertFile(f));
      const idMs = uuidV7TimeMs(id);
      const metaMs = file?.head.status === 'ok' ? file.head.timestamp : null;
      const createdMs = row ? rowCreatedMs(row) : null;
      const problems: string[] = [];
      if (idMs !== null && metaMs !== null && Math.abs(idMs - metaMs) > SAME_MOMENT_MS) problems.push(`id time ${iso(idMs)} vs session_meta ${iso(metaMs)}`);
      if (idMs !== null && createdMs !== null && Math.abs(idMs - createdMs) > SAME_MOMENT_MS)
        problems.push(`id time ${iso(idMs)} vs created_at ${iso(createdMs)}`);
      if (file?.name && metaMs !== null && !isZoneShift(file.name.localStampMs - metaMs))
        problems.push(`file name time ${file.name.stamp} is no time-zone shift of session_meta ${iso(metaMs)}`);
      if (row) {
        const updated = rowUpdatedMs(row);
        if (createdMs !== null && updated !== null && updated + 1000 < createdMs)
          problems.push(`updated_at ${iso(updated)} is before created_at ${iso(createdMs)}`);
        if (row.createdAtMs !== null && row.createdAt !== null && Math.abs(Math.floor(row.createdAtMs / 1000) - row.createdAt) > 1)
          problems.push('created_at_ms and created_at disagree');
        if (row.updatedAtMs !== null && row.updatedAt !== null && Math.abs(Math.floor(row.updatedAtMs / 1000) - row.updatedAt) > 1)
          problems.push('updated_at_ms and updated_at disagree');
      }
      if (problems.length === 0) continue;
      const evidence: Evidence[] = [];
      if (row && ctx.stateDb.status === 'ok') evidence.push(rowEvidence(row, ctx.stateDb.path));
      if (file) evidence.push(rolloutEvidence(file));
      found.push(
        finding({
          kind: this.kind,
          severity: 'low',
          threadId: id,
          summary: problems.join('; '),
          cause:
            'A clock change, an import tool that wrote its own times, or a copied or renamed file. Sorting by time and `--since` filters place the conversation wrongly.',
          evidence,
        }),
      );
    }
    return groupWhenMany(found, (n) => `${n} conversations have creation or update times that disagree`, 20);
  },
};

function isZoneShift(deltaMs: number): boolean {
  if (Math.abs(deltaMs) > MAX_ZONE_MS + SAME_MOMENT_MS) return false;
  const offStep = Math.abs(deltaMs - Math.round(deltaMs / ZONE_STEP_MS) * ZONE_STEP_MS);
  return offStep <= SAME_MOMENT_MS;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
