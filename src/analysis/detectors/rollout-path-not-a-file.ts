import { rowPathDetector } from './row-detector.js';

/** F6: `rollout_path` names a directory (often CODEX_HOME itself) or a special file. */
export const rolloutPathNotAFile = rowPathDetector({
  kind: 'rollout-path-not-a-file',
  judge: (ctx) => (check) => {
    if (check.kind !== 'directory' && check.kind !== 'other') return null;
    const isHome = check.resolved !== null && check.resolved === ctx.inputs.codexHome;
    const what = isHome ? 'the Codex home directory itself' : check.kind === 'directory' ? 'a directory' : 'a special file, not a regular file';
    return {
      severity: 'high',
      summary: `threads row's rollout_path ${check.recorded} is ${what}`,
      cause:
        'Codex before the openai/codex#25661 fix accepts any existing path, then fails reading it: `failed to read thread: … Is a directory (os error 21)` (`Access is denied. (os error 5)` on Windows). Desktop 26.429–26.5xx sent CODEX_HOME as the path of conversations it had no rollout for (openai/codex#20944).',
    };
  },
});
