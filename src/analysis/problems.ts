import type { DesktopLogStats } from '../sources/desktop-log/types.js';
import type { RolloutFile, RolloutStats } from '../sources/rollouts/types.js';
import type { HistoryRead } from '../sources/home/history.js';
import type { TuiLogStats } from '../sources/tui-log/read.js';
import type { ProblemCount, RowPathCheck } from '../model/report.js';

const MAX_EXAMPLES = 3;

/** Every piece of input the run could not fully use, as counts with examples: nothing is dropped silently. */
/** The problem that counts the files a log folder held besides Desktop logs; coverage names it when nothing else was there. */
export const NOT_DESKTOP_LOGS = 'files in the log folder that are not Desktop logs (skipped)';

export function collectProblems(
  log: DesktopLogStats,
  rollouts: readonly RolloutFile[],
  rolloutStats: RolloutStats | null,
  rowPaths: readonly RowPathCheck[],
  tui: TuiLogStats,
  history: HistoryRead,
): ProblemCount[] {
  const problems: ProblemCount[] = [];
  const add = (what: string, count: number, examples: string[] = []): void => {
    if (count > 0) problems.push({ what, count, examples: examples.slice(0, MAX_EXAMPLES) });
  };
  const skipped = (reason: string) => log.skippedFiles.filter((s) => s.reason === reason);
  for (const [reason, what] of [
    ['not-a-log-file', NOT_DESKTOP_LOGS],
    ['binary', 'binary files in the log folder (skipped)'],
    ['unreadable', 'unreadable log files or folders (skipped)'],
    ['over-file-limit', 'log files beyond the file limit (not read; the newest were)'],
    ['outside-window', 'log files wholly outside --since/--until by their dates and mtime (not opened)'],
  ] as const) {
    const files = skipped(reason);
    add(what, files.reduce((n, s) => n + skippedCount(s.detail), 0), files.map((s) => s.path));
  }
  add('empty log files', log.emptyFiles);
  add('log lines longer than the line limit (cut)', log.overlongLines);
  add('log lines with invalid UTF-8 (decoded with replacement characters)', log.invalidUtf8Lines);
  add('log entries without a timestamp (kept in file order)', log.untimedEntries);
  add('log files without a final newline', log.missingFinalNewline);
  const changed = changedLinesProblem(log.linesChangedDuringRun);
  if (changed !== null) problems.push(changed);
  if (rolloutStats !== null) {
    add('empty rollout files', rolloutStats.emptyFiles, rollouts.filter((f) => f.head.status === 'empty').map((f) => f.relPath));
    add(
      'rollout files whose first line is not a usable session_meta',
      rolloutStats.unreadableHeads,
      rollouts.filter((f) => isUnusable(f)).map((f) => `${f.relPath} (${f.head.status})`),
    );
    add('other files under sessions/ and archived_sessions/ (skipped)', rolloutStats.otherFiles);
    add('unreadable folders under sessions/ and archived_sessions/', rolloutStats.unreadableDirs.length, rolloutStats.unreadableDirs);
  }
  add('lines before the first entry of a Codex TUI log', tui.orphanLines);
  add('history.jsonl lines without a session id (skipped)', history.badLines);
  add('unreadable Codex TUI logs', tui.unreadable.length, tui.unreadable.map((u) => `${u.path} (${u.error})`));
  const outside = rowPaths.filter((c) => c.kind === 'outside-home');
  add('rollout paths outside the analysed home (not read)', outside.length, outside.map((c) => c.recorded));
  return problems;
}

/** Kept events whose line could not be read back for its text, as a problem count (null for none). */
export function changedLinesProblem(count: number): ProblemCount | null {
  return count > 0 ? { what: 'log lines that changed while the run went on (their events show no text)', count, examples: [] } : null;
}

/** Summary records carry their count in the detail: "N more files not listed", "N .log files not read". */
function skippedCount(detail: string | undefined): number {
  const counted = detail === undefined ? null : /^(?:at least )?(\d+) (?:more files|\.log files?)/.exec(detail);
  return counted ? Number(counted[1]) : 1;
}

function isUnusable(file: RolloutFile): boolean {
  const s = file.head.status;
  return s === 'bad-json' || s === 'not-session-meta' || s === 'unreadable' || s === 'too-long';
}
