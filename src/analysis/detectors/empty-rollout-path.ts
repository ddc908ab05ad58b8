import { rowPathDetector } from './row-detector.js';

/** F5: `rollout_path = ''`. The app-server joins it onto CODEX_HOME and reads the home directory as a rollout. */
export const emptyRolloutPath = rowPathDetector({
  kind: 'empty-rollout-path',
  judge: () => (check) =>
    check.kind !== 'empty'
      ? null
      : {
          severity: 'high',
          summary: 'threads row has an empty rollout_path',
          cause:
            'An empty path resolves to CODEX_HOME itself, so resume and fork read a directory and fail with `Is a directory (os error 21)` (openai/codex#20944). The row was written before its rollout existed, or by an import tool.',
        },
});
