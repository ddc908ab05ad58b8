import type { RolloutTail } from './read-tail.js';

export type RolloutRoot = 'sessions' | 'archived_sessions';

/** What a rollout file name says: `rollout-YYYY-MM-DDThh-mm-ss-<uuid>[_<rollout uuid>][ (N)].jsonl[.zst]`. */
export interface RolloutFileName {
  /** `YYYY-MM-DDThh-mm-ss` as written: the writer's *local* time. */
  stamp: string;
  /** The stamp read as if it were UTC, in epoch ms (Codex writes local time; the offset is unknown). */
  localStampMs: number;
  /** The thread id (the first id in the name). */
  id: string;
  /**
   * The rollout id of a reverted thread's file (`<thread id>_<rollout id>`, #38127); absent for a one-id name, whose
   * rollout id is its thread id (see rolloutIdOf).
   */
  rolloutId?: string;
  /** N of a `(N)` copy suffix (#39853), else null. */
  copyIndex: number | null;
  compressed: boolean;
}

export interface SessionMetaHead {
  status: 'ok';
  /** `modern`: `{timestamp,type:"session_meta",payload}`; `legacy`: a bare `{id,timestamp,instructions,git}` line. */
  format: 'modern' | 'legacy';
  id: string;
  /** `payload.timestamp` in epoch ms. */
  timestamp: number | null;
  /** The envelope's write time in epoch ms (modern only). */
  writtenAt: number | null;
  forkedFromId: string | null;
  /** `source.subagent.thread_spawn.parent_thread_id` or B's `parent_thread_id`. */
  parentThreadId: string | null;
  /** `source` as JSON text or bare string; null when absent (files before ~0.37). */
  source: string | null;
  cwd: string | null;
  originator: string | null;
  cliVersion: string | null;
  /** Byte length of the first line, without its terminator. */
  headBytes: number;
  /**
   * `history_base` of a paginated fork or revert: the prefix it inherits from another rollout. Its `thread_id` field
   * holds a *rollout* id (protocol.rs HistoryPosition, since #38127). Absent when the line has none.
   */
  historyBase?: { rolloutId: string; endOrdinalExclusive: number | null };
}

export type RolloutHead =
  | SessionMetaHead
  | { status: 'empty' }
  | { status: 'compressed' }
  | { status: 'not-session-meta'; firstType: string | null }
  | { status: 'bad-json'; detail: string }
  | { status: 'too-long'; limitBytes: number }
  | { status: 'unreadable'; detail: string };

export interface RolloutFile {
  path: string;
  root: RolloutRoot;
  /** Path relative to the Codex home, with `/` separators. */
  relPath: string;
  /** Null when the name does not follow the rollout pattern. */
  name: RolloutFileName | null;
  size: number;
  mtimeMs: number;
  head: RolloutHead;
  /** The end of a plain rollout with a usable head, read through the same open file; null otherwise. */
  tail: RolloutTail | null;
}

export interface RolloutStats {
  sessionsRootExists: boolean;
  archivedRootExists: boolean;
  files: number;
  inSessions: number;
  inArchived: number;
  compressed: number;
  emptyFiles: number;
  /** Files whose head could not be used (bad JSON, not session_meta first, unreadable, too long). */
  unreadableHeads: number;
  /** Files under the roots that are not rollouts (other names), counted and skipped. */
  otherFiles: number;
  unreadableDirs: string[];
  /** Codex's temporary files (`.<op>.<…>.tmp`, left by an interrupted compression or write), relative to the home. */
  tempFiles: string[];
}
