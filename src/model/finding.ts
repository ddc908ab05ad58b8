import type { EventSource } from './timeline-event.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

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
  kind: string;
  threadId: string | null;
}

export interface Finding {
  kind: string;
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
