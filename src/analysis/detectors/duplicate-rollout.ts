import { rolloutEvidence } from '../context.js';
import { isRevertFile, rolloutIdOf } from '../reverts.js';
import type { RolloutFile } from '../../sources/rollouts/types.js';
import type { Finding, FindingKind } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';

/**
 * F10: more than one rollout file for one (thread id, rollout id) pair: both roots, `.jsonl` beside `.jsonl.zst`, or
 * `(1)` copies (#39853). A reverted thread's files each have their own rollout id (#38127) and are not duplicates.
 */
export const duplicateRollout: Detector = {
  kind: 'duplicate-rollout',
  detect(ctx) {
    const found: Finding[] = [];
    for (const [id, files] of ctx.rolloutsById) {
      // rolloutsById also files a rollout under the id in its name; only files whose session_meta says this id count.
      const threadFiles = files.filter((f) => (f.head.status === 'ok' ? f.head.id === id : f.name?.id === id));
      if (threadFiles.length < 2 || !ctx.isSelected(id)) continue;
      for (const own of byRolloutId(threadFiles)) if (own.length > 1) found.push(duplicateFinding(this.kind, id, own));
    }
    return found;
  },
};

function duplicateFinding(kind: FindingKind, id: string, own: readonly RolloutFile[]): Finding {
  const kinds = new Set<string>();
  if (new Set(own.map((f) => f.root)).size > 1) kinds.add('in both sessions/ and archived_sessions/');
  if (own.some((f) => f.name?.compressed) && own.some((f) => !f.name?.compressed)) kinds.add('plain and .zst (Codex reads the plain one)');
  if (own.some((f) => f.name?.copyIndex !== null && f.name?.copyIndex !== undefined)) kinds.add('with "(N)" copies');
  const revert = isRevertFile(own[0]!) ? ` (revert rollout ${rolloutIdOf(own[0]!)})` : '';
  return finding({
    kind,
    severity: 'low',
    threadId: id,
    count: own.length,
    summary: `${own.length} rollout files for one conversation${revert}${kinds.size > 0 ? `: ${[...kinds].join(', ')}` : ''}`,
    cause:
      'An interrupted archive, unarchive or compression, or a copy made by hand or by a sync tool. Codex opens one of them; the others are stale and may hide newer turns.',
    evidence: own.map(rolloutEvidence),
  });
}

/** The files of one thread grouped by rollout id, in the order first seen. */
function byRolloutId(files: readonly RolloutFile[]): RolloutFile[][] {
  const groups = new Map<string | null, RolloutFile[]>();
  for (const file of files) {
    const key = rolloutIdOf(file);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [file]);
    else group.push(file);
  }
  return [...groups.values()];
}
