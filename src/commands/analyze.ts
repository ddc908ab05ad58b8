import { SEVERITIES, type Report, type Severity } from '../analysis/types.js';
import { shouldColor } from '../render/color.js';
import { REPORTERS, type ReportFormat } from '../render/index.js';
import { loadReport, type InputArgs } from './load-analysis.js';
import { jsonChunks } from '../render/json.js';
import { writeChunks, writeStdout } from './output.js';

export interface AnalyzeArgs extends InputArgs {
  json: boolean;
  format: ReportFormat;
  failOn: Severity | undefined;
}

export async function runAnalyze(args: AnalyzeArgs): Promise<number> {
  // Progress would interleave with nothing on stdout, but machines reading --json want a silent stderr too.
  const report = await loadReport({ ...args, progress: !args.json && args.format !== 'json' });
  const format: ReportFormat = args.json ? 'json' : args.format;
  if (format === 'json') {
    await writeChunks(jsonChunks(report));
    return exitCodeFor(report, args.failOn);
  }
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
