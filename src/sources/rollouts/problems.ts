import type { ProblemCount } from '../../model/report.js';
import { problemList } from '../problems.js';
import type { RolloutFile, RolloutStats } from './types.js';

/** What the rollout search could not use: empty files, unusable heads, other files and unreadable folders. */
export function rolloutProblems(files: readonly RolloutFile[], stats: RolloutStats | null): ProblemCount[] {
  const { add, problems } = problemList();
  if (stats === null) return problems;
  add(
    'empty rollout files',
    stats.emptyFiles,
    files.filter((f) => f.head.status === 'empty').map((f) => f.relPath),
  );
  add(
    'rollout files whose first line is not a usable session_meta',
    stats.unreadableHeads,
    files.filter((f) => isUnusable(f)).map((f) => `${f.relPath} (${f.head.status})`),
  );
  add('other files under sessions/ and archived_sessions/ (skipped)', stats.otherFiles);
  add('unreadable folders under sessions/ and archived_sessions/', stats.unreadableDirs.length, stats.unreadableDirs);
  return problems;
}

function isUnusable(file: RolloutFile): boolean {
  const s = file.head.status;
  return s === 'bad-json' || s === 'not-session-meta' || s === 'unreadable' || s === 'too-long';
}
