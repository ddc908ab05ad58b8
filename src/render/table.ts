import Table from 'cli-table3';
import { SEVERITIES, type Finding } from '../model/finding.js';
import type { Inputs, ProblemCount, Report } from '../model/report.js';
import { palette, type Palette } from './color.js';
import { coverageOf } from '../analysis/coverage.js';
import { nextSteps } from './next-steps.js';
import { plural } from '../util/plural.js';
import { showControl } from './control.js';
import { displayPath, displayTime } from './format.js';
import type { RenderOptions, Reporter } from './reporter.js';
import { clip } from '../util/text.js';
import { wrapProse } from './wrap.js';

const MAX_EVIDENCE_SHOWN = 3;

/** The terminal report: what was read, what could not be used, then the findings grouped by severity. */
export const tableReporter: Reporter = (report, options) => {
  const p = palette(options.color);
  const path = (file: string) => showControl(displayPath(file, options.cwd));
  const out: string[] = [];
  out.push(p.bold(`codex-logs ${showControl(report.version)} — analyze`), '');
  out.push(p.bold('Inputs'), ...inputLines(report, path), '');
  out.push(p.bold('Read'), `  ${readLine(report)}`, '');
  out.push(p.bold('Input problems'), ...problemLines(report.stats.problems, p), '');
  const { notJudged } = coverageOf(report);
  if (notJudged.length > 0)
    out.push(p.bold('Not judged'), ...notJudged.map((line) => `  ${wrapProse(showControl(line), Math.max(80, options.width), '    ')}`), '');
  out.push(p.bold(`Findings: ${severityCounts(report, p)}`));
  if (report.findings.length === 0)
    out.push(notJudged.length === 0 ? '  No inconsistencies found.' : '  No inconsistencies found in what could be judged (see "Not judged" above).');
  else out.push(findingsTable(report.findings, options, p), '', ...detailLines(report.findings, p, path, Math.max(80, options.width)));
  const steps = nextSteps(report, options.invocation ?? {});
  if (steps.length > 0)
    out.push(
      p.bold('Next steps'),
      ...steps.flatMap((s) => [`  ${showControl(s.command)}`, `    ${p.dim(wrapProse(showControl(s.why), Math.max(80, options.width), '    '))}`]),
      '',
    );
  return [`${out.join('\n')}\n`];
};

function inputLines(report: Report, path: (f: string) => string): string[] {
  const { inputs, stats } = report;
  const lines: string[] = [];
  const logs =
    inputs.logsDir === null
      ? 'none'
      : `${path(inputs.logsDir)} (${logsOrigin(inputs)})${inputs.logsDirFound ? ` · ${plural(inputs.logFiles, 'log file')}` : ' · not found'}`;
  lines.push(`  Desktop logs   ${logs}`);
  lines.push(`  Codex home     ${inputs.codexHome === null ? 'none' : `${path(inputs.codexHome)} (${homeOrigin(inputs)})${homeState(inputs)}`}`);
  lines.push(`  State DB       ${inputs.stateDb === null ? 'none' : `${path(inputs.stateDb)} · ${stateDbLine(report)}`}`);
  lines.push(`  Rollouts       ${plural(stats.rolloutFiles, 'file')} (${stats.archivedRolloutFiles} archived)`);
  if (inputs.recordedHome !== null) {
    const homes = inputs.recordedHomes.length > 1 ? inputs.recordedHomes : [inputs.recordedHome];
    lines.push(`  Recorded home  ${homes.map(showControl).join(', ')} (rollout paths were written there; re-rooted onto the Codex home)`);
  }
  return lines;
}

function stateDbLine(report: Report): string {
  const db = report.stats;
  const status = report.inputs.stateDbStatus;
  if (status === 'missing') return 'not found';
  if (status === 'unreadable') return 'unreadable (see findings)';
  const schema = report.inputs.stateDbSchemaVersion === null ? 'schema unknown' : `schema ${report.inputs.stateDbSchemaVersion}`;
  return `${schema} · ${plural(db.threadRows, 'threads row')} (${db.rowsOnlyInWal} only in the WAL)`;
}

function logsOrigin(inputs: Inputs): string {
  return inputs.logsDirOrigin === 'argument' ? 'LOGS_DIR' : inputs.logsDirOrigin === 'platform-default' ? 'platform default' : 'none';
}

function homeState(inputs: Inputs): string {
  if (!inputs.codexHomeFound) return ' · not found';
  return inputs.codexHomeBelow === null ? '' : ' · holds no state DB and no sessions/ (a Codex home is below it: see Not judged)';
}

function homeOrigin(inputs: Inputs): string {
  switch (inputs.codexHomeOrigin) {
    case 'argument':
      return '--codex-home';
    case 'inside-logs-dir':
      return 'found inside LOGS_DIR';
    case 'CODEX_HOME':
      return '$CODEX_HOME';
    default:
      return 'default ~/.codex';
  }
}

function readLine(report: Report): string {
  const s = report.stats;
  return [
    plural(s.logLines, 'log line'),
    plural(s.logEntries, 'log entry', 'log entries'),
    ...(s.tuiLogFiles > 0 ? [plural(s.tuiLogLines, 'Codex TUI log line')] : []),
    ...(s.logDbThreads > 0 ? [`${plural(s.logDbThreads, 'thread', 'threads')} in log databases`] : []),
    plural(s.logEvents, 'conversation event'),
    plural(s.conversations, 'conversation'),
  ].join(' · ');
}

function problemLines(problems: readonly ProblemCount[], p: Palette): string[] {
  if (problems.length === 0) return ['  none'];
  return problems.map((problem) => {
    const examples = problem.examples.length > 0 ? p.dim(` (e.g. ${problem.examples.map(showControl).join(', ')})`) : '';
    return `  ${showControl(problem.what)}: ${problem.count}${examples}`;
  });
}

function severityCounts(report: Report, p: Palette): string {
  return SEVERITIES.map((s) => p.severity(s, `${report.stats.findingsBySeverity[s]} ${s}`)).join(' · ');
}

const NUMBER_WIDTH = 5;
/** Room for the longest kind name and the cell's padding. */
const KIND_WIDTH = 27;
/** A whole UUID and the cell's padding: ids are never wrapped. */
const ID_WIDTH = 38;
/** Below this, the conversation shares a column with the summary rather than leave the summary a sliver. */
const SIDE_BY_SIDE_WIDTH = NUMBER_WIDTH + KIND_WIDTH + ID_WIDTH + 30 + 5;

/** The findings by severity; at 80 columns the conversation heads its summary's cell, from 100 it has a column. */
function findingsTable(findings: readonly Finding[], options: RenderOptions, p: Palette): string {
  const width = Math.max(80, options.width);
  const sideBySide = width >= SIDE_BY_SIDE_WIDTH;
  const columns = sideBySide ? 4 : 3;
  const kindWidth = Math.min(KIND_WIDTH, Math.max(6, ...findings.map((f) => f.kind.length + 2)));
  const rest = width - NUMBER_WIDTH - kindWidth - (sideBySide ? ID_WIDTH : 0) - (columns + 1);
  const table = new Table({
    head: sideBySide ? ['#', 'Kind', 'Conversation', 'Summary'] : ['#', 'Kind', 'Conversation · summary'],
    colWidths: sideBySide ? [NUMBER_WIDTH, kindWidth, ID_WIDTH, rest] : [NUMBER_WIDTH, kindWidth, rest],
    wordWrap: true,
    style: { head: options.color ? ['bold'] : [], border: options.color ? ['grey'] : [] },
  });
  let n = 0;
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    table.push([{ colSpan: columns, content: p.severity(severity, `${severity.toUpperCase()} (${group.length})`) }]);
    for (const f of group) {
      const summary = showControl(f.summary);
      table.push(
        sideBySide
          ? [String(++n), showControl(f.kind), conversationCell(f), summary]
          : [String(++n), showControl(f.kind), `${conversationCell(f)}\n${summary}`],
      );
    }
  }
  return table.toString();
}

/**
 * What the details leave out, in numbers that add up: the examples kept in --json beyond those shown, and for a
 * grouped finding how many it stands for in all (its examples are a few of them).
 */
function moreLines(f: Finding, p: Palette): string[] {
  const shown = Math.min(MAX_EVIDENCE_SHOWN, f.evidence.length);
  const inJson = f.evidence.length - shown;
  const unlisted = f.count - f.evidence.length;
  if (inJson > 0 && unlisted > 0) return [`    ${p.dim(`… ${plural(inJson, 'more example')} in --json; ${f.count} in all, ${unlisted} not listed`)}`];
  if (inJson > 0) return [`    ${p.dim(`… ${inJson} more in --json`)}`];
  if (unlisted > 0 && shown > 0) return [`    ${p.dim(`… ${f.count} in all, ${unlisted} not listed`)}`];
  return [];
}

function conversationCell(f: Finding): string {
  if (f.threadId !== null) return showControl(f.threadId);
  return f.count > 1 ? `${f.count} conversations` : '—';
}

/** Below the table, unwrapped so paths stay whole: each finding's cause and its evidence as file:line. */
function detailLines(findings: readonly Finding[], p: Palette, path: (file: string) => string, width: number): string[] {
  const lines: string[] = [p.bold('Details')];
  findings.forEach((f, i) => {
    lines.push(
      `[${i + 1}] ${p.severity(f.severity, f.severity)} ${showControl(`${f.kind}${f.threadId ? ` ${f.threadId}` : ''}`)}${f.count > 1 ? ` (${f.count}×)` : ''}`,
    );
    lines.push(`    ${wrapProse(showControl(f.summary), width, '    ')}`);
    lines.push(`    ${wrapProse(`Cause: ${showControl(f.cause)}`, width, '    ')}`);
    if (f.explainedBy !== null)
      lines.push(
        `    ${wrapProse(`Explained by: ${showControl(`${f.explainedBy.kind}${f.explainedBy.threadId ? ` on ${f.explainedBy.threadId}` : ''}`)}`, width, '    ')}`,
      );
    for (const e of f.evidence.slice(0, MAX_EVIDENCE_SHOWN)) {
      const where = e.line > 0 ? `${path(e.file)}:${e.line}` : path(e.file);
      lines.push(`    ${p.dim('•')} ${where}  ${displayTime(e.ts)}`);
      lines.push(`      ${p.dim(clip(showControl(e.text), width - 6))}`);
    }
    lines.push(...moreLines(f, p));
    lines.push('');
  });
  return lines;
}
