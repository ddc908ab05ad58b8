/** What a repair plan is made of and from: planned purely (analysis/repair-plan.ts), applied separately (apply/). */

import type { FindingKind } from './finding.js';

export type SqlValue = string | number | null;

export interface ColumnInfo {
  name: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

/** A rollout found on disk for an id, as the plan needs it. */
export interface FoundRollout {
  /** Path below the Codex home, with `/`. */
  relPath: string;
  archived: boolean;
}

/**
 * What Codex itself would put in a `threads` row for this rollout, derived the way `codex-rs/state/src/extract.rs`
 * does: `session_meta` for identity, source, provider, cwd and git; the last `turn_context` for sandbox, approval,
 * model and effort; the first `user_message` for title and first message; the last `token_count` for tokens used;
 * the file's mtime for `updated_at`.
 */
export interface RowFacts {
  id: string;
  createdAtMs: number;
  updatedAtMs: number;
  source: string;
  modelProvider: string;
  cwd: string;
  cliVersion: string;
  title: string;
  firstUserMessage: string;
  hasUserEvent: boolean;
  sandboxPolicy: string;
  approvalMode: string;
  tokensUsed: number;
  gitSha: string | null;
  gitBranch: string | null;
  gitOriginUrl: string | null;
  agentNickname: string | null;
  agentRole: string | null;
  agentPath: string | null;
  memoryMode: string | null;
  model: string | null;
  reasoningEffort: string | null;
  threadSource: string | null;
  historyMode: string | null;
  name: string | null;
  badLines: number;
}

export interface RepairFacts {
  database: string;
  schemaVersion: number | null;
  /** `threads` columns in table order, as PRAGMA table_info gives them. */
  columns: readonly ColumnInfo[];
  /** Row values derived from the rollout, for each id whose row is missing. */
  rowFacts: ReadonlyMap<string, RowFacts>;
  rollouts: ReadonlyMap<string, FoundRollout>;
  codexHome: string;
  /** The home the DB's paths were written under, when it is not the analysed one (a copied home). */
  recordedHome: string | null;
  /** Path separator of the machine the DB belongs to. */
  separator: '/' | '\\';
}

export interface RepairStep {
  kind: FindingKind;
  threadId: string;
  explanation: string;
  sql: string;
  params: SqlValue[];
}

export interface RepairNote {
  kind: FindingKind;
  threadId: string | null;
  text: string;
  evidence: string[];
}

export interface RepairPlan {
  database: string;
  schemaVersion: number | null;
  steps: RepairStep[];
  notes: RepairNote[];
}
