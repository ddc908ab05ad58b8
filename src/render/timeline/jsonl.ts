import { redactDeep } from '../redact.js';
import type { TimelineRenderer } from './options.js';

/**
 * One event per line in the form Timesketch imports (`message`, `datetime`, `timestamp_desc`, and `timestamp` in
 * microseconds), plus our own fields, so support engineers can load many users' timelines into one engine.
 * Events without a time cannot be placed on a timeline and are left out.
 */
export const jsonlTimeline: TimelineRenderer = (story, options) => {
  const lines: string[] = [];
  for (const e of story.events) {
    if (e.ts === null) continue;
    const record = {
      message: `[${e.kind}] ${e.text}`,
      datetime: new Date(e.ts).toISOString(),
      timestamp: e.ts * 1000,
      timestamp_desc: timestampDescription(e.source, e.kind),
      data_type: `codex:${e.source}`,
      thread_id: story.id,
      source: e.source,
      kind: e.kind,
      method: e.method,
      level: e.level,
      file: options.path(e.file),
      line: e.line,
      verdict: story.verdict,
      turn_status: e.turnStatus ?? null,
    };
    lines.push(JSON.stringify(options.redact ? redactDeep(record) : record));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};

function timestampDescription(source: string, kind: string): string {
  if (source === 'state-db') return kind === 'row-created' ? 'Creation Time' : kind === 'row-archived' ? 'Archive Time' : 'Last Update Time';
  if (source === 'rollout') return 'Rollout Write Time';
  return 'Log Time';
}
