import { relative, isAbsolute, sep } from 'node:path';
import type { Inputs } from '../model/report.js';

/**
 * Paths in shareable output are written relative to the inputs they came from (`$CODEX_HOME/sessions/…`,
 * `$LOGS_DIR/2026/05/03/…`): shorter, the same on every machine, and free of the reader's own home folder.
 */
export function inputRelativePath(inputs: Inputs): (path: string) => string {
  const roots: [string | null, string][] = [
    [inputs.codexHome, '$CODEX_HOME'],
    [inputs.logsDir, '$LOGS_DIR'],
  ];
  return (path) => {
    if (!isAbsolute(path)) return path;
    for (const [root, name] of roots) {
      if (root === null) continue;
      const rel = relative(root, path);
      if (rel === '') return name;
      if (!rel.startsWith('..') && !isAbsolute(rel)) return `${name}/${rel.split(sep).join('/')}`;
    }
    return path;
  };
}
