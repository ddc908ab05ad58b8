import { rowPathDetector } from './row-detector.js';

/** F7: a row whose rollout_path leads outside the analysed (or recorded) home. Never read: only reported. */
export const rolloutPathOutsideHome = rowPathDetector({
  kind: 'rollout-path-outside-home',
  judge: () => (check) =>
    check.kind !== 'outside-home'
      ? null
      : {
          severity: 'medium',
          summary: `rollout_path ${check.recorded} is outside the Codex home's sessions/ and archived_sessions/ (not read)`,
          cause:
            'A moved home, a symlinked sessions/ folder (openai/codex#39504), a relative path, or a row written by another tool. Codex looks for rollouts only under CODEX_HOME, so resume falls back to a file search.',
        },
  grouped: (n) => `${n} threads rows have a rollout_path outside the Codex home (not read)`,
});
