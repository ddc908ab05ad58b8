import { buildThreadStory } from '../analysis/thread-story.js';
import { UsageError } from '../util/errors.js';
import { inputRelativePath } from '../render/paths.js';
import { TIMELINE_RENDERERS, type TimelineFormat } from '../render/timeline/index.js';
import { loadAnalysis, threadIdArgument, type InputArgs } from '../run/load-analysis.js';
import { emit } from '../run/output.js';
import { rolloutStoryEvents } from '../run/story-events.js';

export interface TimelineArgs extends InputArgs {
  threadId: string;
  format: TimelineFormat;
  out: string | undefined;
  redact: boolean;
  includeContent: boolean;
}

export async function runTimeline(args: TimelineArgs): Promise<number> {
  const id = threadIdArgument('THREAD_ID', args.threadId);
  const { sources, report } = await loadAnalysis({ logsDir: args.logsDir, codexHome: args.codexHome, keepEventsOf: [id] });
  const story = buildThreadStory(report, sources, id, await rolloutStoryEvents(sources, id, args.includeContent));
  if (story === null) throw new UsageError(`no Desktop log, threads row or rollout mentions conversation ${id}`);
  const text = TIMELINE_RENDERERS[args.format](story, { redact: args.redact, path: inputRelativePath(report.inputs) });
  await emit(text, args.out);
  return 0;
}
