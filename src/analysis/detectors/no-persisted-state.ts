import { turnCount } from '../../model/log-timeline.js';
import { finding, type Detector } from './detector.js';

/**
 * The logs show turns but there is neither a state DB nor a rollout folder to check them against, so no
 * conversation can be called unpersisted. Said once, instead of flagging every conversation.
 */
export const noPersistedState: Detector = {
  kind: 'no-persisted-state',
  detect(ctx) {
    const stats = ctx.rolloutStats;
    const haveRollouts = stats !== null && (stats.sessionsRootExists || stats.archivedRootExists);
    if (ctx.stateDb.status !== 'missing' || haveRollouts) return [];
    const withTurns = [...ctx.logTimelines].filter(([id, timeline]) => ctx.isSelected(id) && turnCount(timeline) > 0).length;
    if (withTurns === 0) return [];
    return [
      finding({
        kind: this.kind,
        severity: 'info',
        threadId: null,
        count: withTurns,
        summary: `${withTurns === 1 ? '1 conversation' : `${withTurns} conversations`} received turns, but ${ctx.inputs.codexHome ?? 'no Codex home'} holds no state DB and no rollouts to check them against`,
        cause:
          ctx.inputs.codexHomeBelow === null
            ? 'Point --codex-home at the Codex home that belongs to these logs (or copy it next to them) to judge persistence.'
            : `${ctx.inputs.codexHomeBelow} below it is a Codex home: give --codex-home ${ctx.inputs.codexHomeBelow} to judge persistence.`,
        evidence: [],
      }),
    ];
  },
};
