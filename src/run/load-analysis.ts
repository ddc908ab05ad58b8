import { analyze } from '../analysis/analyze.js';
import { nothingReadReason, unknownThreads } from '../analysis/coverage.js';
import type { DeferredText, LogTexts } from '../model/deferred-text.js';
import { changedLinesProblem } from '../sources/desktop-log/problems.js';
import type { Filters, Report } from '../model/report.js';
import type { Sources } from '../sources/types.js';
import { UsageError } from '../util/errors.js';
import { progressDisplay } from '../render/progress.js';
import { isBundle, openBundle } from '../sources/bundle/open.js';
import { collectSources } from '../log-index/collect.js';
import { normalizeThreadId } from '../sources/thread-id.js';
import { parseTimeBound } from '../util/time-bound.js';
import { packageVersion } from '../util/version.js';
import { warnOnce } from './output.js';

export interface InputArgs {
  /** Show progress on stderr (only honoured on a terminal). */
  progress?: boolean;
  logsDir: string | undefined;
  codexHome: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  thread?: string[] | undefined;
  /** Conversations whose every log event is kept, not a sample: those whose whole timeline will be shown. */
  keepEventsOf?: readonly string[] | 'all';
  /** The inputs are a bundle's tree (collect reads its own before packing it): as for a bundle given as LOGS_DIR. */
  bundleTree?: { collectedAt: number };
}

/** The shared first half of every command: read the sources the arguments name, then analyse them. */
export async function loadAnalysis(args: InputArgs): Promise<{ sources: Sources; report: Report }> {
  const { sources, filters } = await read(args, false);
  return { sources, report: judgeable(analyze(sources, filters, packageVersion()), filters) };
}

/**
 * For a command that shows only the report (analyze): its log events and evidence come without their texts
 * (TimelineEvent.textAt), for readTexts to fill once the sources are let go, and only where they are shown. The texts
 * then never share the heap with everything that was read, nor, streamed, with each other.
 */
export async function loadReport(args: InputArgs): Promise<LoadedReport> {
  const { sources, filters } = await read(args, true);
  return { report: judgeable(analyze(sources, filters, packageVersion()), filters), texts: sources.logTexts };
}

export interface LoadedReport {
  report: Report;
  /** Reads the texts of the report's events and evidence back, for readTexts (it holds none of the sources). */
  texts: LogTexts;
}

/**
 * Gives `items` of the report their texts, reading their lines back, and counts in the report's problems the lines
 * that changed meanwhile. With `check`, only counts (the items stay without texts).
 */
export function readTexts(report: Report, texts: LogTexts, items: Iterable<DeferredText>, opts: { check?: boolean } = {}): void {
  const problem = changedLinesProblem(opts.check === true ? texts.check(items) : texts.fill(items));
  if (problem === null) return;
  const known = report.stats.problems.find((p) => p.what === problem.what);
  if (known === undefined) report.stats.problems.push(problem);
  else known.count += problem.count;
}

/** Every event of the report's conversations. */
export function* conversationEvents(report: Report): Generator<DeferredText> {
  for (const conversation of report.conversations) yield* conversation.events;
}

/** Every piece of evidence of the report's findings. */
export function* findingEvidence(report: Report): Generator<DeferredText> {
  for (const finding of report.findings) yield* finding.evidence;
}

async function read(args: InputArgs, deferTexts: boolean): Promise<{ sources: Sources; filters: Filters }> {
  const now = Date.now();
  const since = args.since === undefined ? null : parseTimeBound('since', args.since, now);
  const until = args.until === undefined ? null : parseTimeBound('until', args.until, now);
  if (since !== null && until !== null && since > until) throw new UsageError('--since is later than --until');
  const threads = (args.thread ?? []).map((raw) => threadIdArgument('--thread', raw));
  const display = progressDisplay(process.stderr, args.progress === true && process.stderr.isTTY === true);
  const filters = { since, until, threads };
  const bundle = args.logsDir !== undefined && isBundle(args.logsDir) ? await openBundle(args.logsDir) : null;
  if (bundle?.warning) warnOnce(bundle.warning);
  const tree = bundle === null ? args.bundleTree : { collectedAt: bundle.manifest.collectedAt };
  const sources = await collectSources({
    logsDir: bundle?.logsDir ?? args.logsDir ?? null,
    codexHome: args.codexHome ?? bundle?.codexHome ?? null,
    // A bundle's databases are in its home, whatever this machine's CODEX_SQLITE_HOME says; its ages count from when
    // it was collected.
    env: tree === undefined ? process.env : { ...process.env, CODEX_SQLITE_HOME: undefined },
    ...(tree === undefined ? {} : { collectedAt: tree.collectedAt }),
    filters,
    keepEventsOf: args.keepEventsOf,
    deferTexts,
    onLogProgress: display.update,
  });
  display.done();
  return { sources, filters };
}

/** A report that judged nothing, or of a --thread that no source knows, is a usage error: no clean bill of health. */
function judgeable(report: Report, filters: Filters): Report {
  const nothing = nothingReadReason(report);
  if (nothing !== null) throw new UsageError(nothing);
  rejectUnknownThreads(report, filters.threads, filters.since !== null || filters.until !== null);
  return report;
}

/** A --thread that no source of the report knows is a usage error, in every command that takes one. */
export function rejectUnknownThreads(report: Report, threads: readonly string[], windowed: boolean): void {
  const unknown = unknownThreads(report, threads);
  if (unknown.length === 0) return;
  const window = windowed ? ' in the --since/--until window' : '';
  throw new UsageError(
    `--thread ${unknown.join(', ')}: no Desktop log, threads row or rollout mentions ${unknown.length === 1 ? 'this conversation' : 'these conversations'}${window}`,
  );
}

export function threadIdArgument(option: string, raw: string): string {
  const id = normalizeThreadId(raw);
  if (id === null) throw new UsageError(`${option} ${JSON.stringify(raw)}: not a thread id (expected a UUID)`);
  return id;
}
