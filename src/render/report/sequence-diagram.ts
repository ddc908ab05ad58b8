import type { ThreadStory } from '../../analysis/thread-story.js';
import type { TimelineEvent } from '../../model/timeline-event.js';
import { compareEvents } from '../../analysis/timeline.js';

const MAX_MESSAGES = 40;

/**
 * A Mermaid sequence diagram (GitHub renders it) of the affected conversations: what the Desktop renderer asked,
 * what the app-server answered, and what reached the disk. Labels are built from our own words and short ids only,
 * so no log text can break the diagram.
 */
export function sequenceDiagram(stories: readonly ThreadStory[]): string | null {
  const names = shortNames(stories);
  const events = stories.flatMap((s) => s.events).sort(compareEvents);
  const lines: string[] = [];
  let last = '';
  let repeat = 1;
  const push = (line: string) => {
    if (line === last) {
      repeat += 1;
      lines[lines.length - 1] = `${line} ×${repeat}`;
      return;
    }
    last = line;
    repeat = 1;
    lines.push(line);
  };
  for (const e of events) {
    const line = messageFor(e, names);
    if (line !== null) push(line);
  }
  for (const story of stories) {
    const name = names.get(story.id)!;
    if (!story.persisted.threadRow && story.persisted.rolloutFile === null) lines.push(`  Note over S,D: ${name} never reached disk`);
    else if (!story.persisted.threadRow) lines.push(`  Note over D: ${name}: rollout on disk, threads row missing`);
    else if (story.persisted.rolloutFile === null) lines.push(`  Note over D: ${name}: threads row, rollout file missing`);
  }
  if (lines.length === 0) return null;
  const shown = lines.length > MAX_MESSAGES ? [...lines.slice(0, MAX_MESSAGES), `  Note over R,D: … ${lines.length - MAX_MESSAGES} more steps in the timelines below`] : lines;
  return ['sequenceDiagram', '  participant R as Desktop (renderer)', '  participant S as app-server', '  participant D as Disk (~/.codex)', ...shown].join('\n');
}

/** `A (019dece3)`: a letter per conversation in order of appearance, with the start of its id. */
function shortNames(stories: readonly ThreadStory[]): Map<string, string> {
  const names = new Map<string, string>();
  stories.forEach((s, i) => names.set(s.id, `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''} (${s.id.slice(0, 8)})`));
  return names;
}

function messageFor(e: TimelineEvent, names: Map<string, string>): string | null {
  const who = names.get(e.threadId);
  if (who === undefined) return null;
  switch (e.kind) {
    case 'conversation-created':
      return e.forkedFromId ? `  R->>S: side chat ${who} forked from ${names.get(e.forkedFromId) ?? e.forkedFromId.slice(0, 8)}` : `  R->>S: new conversation ${who}`;
    case 'thread-start':
      return `  R->>S: thread/start ${who}`;
    case 'turn-start':
      return `  R->>S: turn/start ${who}`;
    case 'inject-items':
      return `  R->>S: thread/inject_items ${who}`;
    case 'resume':
    case 'fork':
    case 'read':
      return `  R->>S: ${e.method ?? e.kind} ${who}`;
    case 'request-failed':
      return `  S-->>R: ${e.method ?? 'request'} ${who} failed${e.errorCode === null ? '' : ` ${e.errorCode}`}`;
    case 'rollout-created':
      return `  S->>D: rollout written for ${who}`;
    case 'row-created':
      return `  S->>D: threads row for ${who}`;
    default:
      return null;
  }
}
