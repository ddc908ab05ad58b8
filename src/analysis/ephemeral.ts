import type { EphemeralRequest } from '../model/ephemeral-request.js';
import type { TimelineEvent } from '../model/timeline-event.js';

export interface EphemeralTally {
  /** Looks at one log event and the fields of its line. */
  observe(event: TimelineEvent, fields: Readonly<Record<string, string | undefined>>): void;
  requests: EphemeralRequest[];
}

export function createEphemeralTally(): EphemeralTally {
  const requests: EphemeralRequest[] = [];
  return {
    requests,
    observe(event, fields) {
      if (event.kind !== 'fork' && event.kind !== 'thread-start') return;
      if (!askedEphemeral(fields)) return;
      requests.push({ threadId: event.threadId, kind: event.kind, ts: event.ts, file: event.file, line: event.line });
    },
  };
}

/** `ephemeral=true` on the line, or `"ephemeral":true` in its `params`. */
function askedEphemeral(fields: Readonly<Record<string, string | undefined>>): boolean {
  if (fields.ephemeral === 'true') return true;
  const params = fields.params;
  return params !== undefined && /"ephemeral"\s*:\s*true/.test(params);
}

/** How far a side chat's creation may trail the fork request that made it. */
const FORK_TO_CREATION_MS = 10_000;

/**
 * The ephemeral request that made `id`, if the logs hold one: a start of `id` itself, or a fork of its parent shortly
 * before `id` was first seen.
 */
export function ephemeralOrigin(requests: readonly EphemeralRequest[], id: string, parent: string | null, firstSeen: number | null): EphemeralRequest | null {
  for (const r of requests) {
    if (r.kind === 'thread-start' && r.threadId === id) return r;
    if (r.kind === 'fork' && parent !== null && r.threadId === parent && r.ts !== null && firstSeen !== null && firstSeen >= r.ts - 1_000 && firstSeen - r.ts <= FORK_TO_CREATION_MS) return r;
  }
  return null;
}
