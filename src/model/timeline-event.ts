/**
 * What every source's lines and rows become: one event of one conversation. The records here are shared by every
 * layer (src/model/ imports nothing of the project).
 */

/** `codex-home`: another file of the Codex home (the Desktop sidebar catalog, the queue DB, journals, locks, backups). */
export type EventSource = 'desktop-log' | 'rollout' | 'state-db' | 'log-db' | 'tui-log' | 'history' | 'codex-home';

/** What happened to a conversation, as far as one source line can tell. */
export type EventKind =
  | 'conversation-created'
  | 'thread-start'
  | 'turn-start'
  | 'inject-items'
  | 'fork'
  | 'resume'
  | 'resume-attempt'
  | 'read'
  | 'request'
  | 'request-failed'
  | 'unknown-conversation'
  | 'log'
  | 'rollout-created'
  /** A user message still in `queue_N.sqlite` `queued_items`: given, never sent as a turn. */
  | 'queued-message'
  /** A rollout a `thread/revert` wrote (`<thread id>_<rollout id>`), or Desktop's `thread/revert` request. */
  | 'thread-reverted'
  | 'row-created'
  | 'row-updated'
  | 'row-archived'
  | 'turn-started'
  | 'turn-complete'
  | 'turn-aborted'
  | 'user-message'
  | 'thread-renamed'
  | 'rollout-error';

export interface TimelineEvent {
  threadId: string;
  /** Epoch ms, or null when no source said when. */
  ts: number | null;
  source: EventSource;
  kind: EventKind;
  method: string | null;
  level: string | null;
  /** One line for people; never the full raw input. */
  text: string;
  file: string;
  /** 1-based line in `file`; 0 when the event does not come from a line (a DB row). */
  line: number;
  /** Order of the event within its file, to keep untimed lines in place when sorting. */
  seq: number;
  errorCode: number | null;
  errorMessage: string | null;
  /** The parent named by a fork (`forkedFromId`), when the line names one. */
  forkedFromId: string | null;
  /** For a turn the Desktop log routed to a persisted conversation: whether it reached disk. */
  turnStatus?: 'persisted' | 'unpersisted' | 'unknown';
  /**
   * While its text is deferred (`text` is empty), where src/log-index/ reads it back from: months of logs keep a great
   * many sample events, and their text was most of the memory (docs/decisions.md). A number, so it costs nothing; only the log
   * index makes or reads it (every other layer carries it along untouched), and clears it once the text is read back.
   */
  textAt?: number;
}

export const TURN_KINDS: readonly EventKind[] = ['turn-start', 'inject-items', 'user-message'];
const TURN_KIND_SET: ReadonlySet<EventKind> = new Set(TURN_KINDS);

/** Any sign that the user gave the conversation input: a routed turn, injected items, or or a prompt the user submitted. */
export function isTurnEvent(e: TimelineEvent): boolean {
  return TURN_KIND_SET.has(e.kind);
}

/** A turn the Desktop log routed to a conversation: a successful `turn/start` or `thread/inject_items` request. */
export function isRoutedTurn(e: TimelineEvent): boolean {
  return e.source === 'desktop-log' && (e.kind === 'turn-start' || e.kind === 'inject-items');
}
