import { finding, type Detector } from './detector.js';

/** F19: the state DB has not finished indexing the rollouts, so a missing row may only be not-yet-indexed. */
export const backfillIncomplete: Detector = {
  kind: 'backfill-incomplete',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok' || ctx.stateDb.backfill === null || ctx.stateDb.backfill.status === 'complete') return [];
    const b = ctx.stateDb.backfill;
    return [
      finding({
        kind: this.kind,
        severity: 'info',
        threadId: null,
        summary: `The state DB backfill is '${b.status}', not 'complete'`,
        cause:
          'Codex indexes existing rollouts into threads rows in the background after an upgrade; until it completes, missing-thread-row findings (reported as low) may resolve themselves.',
        evidence: [
          {
            source: 'state-db',
            file: ctx.stateDb.path,
            line: 0,
            ts: b.updatedAt === null ? null : b.updatedAt * 1000,
            text: `backfill_state status=${b.status} last_watermark=${b.lastWatermark ?? 'null'}`,
          },
        ],
      }),
    ];
  },
};
