import { plural } from '../../util/plural.js';
import { eventEvidence } from '../context.js';
import { matchErrorSignature } from '../../model/error-signatures.js';
import type { Finding } from '../../model/finding.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';
import { errorCountOf, errorEventsOf } from './error-events.js';

const STALL_SIGNATURES: ReadonlySet<string> = new Set(['projection-stall', 'paginated-fork-stall', 'subagent-prefix-incomplete']);
const ORDINALS = /expected ordinal (\d+), got (\d+)/;
const PREFIX = /expected inherited prefix through ordinal (\d+), found final durable ordinal (\d+)/;

/**
 * C2, C3, C6: Codex's paginated history projection (thread_history_*.sqlite) stopped short of the rollout. The errors
 * name the ordinals: `expected ordinal N, got N-1` (a reused or duplicate ordinal at a resume boundary, or NUL lines
 * after a host crash), a fork or side chat that cannot be prepared on it, or a subagent whose inherited prefix ends on
 * a line that never became durable.
 */
export const historyProjectionStall: Detector = {
  kind: 'history-projection-stall',
  detect(ctx) {
    const found: Finding[] = [];
    for (const [id, timeline] of ctx.logTimelines) {
      if (!ctx.isSelected(id)) continue;
      const events = errorEventsOf(timeline, STALL_SIGNATURES);
      if (events.length === 0) continue;
      const variants = new Set(events.map((e) => matchErrorSignature(e.errorMessage)!.id));
      const ordinals = events.map((e) => ORDINALS.exec(e.errorMessage ?? '') ?? PREFIX.exec(e.errorMessage ?? '')).find((m) => m !== null);
      const where = ordinals ? ` at ordinal ${ordinals[1]} (the last durable one is ${ordinals[2]})` : '';
      const what = [
        variants.has('projection-stall') ? `its paginated history projection is stalled${where}` : null,
        variants.has('paginated-fork-stall')
          ? `a fork or side chat of it could not start on the stalled projection${variants.has('projection-stall') ? '' : where}`
          : null,
        variants.has('subagent-prefix-incomplete')
          ? `its subagent rollout's inherited prefix is incomplete${variants.has('projection-stall') ? '' : where}`
          : null,
      ]
        .filter(Boolean)
        .join('; ');
      const count = errorCountOf(timeline, STALL_SIGNATURES);
      found.push(
        finding({
          kind: this.kind,
          severity: 'high',
          threadId: id,
          count,
          summary: `${capitalise(what)} (${plural(count, 'error')} logged)`,
          cause:
            'Codex projects each paginated rollout into its history database line by line, by ordinal. A reused or missing ordinal (usually right after token_count or thread_settings_applied at a resume boundary, or NUL-only lines left by a host crash) stops the projection: after a restart the conversation shows only the history before it, forks and side chats of it fail to prepare, and subagents cannot resume (openai/codex#35746, openai/codex#38248, openai/codex#40747, openai/codex#41566, openai/codex#44562). The rollout file still holds every line.',
          evidence: events.slice(0, MAX_EVIDENCE).map(eventEvidence),
        }),
      );
    }
    return found;
  },
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
