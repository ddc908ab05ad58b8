import type { ThreadStory } from '../../analysis/thread-story.js';
import type { TimelineEvent } from '../../model/timeline-event.js';
import { shortThreadId } from '../format.js';
import { compareEvents } from '../../analysis/timeline.js';

/** More arrows than this are no picture at GitHub's width: the diagram then sums each conversation up instead. */
const MAX_MESSAGES = 24;

/**
 * A Mermaid sequence diagram (GitHub renders it) of the affected conversations: what the Desktop renderer asked,
 * what the app-server answered, and what reached the disk. Labels are built from our own words and short ids only,
 * so no log text can break the diagram.
 */
export function sequenceDiagram(stories: readonly ThreadStory[]): string | null {
  const names = shortNames(stories);
  const events = stories.flatMap((s) => s.events).sort(compareEvents);
  let arrows = collapseRepeats(events.map((e) => messageFor(e, names)));
  if (arrows.length > MAX_MESSAGES) arrows = summaryArrows(stories, names);
  const notes: string[] = [];
  for (const story of stories) {
    const name = names.get(story.id)!;
    if (!story.persisted.threadRow && story.persisted.rolloutFile === null) notes.push(`  Note over Server,Disk: ${name} never reached disk`);
    else if (!story.persisted.threadRow) notes.push(`  Note over Disk: ${name}: rollout on disk, threads row missing`);
    else if (story.persisted.rolloutFile === null) notes.push(`  Note over Disk: ${name}: threads row, rollout file missing`);
  }
  if (arrows.length + notes.length === 0) return null;
  // Many conversations can still make too many: the rest are in the timelines, and every note stays.
  const cut =
    arrows.length > MAX_MESSAGES
      ? [...arrows.slice(0, MAX_MESSAGES), `  Note over Desktop,Disk: … ${arrows.length - MAX_MESSAGES} more steps in the timelines below`]
      : arrows;
  const shown = [...cut, ...notes];
  // Participants are words, so that no conversation's letter can be read as one of them.
  return [
    'sequenceDiagram',
    '  participant Desktop as Desktop (renderer)',
    '  participant Server as app-server',
    '  participant Disk as Disk (~/.codex)',
    ...shown,
  ].join('\n');
}

/** Consecutive equal arrows as one, `×N`. */
function collapseRepeats(lines: readonly (string | null)[]): string[] {
  const out: string[] = [];
  let last = '';
  let repeat = 1;
  for (const line of lines) {
    if (line === null) continue;
    if (line === last) {
      repeat += 1;
      out[out.length - 1] = `${line} ×${repeat}`;
      continue;
    }
    last = line;
    repeat = 1;
    out.push(line);
  }
  return out;
}

/**
 * Each conversation on its own, in order of first appearance: the arrows it had, each kind once with its count, so
 * that a long incident still reads as a picture. The interleaving is in the timelines.
 */
function summaryArrows(stories: readonly ThreadStory[], names: Map<string, string>): string[] {
  const out: string[] = [];
  for (const story of stories) {
    const counts = new Map<string, number>();
    for (const e of story.events) {
      const line = messageFor(e, names);
      if (line !== null) counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    for (const [line, n] of counts) out.push(n > 1 ? `${line} ×${n}` : line);
  }
  return out;
}

/** `A (019dece3-985e)`: a letter per conversation in order of appearance, with the start of its id (shortThreadId). */
function shortNames(stories: readonly ThreadStory[]): Map<string, string> {
  const names = new Map<string, string>();
  stories.forEach((s, i) => {
    names.set(s.id, `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''} (${shortThreadId(s.id)})`);
  });
  return names;
}

function messageFor(e: TimelineEvent, names: Map<string, string>): string | null {
  const who = names.get(e.threadId);
  if (who === undefined) return null;
  switch (e.kind) {
    case 'conversation-created':
      return e.forkedFromId
        ? `  Desktop->>Server: side chat ${who} forked from ${names.get(e.forkedFromId) ?? shortThreadId(e.forkedFromId)}`
        : `  Desktop->>Server: new conversation ${who}`;
    case 'thread-start':
      return `  Desktop->>Server: thread/start ${who}`;
    case 'turn-start':
      return `  Desktop->>Server: turn/start ${who}`;
    case 'inject-items':
      return `  Desktop->>Server: thread/inject_items ${who}`;
    case 'resume':
    case 'fork':
    case 'read':
      return `  Desktop->>Server: ${e.method ?? e.kind} ${who}`;
    case 'request-failed':
      return `  Server-->>Desktop: ${e.method ?? 'request'} ${who} failed${e.errorCode === null ? '' : ` ${e.errorCode}`}`;
    case 'rollout-created':
      return `  Server->>Disk: rollout written for ${who}`;
    case 'row-created':
      return `  Server->>Disk: threads row for ${who}`;
    default:
      return null;
  }
}
