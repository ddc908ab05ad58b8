/**
 * Requests that asked for an ephemeral thread: `thread/start {ephemeral:true}` (`codex exec --ephemeral`, scripted
 * clients) and `thread/fork {ephemeral:true}` (Desktop side chats, tui/src/app/side.rs "an ephemeral fork"). Codex never
 * writes a row or a rollout for these (codex-formats.md §3, upstream-delta B10). Only such lines are kept: a few per
 * log set, whatever its size.
 */
export interface EphemeralRequest {
  /** The conversation the line names: the new thread for a start, the parent for a fork (Desktop logs the request's). */
  threadId: string;
  kind: 'thread-start' | 'fork';
  ts: number | null;
  file: string;
  line: number;
}
