import type { TimelineEvent } from '../model/timeline-event.js';
import { readConversationEvents } from '../sources/conversation-events.js';
import type { Sources } from '../sources/types.js';
import { warn } from './output.js';

/** A shown conversation's own rollout and log-database events; what could not be read is said on stderr. */
export async function rolloutStoryEvents(sources: Sources, id: string, includeContent: boolean): Promise<TimelineEvent[]> {
  const { events, notes } = await readConversationEvents(sources, id, includeContent);
  for (const note of notes) warn(note);
  return events;
}
