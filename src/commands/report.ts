import { basename, dirname, extname, join } from 'node:path';
import { describeEnvironment } from '../analysis/environment.js';
import { buildThreadStory, type ThreadStory } from '../analysis/thread-story.js';
import { SEVERITIES, type Severity } from '../model/finding.js';
import type { Report } from '../model/report.js';
import type { Sources } from '../sources/types.js';
import { inputRelativePath } from '../render/paths.js';
import { renderIncidentReport, type RenderedReport } from '../render/report/index.js';
import { reportJson } from '../render/report/json.js';
import { markdownTimeline } from '../render/timeline/markdown.js';
import { loadAnalysis, rejectUnknownThreads, threadIdArgument, type InputArgs } from '../run/load-analysis.js';
import { writeFileAtomically } from '../util/atomic-write.js';
import { emit } from '../run/output.js';
import { rolloutStoryEvents } from '../run/story-events.js';

export interface ReportArgs extends InputArgs {
  out: string | undefined;
  redact: boolean;
  includeContent: boolean;
  json: boolean;
}

const MEDIUM = SEVERITIES.indexOf('medium');

export async function runReport(args: ReportArgs): Promise<number> {
  const { rendered, path, shown, stories } = await buildIncidentReport(args);
  if (args.json) {
    await emit(reportJson(shown, stories, rendered, { redact: args.redact, path }), args.out);
    return 0;
  }
  let text = rendered.text;
  // With --out, what did not fit goes to files beside the report instead of being lost.
  if (args.out !== undefined && rendered.omitted.length > 0) {
    const files = rendered.omitted.map((story) => {
      const file = join(dirname(args.out!), `${basename(args.out!, extname(args.out!))}.${story.id}.md`);
      writeFileAtomically(file, markdownTimeline(story, { redact: args.redact, path }));
      return basename(file);
    });
    text += `\nThe omitted timelines were written beside this report: ${files.join(', ')}.\n`;
  }
  await emit(text, args.out);
  return 0;
}

/** The incident report, rendered; `collect` puts it in its bundle, with the sources it has already read (`loaded`). */
export async function buildIncidentReport(
  args: Omit<ReportArgs, 'out' | 'json'>,
  loaded?: { sources: Sources; report: Report },
): Promise<{ rendered: RenderedReport; path: (file: string) => string; shown: Report; stories: ThreadStory[] }> {
  const chosen = (args.thread ?? []).map((raw) => threadIdArgument('--thread', raw));
  const input = { logsDir: args.logsDir, codexHome: args.codexHome, since: args.since, until: args.until, bundleTree: args.bundleTree };
  let { sources, report } = loaded ?? (await loadAnalysis({ ...input, keepEventsOf: chosen }));
  rejectUnknownThreads(report, chosen, args.since !== undefined || args.until !== undefined);
  const ids = chosen.length > 0 ? chosen : affectedIds(report);
  // The first read kept a sample of most timelines; read again, keeping all of the few the report shows.
  if (ids.some((id) => !(sources.logTimelines.get(id)?.complete ?? true))) ({ sources, report } = await loadAnalysis({ ...input, keepEventsOf: ids }));
  const stories: ThreadStory[] = [];
  for (const id of ids) {
    const story = buildThreadStory(report, sources, id, await rolloutStoryEvents(sources, id, args.includeContent));
    if (story !== null) stories.push(story);
  }
  const path = inputRelativePath(report.inputs);
  // The whole home is analysed (relatives need their persistence), then the summary keeps to the chosen threads.
  const shown = chosen.length > 0 ? onlyThreads(report, chosen) : report;
  const rendered = renderIncidentReport(shown, describeEnvironment(report, sources), stories, {
    redact: args.redact,
    path,
    generatedAt: Date.now(),
    invocation: { logsDir: args.logsDir, codexHome: args.codexHome },
  });
  return { rendered, path, shown, stories };
}

/** Conversations of a group by cause whose timelines the report shows, as examples of the rest. */
const GROUP_EXAMPLES = 3;

/**
 * By default, every conversation with a finding of medium severity or higher, most severe first; of a group by
 * cause, the first few, so that thirty lost side chats still come with a story.
 */
function affectedIds(report: Report): string[] {
  const ids: string[] = [];
  for (const f of report.findings) {
    if (SEVERITIES.indexOf(f.severity) > MEDIUM) continue;
    const members = f.threadId !== null ? [f.threadId] : (f.members ?? []).slice(0, GROUP_EXAMPLES).flatMap((m) => (m.threadId === null ? [] : [m.threadId]));
    for (const id of members) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function onlyThreads(report: Report, ids: readonly string[]): Report {
  const findings = report.findings.filter((f) => f.threadId !== null && ids.includes(f.threadId));
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  return { ...report, findings, stats: { ...report.stats, findingsBySeverity } };
}
