import type { Detector } from './detector.js';
import { emptyRolloutPath } from './empty-rollout-path.js';
import { missingRolloutFile } from './missing-rollout-file.js';
import { missingThreadRow } from './missing-thread-row.js';
import { noPersistedState } from './no-persisted-state.js';
import { requestFailed } from './request-failed.js';
import { rolloutPathNotAFile } from './rollout-path-not-a-file.js';
import { stateDbUnreadable } from './state-db-unreadable.js';
import { unpersistedConversation } from './unpersisted-conversation.js';

/** Run in this order: symptoms (request-failed) come last so they can point at the finding that explains them. */
export const DETECTORS: readonly Detector[] = [
  stateDbUnreadable,
  noPersistedState,
  unpersistedConversation,
  missingThreadRow,
  missingRolloutFile,
  emptyRolloutPath,
  rolloutPathNotAFile,
  requestFailed,
];

export type { Detector } from './detector.js';
