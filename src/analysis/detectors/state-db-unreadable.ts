import { finding, type Detector } from './detector.js';

/** A state DB that exists but cannot be read is a finding, not a crash: the rest of the analysis goes on without it. */
export const stateDbUnreadable: Detector = {
  kind: 'state-db-unreadable',
  detect(ctx) {
    if (ctx.stateDb.status !== 'unreadable') return [];
    return [
      finding({
        kind: this.kind,
        severity: 'high',
        threadId: null,
        summary: `The state DB cannot be read: ${ctx.stateDb.error}`,
        cause:
          'The file is damaged, truncated, not SQLite, or locked. Without it, missing rows and dangling rollout paths cannot be judged, and unpersisted conversations are judged from the rollout folders alone.',
        evidence: [{ source: 'state-db', file: ctx.stateDb.path, line: 0, ts: null, text: ctx.stateDb.error }],
      }),
    ];
  },
};
