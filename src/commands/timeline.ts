import { buildThreadStory } from '../analysis/thread-story.js';
import type { TimelineEvent } from '../model/timeline-event.js';
import { UsageError } from '../util/errors.js';
import { inputRelativePath } from '../render/paths.js';
import { TIMELINE_RENDERERS, type TimelineFormat } from '../render/timeline/index.js';
import { dirname } from 'node:path';
import { readLogDbEvents } from '../sources/log-db/read.js';
import { readRolloutEvents } from '../sources/rollouts/read-events.js';
import type { Sources } from '../sources/types.js';
import { loadAnalysis, threadIdArgument, type InputArgs } from './load-analysis.js';
import { emit } from './output.js';

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

/**
 * Events only a full read finds, so only for the conversations shown: the turn events inside the conversation's own
 * rollout files, and its lines in Codex's log databases.
 */
export async function rolloutStoryEvents(sources: Sources, id: string, includeContent: boolean): Promise<TimelineEvent[]> {
  const files = sources.rollouts.filter((f) => (f.head.status === 'ok' ? f.head.id === id : f.name?.id === id));
  const events: TimelineEvent[] = [];
  for (const file of files) events.push(...(await readRolloutEvents(file, id, { includeContent })).events);
  if (sources.inputs.stateDb !== null) {
    const logDb = readLogDbEvents(dirname(sources.inputs.stateDb), id, { includeContent });
    events.push(...logDb.events);
    for (const bad of logDb.unreadable) process.stderr.write(`codex-logs: ${bad.path}: not read (${bad.error})\n`);
    if (logDb.omitted > 0) process.stderr.write(`codex-logs: ${logDb.omitted} more log database lines for ${id} not shown\n`);
  }
  return events;
}
