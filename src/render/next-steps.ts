import { join, relative } from 'node:path';
import { severityRank } from '../analysis/analyze.js';
import { ungrouped } from '../analysis/group-by-cause.js';
import type { Finding, FindingKind } from '../model/finding.js';
import type { Report } from '../model/report.js';

/** The input arguments a run was given, to be repeated in the commands it suggests next. */
export interface Invocation {
  logsDir?: string | undefined;
  codexHome?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** Kinds `codex-logs repair` writes SQL for (src/analysis/repair-plan.ts). */
const REPAIRABLE_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>([
  'missing-thread-row',
  'missing-rollout-file',
  'empty-rollout-path',
  'rollout-path-not-a-file',
]);

const MEDIUM = severityRank('medium');

/** `LOGS_DIR --codex-home DIR` as given, each word quoted for a POSIX shell where it needs it. */
export function inputArguments(invocation: Invocation, withWindow: boolean): string {
  const words: string[] = [];
  if (invocation.logsDir !== undefined) words.push(invocation.logsDir);
  if (invocation.codexHome !== undefined) words.push('--codex-home', invocation.codexHome);
  if (withWindow && invocation.since !== undefined) words.push('--since', invocation.since);
  if (withWindow && invocation.until !== undefined) words.push('--until', invocation.until);
  return words.map(shellWord).join(' ');
}

export interface NextStep {
  command: string;
  why: string;
}

/** What to run after analyze: the worst conversation's story, the repair when one applies, the report to attach. */
export function nextSteps(report: Report, invocation: Invocation): NextStep[] {
  const rerun = rerunOnHomeBelow(report, invocation);
  // A run against the wrong folder judged no persistence: its findings are not worth following before the rerun.
  if (rerun !== null) return [rerun];
  const serious = report.findings.filter((f) => severityRank(f.severity) <= MEDIUM);
  if (serious.length === 0) return [];
  const args = (withWindow: boolean) => {
    const text = inputArguments(invocation, withWindow);
    return text === '' ? '' : ` ${text}`;
  };
  const steps: NextStep[] = [];
  const worst = serious.find((f) => f.threadId !== null) ?? null;
  if (worst !== null)
    steps.push({ command: `codex-logs timeline ${worst.threadId}${args(false)}`, why: `its whole story (${worst.kind}, the most severe finding)` });
  const repairable = repairableCount(report);
  if (repairable > 0)
    steps.push({
      command: `codex-logs repair${args(false)}`,
      why: `the SQL that would mend ${repairable === 1 ? 'the repairable finding' : `the ${repairable} repairable findings`} (a dry run; --apply writes, after a backup)`,
    });
  steps.push({ command: `codex-logs report${args(true)} --out incident.md`, why: 'a redacted incident report to attach to a bug report' });
  return steps;
}

/** The same run on the Codex home found below the folder given, written as the user named that folder. */
function rerunOnHomeBelow(report: Report, invocation: Invocation): NextStep | null {
  const { codexHome, codexHomeBelow } = report.inputs;
  if (codexHomeBelow === null || codexHome === null) return null;
  const home = invocation.codexHome === undefined ? codexHomeBelow : join(invocation.codexHome, relative(codexHome, codexHomeBelow));
  const args = inputArguments({ ...invocation, codexHome: home }, true);
  return { command: `codex-logs analyze ${args}`, why: 'the folder given holds no state DB and no sessions/; the Codex home below it does' };
}

/**
 * Findings `repair` writes SQL for, each conversation of a group counted: a lost row is rebuilt from its rollout, a
 * wrong path is pointed at the rollout found for the id, which needs that rollout to be on disk (a home copied without
 * its sessions/ folder has none, and repair can then only say so).
 */
function repairableCount(report: Report): number {
  const onDisk = new Set(report.conversations.filter((c) => c.persisted.rolloutFile !== null).map((c) => c.id));
  const repairable = (f: Finding) => f.threadId !== null && REPAIRABLE_KINDS.has(f.kind) && (f.kind === 'missing-thread-row' || onDisk.has(f.threadId));
  return ungrouped(report.findings).filter(repairable).length;
}

/** A word as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
function shellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, "'\\''")}'`;
}
