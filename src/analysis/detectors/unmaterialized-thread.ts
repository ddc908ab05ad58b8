import { eventEvidence, isKnownOnDisk } from '../context.js';
import type { TimelineEvent } from '../../model/timeline-event.js';
import { countOf, turnCount } from '../../model/log-timeline.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';

/**
 * F2: `thread/start` with no turn, no row and no file. Normal (Codex writes nothing until the first user message), so
 * one info finding for all of them, to explain conversations that appear in the logs but nowhere else.
 */
export const unmaterializedThread: Detector = {
  kind: 'unmaterialized-thread',
  detect(ctx) {
    const starts: TimelineEvent[] = [];
    for (const [id, timeline] of ctx.logTimelines) {
      if (!ctx.isSelected(id) || isKnownOnDisk(ctx, id)) continue;
      // A queued message is input given: unpersisted-conversation's business.
      if (turnCount(timeline) > 0 || countOf(timeline, 'codex-home', 'queued-message') > 0) continue;
      const events = timeline.events;
      // A Desktop thread/start, or an app-server log that saw the thread loaded and shut down without input.
      const start = events.find((e) => e.kind === 'thread-start') ?? events.find((e) => e.source === 'log-db');
      if (start) starts.push(start);
    }
    if (starts.length === 0) return [];
    return [
      finding({
        kind: this.kind,
        severity: 'info',
        threadId: starts.length === 1 ? starts[0]!.threadId : null,
        count: starts.length,
        threadIds: starts.map((e) => e.threadId),
        summary: `${starts.length} conversation${starts.length === 1 ? ' was' : 's were'} started but never given a message, so never written`,
        cause: 'Deferred persistence (openai/codex#11028): Codex creates the rollout and the row with the first user message. Nothing was lost.',
        evidence: starts.slice(0, MAX_EVIDENCE).map(eventEvidence),
      }),
    ];
  },
};
