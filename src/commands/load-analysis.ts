import { analyze } from '../analysis/analyze.js';
import type { Report, Sources } from '../analysis/types.js';
import { UsageError } from '../errors.js';
import { progressDisplay } from '../render/progress.js';
import { collectSources } from '../sources/collect.js';
import { normalizeThreadId } from '../sources/thread-id.js';
import { parseTimeBound } from '../time-bound.js';
import { packageVersion } from '../version.js';

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
}

/** The shared first half of every command: read the sources the arguments name, then analyse them. */
export async function loadAnalysis(args: InputArgs): Promise<{ sources: Sources; report: Report }> {
  const now = Date.now();
  const since = args.since === undefined ? null : parseTimeBound('since', args.since, now);
  const until = args.until === undefined ? null : parseTimeBound('until', args.until, now);
  if (since !== null && until !== null && since > until) throw new UsageError('--since is later than --until');
  const threads = (args.thread ?? []).map((raw) => threadIdArgument('--thread', raw));
  const display = progressDisplay(process.stderr, args.progress === true && process.stderr.isTTY === true);
  const filters = { since, until, threads };
  const sources = await collectSources({
    logsDir: args.logsDir ?? null,
    codexHome: args.codexHome ?? null,
    env: process.env,
    filters,
    keepEventsOf: args.keepEventsOf,
    onLogProgress: display.update,
  });
  display.done();
  return { sources, report: analyze(sources, filters, packageVersion()) };
}

export function threadIdArgument(option: string, raw: string): string {
  const id = normalizeThreadId(raw);
  if (id === null) throw new UsageError(`${option} ${JSON.stringify(raw)}: not a thread id (expected a UUID)`);
  return id;
}
