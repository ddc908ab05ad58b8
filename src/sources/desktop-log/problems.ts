import type { ProblemCount } from '../../model/report.js';
import { problemList } from '../problems.js';
import type { DesktopLogStats, SkipReason } from './types.js';

/**
 * Each reason a file of the log folder was not read, and the problem that counts such files; coverage names them when
 * no log was read.
 */
export const SKIPPED_LOG_FILES: readonly (readonly [Exclude<SkipReason, 'inside-codex-home'>, string])[] = [
  ['not-a-log-file', 'files in the log folder that are not Desktop logs (skipped)'],
  ['binary', 'binary files in the log folder (skipped)'],
  ['unreadable', 'unreadable log files or folders (skipped)'],
  ['over-file-limit', 'log files beyond the file limit (not read; the newest were)'],
  ['outside-window', 'log files wholly outside --since/--until by their dates and mtime (not opened)'],
];

/** What the Desktop logs' reader could not fully use (DesktopLogStats is its records' side of the contract). */
export function desktopLogProblems(log: DesktopLogStats): ProblemCount[] {
  const { add, problems } = problemList();
  for (const [reason, what] of SKIPPED_LOG_FILES) {
    const files = log.skippedFiles.filter((s) => s.reason === reason);
    add(
      what,
      files.reduce((n, s) => n + (s.count ?? 1), 0),
      files.map((s) => s.path),
    );
  }
  add('empty log files', log.emptyFiles);
  add('log lines longer than the line limit (cut)', log.overlongLines);
  add('log lines with invalid UTF-8 (decoded with replacement characters)', log.invalidUtf8Lines);
  add('log entries without a timestamp (kept in file order)', log.untimedEntries);
  add('log files without a final newline', log.missingFinalNewline);
  const changed = changedLinesProblem(log.linesChangedDuringRun);
  if (changed !== null) problems.push(changed);
  return problems;
}

/** Kept events whose line could not be read back for its text, as a problem count (null for none). */
export function changedLinesProblem(count: number): ProblemCount | null {
  return count > 0 ? { what: 'log lines that changed while the run went on (their events show no text)', count, examples: [] } : null;
}
