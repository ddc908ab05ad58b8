import { archiveMismatch } from './archive-mismatch.js';
import { backfillIncomplete } from './backfill-incomplete.js';
import { compressionDebris } from './compression-debris.js';
import type { Detector } from './detector.js';
import { duplicateRollout } from './duplicate-rollout.js';
import { duplicateRolloutPath } from './duplicate-rollout-path.js';
import { emptyRolloutPath } from './empty-rollout-path.js';
import { externalRow } from './external-row.js';
import { hiddenThread } from './hidden-thread.js';
import { idMismatch } from './id-mismatch.js';
import { missingForkParent } from './missing-fork-parent.js';
import { missingRolloutFile } from './missing-rollout-file.js';
import { missingThreadRow } from './missing-thread-row.js';
import { noPersistedState } from './no-persisted-state.js';
import { orphanChildRow } from './orphan-child-row.js';
import { requestFailed } from './request-failed.js';
import { rolloutPathNotAFile } from './rollout-path-not-a-file.js';
import { rolloutPathOutsideHome } from './rollout-path-outside-home.js';
import { sidebarCatalogMissing } from './sidebar-catalog-missing.js';
import { historyProjectionStall } from './history-projection-stall.js';
import { activeWriterConflict } from './active-writer-conflict.js';
import { rolloutMigrationInterrupted } from './rollout-migration-interrupted.js';
import { stateDbReset } from './state-db-reset.js';
import { missingSpawnParent, staleSpawnEdge } from './spawn-lineage.js';
import { stateDbUnreadable } from './state-db-unreadable.js';
import { timeSkew } from './time-skew.js';
import { unfinishedTurn } from './unfinished-turn.js';
import { unmaterializedThread } from './unmaterialized-thread.js';
import { unpersistedConversation } from './unpersisted-conversation.js';
import { unpersistedTurns } from './unpersisted-turns.js';
import { unreadableRollout } from './unreadable-rollout.js';

/**
 * One detector per failure mode (codex-formats.md §9). Run in this order: symptoms (request-failed) come last so they
 * can point at the finding that explains them.
 */
export const DETECTORS: readonly Detector[] = [
  stateDbUnreadable,
  noPersistedState,
  unpersistedConversation, // F1
  unpersistedTurns, // lost turns of a persisted conversation
  unmaterializedThread, // F2
  missingThreadRow, // F3
  missingRolloutFile, // F4
  emptyRolloutPath, // F5
  rolloutPathNotAFile, // F6
  rolloutPathOutsideHome, // F7
  archiveMismatch, // F8
  idMismatch, // F9
  duplicateRollout, // F10
  duplicateRolloutPath, // F11
  missingForkParent, // F12
  missingSpawnParent, // F13
  staleSpawnEdge, // F13
  unreadableRollout, // F14
  unfinishedTurn, // F15
  timeSkew, // F16
  hiddenThread, // F17
  orphanChildRow, // F18
  backfillIncomplete, // F19
  externalRow, // F20
  compressionDebris, // F22
  sidebarCatalogMissing, // upstream-delta C1
  historyProjectionStall, // C2, C3, C6
  activeWriterConflict, // C4
  rolloutMigrationInterrupted, // C11
  stateDbReset, // C7
  requestFailed, // F21
];

export type { Detector } from './detector.js';
