import { analyze } from '../analysis/analyze.js';
import { SEVERITIES, type Report, type Severity } from '../analysis/types.js';
import { UsageError } from '../errors.js';
import { shouldColor } from '../render/color.js';
import { REPORTERS, type ReportFormat } from '../render/index.js';
import { collectSources } from '../sources/collect.js';
import { normalizeThreadId } from '../sources/thread-id.js';
import { parseTimeBound } from '../time-bound.js';
import { packageVersion } from '../version.js';
import { writeStdout } from './output.js';

export interface AnalyzeArgs {
  logsDir: string | undefined;
  codexHome: string | undefined;
  json: boolean;
  format: ReportFormat;
  failOn: Severity | undefined;
  since: string | undefined;
  until: string | undefined;
  thread: string[] | undefined;
}

export async function runAnalyze(args: AnalyzeArgs): Promise<number> {
  const now = Date.now();
  const since = args.since === undefined ? null : parseTimeBound('since', args.since, now);
  const until = args.until === undefined ? null : parseTimeBound('until', args.until, now);
  if (since !== null && until !== null && since > until) throw new UsageError('--since is later than --until');
  const threads = (args.thread ?? []).map((raw) => {
    const id = normalizeThreadId(raw);
    if (id === null) throw new UsageError(`--thread ${JSON.stringify(raw)}: not a thread id (expected a UUID)`);
    return id;
  });

  const sources = await collectSources({ logsDir: args.logsDir ?? null, codexHome: args.codexHome ?? null, env: process.env });
  const report = analyze(sources, { since, until, threads }, packageVersion());
  const format: ReportFormat = args.json ? 'json' : args.format;
  await writeStdout(
    REPORTERS[format](report, {
      color: shouldColor(process.env, process.stdout.isTTY === true),
      width: process.stdout.columns ?? 120,
      cwd: process.cwd(),
    }),
  );
  return exitCodeFor(report, args.failOn);
}

/** 1 when a finding is at or above --fail-on; the run itself succeeded either way. */
export function exitCodeFor(report: Report, failOn: Severity | undefined): number {
  if (failOn === undefined) return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  return report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold) ? 1 : 0;
}
