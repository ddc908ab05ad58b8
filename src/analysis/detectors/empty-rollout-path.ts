import { rowEvidence } from '../context.js';
import { finding, type Detector } from './detector.js';

/** F5: `rollout_path = ''`. The app-server joins it onto CODEX_HOME and reads the home directory as a rollout. */
export const emptyRolloutPath: Detector = {
  kind: 'empty-rollout-path',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok') return [];
    const dbPath = ctx.stateDb.path;
    return [...ctx.rowPathById.values()]
      .filter((check) => check.kind === 'empty' && ctx.isSelected(check.threadId))
      .map((check) =>
        finding({
          kind: this.kind,
          severity: 'high',
          threadId: check.threadId,
          summary: 'threads row has an empty rollout_path',
          cause:
            'An empty path resolves to CODEX_HOME itself, so resume and fork read a directory and fail with `Is a directory (os error 21)` (openai/codex#20944). The row was written before its rollout existed, or by an import tool.',
          evidence: [rowEvidence(ctx.rowsById.get(check.threadId)!, dbPath)],
        }),
      );
  },
};
