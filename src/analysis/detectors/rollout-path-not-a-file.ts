import { rowEvidence } from '../context.js';
import { finding, type Detector } from './detector.js';

/** F6: `rollout_path` names a directory (often CODEX_HOME itself) or a special file. */
export const rolloutPathNotAFile: Detector = {
  kind: 'rollout-path-not-a-file',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok') return [];
    const dbPath = ctx.stateDb.path;
    const home = ctx.inputs.codexHome;
    return [...ctx.rowPathById.values()]
      .filter((check) => (check.kind === 'directory' || check.kind === 'other') && ctx.isSelected(check.threadId))
      .map((check) => {
        const isHome = check.resolved !== null && check.resolved === home;
        const what = isHome ? 'the Codex home directory itself' : check.kind === 'directory' ? 'a directory' : 'a special file, not a regular file';
        return finding({
          kind: this.kind,
          severity: 'high',
          threadId: check.threadId,
          summary: `threads row's rollout_path ${check.recorded} is ${what}`,
          cause:
            'Codex before the openai/codex#25661 fix accepts any existing path, then fails reading it: `failed to read thread: … Is a directory (os error 21)` (`Access is denied. (os error 5)` on Windows). Desktop 26.429–26.5xx sent CODEX_HOME as the path of conversations it had no rollout for (openai/codex#20944).',
          evidence: [rowEvidence(ctx.rowsById.get(check.threadId)!, dbPath)],
        });
      });
  },
};
