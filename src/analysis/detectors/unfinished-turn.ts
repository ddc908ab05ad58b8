import { rolloutEvidence } from '../context.js';
import type { Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';
import { groupWhenMany } from './group.js';

/** A turn can run for a long time; one whose file has not changed for an hour is not running any more. */
const IDLE_MS = 3_600_000;

/** F15: a rollout whose last turn started and never completed or aborted, and that has been idle since. */
export const unfinishedTurn: Detector = {
  kind: 'unfinished-turn',
  detect(ctx) {
    const found: Finding[] = [];
    for (const file of ctx.sources.rollouts) {
      const tail = file.tail;
      if (file.head.status !== 'ok' || tail?.lastTurn?.type !== 'start' || !ctx.isSelected(file.head.id)) continue;
      // A revert replaced this file: its last turn is history the thread no longer holds.
      if (ctx.supersededRollouts.has(file)) continue;
      if (ctx.sources.collectedAt - file.mtimeMs < IDLE_MS) continue;
      const turn = tail.lastTurn;
      found.push(
        finding({
          kind: this.kind,
          severity: 'low',
          threadId: file.head.id,
          summary: `The last turn${turn.turnId ? ` (${turn.turnId})` : ''} started${turn.ts ? ` at ${new Date(turn.ts).toISOString()}` : ''} and never completed or aborted`,
          cause:
            'The app-server stopped mid-turn (a crash, a quit, a reload) before writing task_complete or turn_aborted (openai/codex#23035). The reply of that turn was never saved.',
          evidence: [rolloutEvidence(file)],
        }),
      );
    }
    return groupWhenMany(found, (n) => `${n} rollouts end in a turn that never completed`, 20);
  },
};
