import type { EphemeralRequest } from '../model/ephemeral-request.js';
import type { TimelineEvent } from '../model/timeline-event.js';

export interface EphemeralTally {
  /** Looks at one log event and the fields of its line. */
  observe(event: TimelineEvent, fields: Readonly<Record<string, string | undefined>>): void;
  requests: EphemeralRequest[];
}

/** Keeps the Desktop log lines that asked for an ephemeral thread, as they are read: folded, a line's fields are gone. */
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

/** A line that asks for an ephemeral thread holds this. */
export const EPHEMERAL_NEEDLES: readonly string[] = ['ephemeral'];

/** `ephemeral=true` on the line, or `"ephemeral":true` in its `params`. */
function askedEphemeral(fields: Readonly<Record<string, string | undefined>>): boolean {
  if (fields.ephemeral === 'true') return true;
  const params = fields.params;
  return params !== undefined && /"ephemeral"\s*:\s*true/.test(params);
}
