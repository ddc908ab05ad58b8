import type { EventSource } from './timeline-event.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * Every kind of finding, one per failure mode, in README's order ("Finding kinds"): a stable contract for --json users.
 * FindingKind is their union, so that a misspelt kind in a detector, a table keyed by kind or a comparison does not
 * compile.
 */
export const FINDING_KINDS = [
  'unpersisted-conversation',
  'unpersisted-turns',
  'missing-thread-row',
  'missing-rollout-file',
  'empty-rollout-path',
  'rollout-path-not-a-file',
  'request-failed',
  'state-db-unreadable',
  'no-persisted-state',
  'unmaterialized-thread',
  'rollout-path-outside-home',
  'archive-mismatch',
  'id-mismatch',
  'duplicate-rollout',
  'duplicate-rollout-path',
  'missing-fork-parent',
  'missing-spawn-parent',
  'stale-spawn-edge',
  'unreadable-rollout',
  'unfinished-turn',
  'time-skew',
  'hidden-thread',
  'orphan-child-row',
  'backfill-incomplete',
  'external-row',
  'compression-debris',
  'sidebar-catalog-missing',
  'history-projection-stall',
  'active-writer-conflict',
  'rollout-migration-interrupted',
  'state-db-reset',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Evidence {
  source: EventSource;
  file: string;
  line: number;
  ts: number | null;
  text: string;
  /** As TimelineEvent.textAt: while its text is still to be read back. */
  textAt?: number;
}

export interface FindingRef {
  kind: FindingKind;
  threadId: string | null;
}

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  threadId: string | null;
  summary: string;
  cause: string;
  evidence: Evidence[];
  /** For a symptom (a failed request), the finding that explains it. */
  explainedBy: FindingRef | null;
  /** How many instances a grouped finding stands for (1 for a single one). */
  count: number;
  /** Every conversation a grouped finding stands for, when it names them all (`list` counts it for each). */
  threadIds?: string[];
  /** The findings a group by cause merged (group-by-cause.ts), each about one conversation. */
  members?: Finding[];
}
