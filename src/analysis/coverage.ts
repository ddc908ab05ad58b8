import { plural } from '../util/plural.js';
import { SKIPPED_LOG_FILES } from '../sources/desktop-log/problems.js';
import type { SkipReason } from '../sources/desktop-log/types.js';
import type { Report } from '../model/report.js';

/**
 * What a report's findings can speak to. "No inconsistencies found" over logs and a home that were never read is a
 * verdict nobody should trust: each input that was missing says which checks could not run, and why.
 */
export interface Coverage {
  judged: string[];
  notJudged: string[];
}

export function coverageOf(report: Report): Coverage {
  const { inputs, stats } = report;
  const judged: string[] = [];
  const notJudged: string[] = [];
  if (stats.logFiles > 0) judged.push(`${plural(stats.logFiles, 'Desktop log file')} (${plural(stats.logEntries, 'entry', 'entries')})`);
  else notJudged.push(`turns the Desktop app sent that never reached disk (unpersisted-conversation, unpersisted-turns): ${whyNoLogs(report)}`);
  if (inputs.stateDbStatus === 'ok') judged.push(`the state DB (${plural(stats.threadRows, 'threads row')})`);
  else if (inputs.stateDbStatus === 'unreadable')
    notJudged.push(
      'the threads rows (missing-thread-row, missing-rollout-file and the other row checks): the state DB could not be read (state-db-unreadable)',
    );
  else
    notJudged.push(
      `the threads rows (missing-thread-row, missing-rollout-file and the other row checks): no state DB${inputs.stateDb === null ? '' : ` at ${inputs.stateDb}`}${homeBelowHint(report)}`,
    );
  if (inputs.codexHomeFound && inputs.codexHomeBelow !== null) notJudged.push(`the rollout files: no sessions/ folder in ${inputs.codexHome}`);
  else if (inputs.codexHomeFound) judged.push(`${plural(stats.rolloutFiles, 'rollout file')} in the Codex home`);
  else notJudged.push(`the rollout files: no Codex home${inputs.codexHome === null ? '' : ` at ${inputs.codexHome}`}`);
  return { judged, notJudged };
}

function whyNoLogs(report: Report): string {
  const { logsDir, logsDirFound } = report.inputs;
  if (logsDir === null) return 'no Desktop log folder is known on this platform (give LOGS_DIR)';
  if (!logsDirFound) return `no Desktop log folder at ${logsDir}`;
  const counted = new Map(SKIPPED_LOG_FILES.map(([reason, what]) => [reason, report.stats.problems.find((p) => p.what === what)?.count ?? 0]));
  const skipped = SKIPPED_ORDER.map((reason) => ({ reason, count: counted.get(reason) ?? 0 })).filter((s) => s.count > 0);
  // Logs that were there but not read are not "no log files": the user must hear why (most often --since/--until).
  const none = skipped.some((s) => s.reason !== 'not-a-log-file') ? `no Desktop log file read in ${logsDir}` : `no Desktop log files (*.log) in ${logsDir}`;
  return skipped.length > 0 ? `${none} (${skipped.map((s) => SKIPPED_PHRASES[s.reason](s.count)).join('; ')})` : none;
}

/** How coverage names the files of the log folder skipped for each reason; the log files first, the other files last. */
const SKIPPED_PHRASES: Record<Exclude<SkipReason, 'inside-codex-home'>, (count: number) => string> = {
  'outside-window': (n) => `${plural(n, 'log file')} wholly outside --since/--until, not opened`,
  binary: (n) => `${plural(n, 'binary file')} skipped`,
  unreadable: (n) => `${plural(n, 'file or folder', 'files or folders')} unreadable`,
  'over-file-limit': (n) => `${plural(n, 'log file')} beyond the file limit`,
  'not-a-log-file': (n) => `${plural(n, 'other file')} skipped`,
};
const SKIPPED_ORDER = Object.keys(SKIPPED_PHRASES) as (keyof typeof SKIPPED_PHRASES)[];

/** Why the run judged nothing at all, or null when it read something: then it is a usage error, not a clean bill. */
export function nothingReadReason(report: Report): string | null {
  const { inputs, stats } = report;
  const read = stats.logFiles + stats.tuiLogFiles + stats.logDbThreads + stats.rolloutFiles + stats.conversations + report.findings.length;
  if (read > 0 || inputs.stateDbStatus !== 'missing') return null;
  const home =
    inputs.codexHome === null
      ? 'no Codex home'
      : inputs.codexHomeFound
        ? `no state DB and no rollouts in ${inputs.codexHome}`
        : `no Codex home at ${inputs.codexHome}`;
  const give = inputs.codexHomeBelow === null ? 'give LOGS_DIR or --codex-home' : `give --codex-home ${inputs.codexHomeBelow}, the Codex home below it`;
  return `nothing to analyse: ${whyNoLogs(report)}, and ${home} (${give})`;
}

/** Points at the Codex home found below the folder given, which is most often the one meant. */
function homeBelowHint(report: Report): string {
  const below = report.inputs.codexHomeBelow;
  return below === null ? '' : `; give --codex-home ${below}, the Codex home below it`;
}

/** Ids asked for with --thread that no source of the report knows, in the order given. */
export function unknownThreads(report: Report, threads: readonly string[]): string[] {
  if (threads.length === 0) return [];
  const known = new Set(report.conversations.map((c) => c.id));
  return threads.filter((id) => !known.has(id));
}
