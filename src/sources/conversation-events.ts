import { dirname } from 'node:path';
import type { TimelineEvent } from '../model/timeline-event.js';
import { readLogDbEvents } from './log-db/read.js';
import { readRolloutEvents } from './rollouts/read-events.js';
import type { Sources } from './types.js';

export interface ConversationEvents {
  events: TimelineEvent[];
  /** What could not be read or was left out, one line each, for the command to say. */
  notes: string[];
}

/**
 * Events only a full read finds, so only for the conversations shown: the turn events inside the conversation's own
 * rollout files, and its lines in Codex's log databases.
 */
export async function readConversationEvents(sources: Sources, id: string, includeContent: boolean): Promise<ConversationEvents> {
  const files = sources.rollouts.filter((f) => (f.head.status === 'ok' ? f.head.id === id : f.name?.id === id));
  const events: TimelineEvent[] = [];
  const notes: string[] = [];
  for (const file of files) events.push(...(await readRolloutEvents(file, id, { includeContent })).events);
  if (sources.inputs.stateDb !== null) {
    const logDb = readLogDbEvents(dirname(sources.inputs.stateDb), id, { includeContent });
    events.push(...logDb.events);
    for (const bad of logDb.unreadable) notes.push(`${bad.path}: not read (${bad.error})`);
    if (logDb.omitted > 0) notes.push(`${logDb.omitted} more log database lines for ${id} not shown`);
  }
  return { events, notes };
}
