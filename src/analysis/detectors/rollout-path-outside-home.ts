import { rowEvidence } from '../context.js';
import { finding, type Detector } from './detector.js';
import { groupWhenMany } from './group.js';

/** F7: a row whose rollout_path leads outside the analysed (or recorded) home. Never read: only reported. */
export const rolloutPathOutsideHome: Detector = {
  kind: 'rollout-path-outside-home',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok') return [];
    const dbPath = ctx.stateDb.path;
    const found = [...ctx.rowPathById.values()]
      .filter((c) => c.kind === 'outside-home' && ctx.isSelected(c.threadId))
      .map((c) =>
        finding({
          kind: this.kind,
          severity: 'medium',
          threadId: c.threadId,
          summary: `rollout_path ${c.recorded} is outside the Codex home's sessions/ and archived_sessions/ (not read)`,
          cause: 'A moved home, a symlinked sessions/ folder (openai/codex#39504), a relative path, or a row written by another tool. Codex looks for rollouts only under CODEX_HOME, so resume falls back to a file search.',
          evidence: [rowEvidence(ctx.rowsById.get(c.threadId)!, dbPath)],
        }),
      );
    return groupWhenMany(found, (n) => `${n} threads rows have a rollout_path outside the Codex home (not read)`);
  },
};
