import { plural } from '../../util/plural.js';
import { basename } from 'node:path';
import type { StateDbRead } from '../../sources/state-db/types.js';
import { eventEvidence } from '../context.js';
import { ephemeralOrigin } from '../ephemeral.js';
import type { EphemeralRequest } from '../../model/ephemeral-request.js';
import type { Evidence, Finding, Severity } from '../../model/finding.js';
import { type TimelineEvent, isTurnEvent } from '../../model/timeline-event.js';
import { uuidV7TimeMs } from '../../sources/thread-id.js';
import { countOf, countOfKind, turnCount, type LogTimeline } from '../../model/log-timeline.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';

/**
 * F1, the seed incident: Desktop routed turns to a conversation that has no `threads` row and no rollout in either
 * root. A `thread/start` alone is deferred persistence (the first user message writes the file) and is not flagged.
 *
 * A conversation the logs show was asked for as ephemeral (`thread/start` or `thread/fork` with `ephemeral: true`:
 * `codex exec --ephemeral`, Desktop side chats) was never meant to be kept: info for an ephemeral start, low for a
 * side chat. It stays critical when a later `thread/resume` or `thread/fork` asked for it: the user expected it back.
 */
export const unpersistedConversation: Detector = {
  kind: 'unpersisted-conversation',
  detect(ctx) {
    const db = ctx.stateDb.status;
    const haveRollouts = ctx.rolloutStats !== null && (ctx.rolloutStats.sessionsRootExists || ctx.rolloutStats.archivedRootExists);
    // Without any persisted state to look in, absence proves nothing (see no-persisted-state).
    if (db !== 'ok' && !haveRollouts) return [];
    const findings = [];
    const ephemeralRequests = ctx.sources.ephemeralRequests ?? [];
    for (const [id, timeline] of ctx.logTimelines) {
      if (!ctx.isSelected(id)) continue;
      // A message still queued (queue_N.sqlite) is input the user gave, though it never became a turn.
      const queued = countOf(timeline, 'codex-home', 'queued-message');
      if (turnCount(timeline) === 0 && queued === 0) continue;
      if (ctx.rowsById.has(id) || ctx.rolloutsById.has(id)) continue;
      const events = timeline.events;
      const turns = events.filter((e) => isTurnEvent(e) || e.kind === 'queued-message');
      const parent = timeline.forkedFromId;
      const injects = countOfKind(timeline, 'inject-items');
      const starts = countOf(timeline, 'desktop-log', 'turn-start');
      const inLogDb = countOf(timeline, 'log-db', 'turn-start') > 0;
      const prompts = countOf(timeline, 'history', 'user-message');
      const what = parent !== null ? `Side chat forked from ${parent}` : 'Conversation';
      const received = [
        starts > 0 || injects > 0 ? `${methodCount(starts, 'turn/start')} and ${methodCount(injects, 'thread/inject_items')}` : null,
        inLogDb ? 'user input (per the app-server log database)' : null,
        prompts > 0 ? `${plural(prompts, 'prompt')} (per history.jsonl)` : null,
        queued > 0 ? `${queued} queued message${queued === 1 ? '' : 's'} never sent as a turn (per the queue database)` : null,
      ]
        .filter(Boolean)
        .join(' and ');
      const caveat = db === 'ok' ? '' : ` (${noStateDb(ctx.stateDb)}, so only the rollout roots were searched)`;
      const resumedAfter = starts + injects === 0 && !inLogDb ? promptsLongAfterCreation(id, turns) : null;
      if (resumedAfter !== null) {
        findings.push(
          finding({
            kind: this.kind,
            severity: 'medium',
            threadId: id,
            summary: `${what} received ${received}, the last ${days(resumedAfter)} after its creation, but has no threads row and no rollout file: ${ONCE_PERSISTED}${caveat}`,
            cause: `history.jsonl holds prompts ${days(resumedAfter)} after the time in the thread's UUIDv7 id. The CLI resumes a conversation only from its rollout, so one existed; it was deleted since, or this home was copied without it.`,
            evidence: evidenceOf(events, turns),
          }),
        );
        continue;
      }
      const origin = ephemeralOrigin(ephemeralRequests, id, parent, timeline.firstTs);
      const byDesign = origin !== null && !askedForLater(timeline);
      findings.push(
        finding({
          kind: this.kind,
          severity: byDesign ? byDesignSeverity(origin) : db === 'ok' ? 'critical' : 'high',
          threadId: id,
          summary: `${what} received ${received} but has no threads row and no rollout file${caveat}${byDesign ? ': ephemeral by design, and nothing asked for it again' : ''}`,
          cause: byDesign ? byDesignCause(origin) : causeOf(parent, timeline),
          evidence: evidenceOf(events, turns),
        }),
      );
    }
    return findings;
  },
};

/** Said of a conversation whose evidence shows it had a rollout once. */
const ONCE_PERSISTED = 'rollout deleted or not copied';

/** Whether a finding is about a conversation that was persisted once (see promptsLongAfterCreation). */
export function onceHadRollout(f: Finding): boolean {
  return f.kind === 'unpersisted-conversation' && f.summary.includes(`: ${ONCE_PERSISTED}`);
}

/**
 * A process keeps a conversation in memory for a session, not for days: a prompt a day or more after the creation
 * time in the id came from a resumed conversation, and the CLI resumes only from a rollout.
 */
const RESUME_PROOF_MS = 24 * 3_600_000;

/** How long after the id's UUIDv7 time the last prompt came, when that proves a resume; null otherwise. */
function promptsLongAfterCreation(id: string, turns: readonly TimelineEvent[]): number | null {
  const created = uuidV7TimeMs(id);
  if (created === null) return null;
  let last: number | null = null;
  for (const turn of turns) if (turn.source === 'history' && turn.ts !== null) last = Math.max(last ?? turn.ts, turn.ts);
  return last !== null && last - created >= RESUME_PROOF_MS ? last - created : null;
}

function days(ms: number): string {
  const d = Math.floor(ms / 86_400_000);
  return d >= 2 ? `${d} days` : d === 1 ? '1 day' : `${Math.floor(ms / 3_600_000)} hours`;
}

function noStateDb(db: StateDbRead): string {
  if (db.status === 'unreadable') return 'the state DB could not be read';
  if (db.status === 'missing' && db.leftovers !== undefined) return `there is no state DB: only its ${db.leftovers.map((p) => basename(p)).join(' and ')}`;
  return 'there is no state DB';
}

/** A later resume or fork of the conversation (tried, done or failed): the user, or Desktop for them, wanted it back. */
function askedForLater(timeline: LogTimeline): boolean {
  if (countOfKind(timeline, 'resume') + countOfKind(timeline, 'resume-attempt') + countOfKind(timeline, 'fork') > 0) return true;
  return timeline.failures.some((g) => g.method === 'thread/resume' || g.method === 'thread/fork');
}

function byDesignSeverity(origin: EphemeralRequest): Severity {
  // An ephemeral start is a choice of the caller (`codex exec --ephemeral`); a side chat is Desktop's, which a user may not know.
  return origin.kind === 'thread-start' ? 'info' : 'low';
}

function byDesignCause(origin: EphemeralRequest): string {
  const when = origin.ts === null ? '' : ` at ${new Date(origin.ts).toISOString()}`;
  return origin.kind === 'thread-start'
    ? `The thread was started with \`ephemeral: true\`${when} (as \`codex exec --ephemeral\` and scripted clients do): Codex keeps it in memory only and never writes a row or a rollout. Nothing was lost that was meant to be kept.`
    : `Desktop side chats are ephemeral forks (thread/fork of ${origin.threadId} with ephemeral: true${when}): Codex never writes them to disk, and nothing asked for this one after its turns. Its turns were never meant to outlive the loaded chat.`;
}

function causeOf(parent: string | null, timeline: LogTimeline): string {
  const messages = [...timeline.events, ...timeline.failures.flatMap((g) => g.events)].map((e) => e.errorMessage);
  if (messages.some((m) => m?.includes('failed to materialize thread persistence'))) {
    return 'Codex failed to create the rollout and the row (`failed to materialize thread persistence`); the conversation lived in memory only and is gone.';
  }
  if (parent !== null) {
    return `Desktop side chats are ephemeral forks of ${parent}: the app-server accepts inject_items and turn/start while the chat is loaded but never writes a rollout or a row, so nothing survives a reload (openai/codex#20944, openai/codex#22001). Nothing on disk can restore these turns.`;
  }
  return "The conversation was only ever in the app-server's memory: an ephemeral thread, a failed materialization or a late thread/start (openai/codex#30348). Nothing on disk can restore these turns.";
}

function evidenceOf(events: readonly TimelineEvent[], turns: readonly TimelineEvent[]): Evidence[] {
  const picked = new Set<TimelineEvent>();
  const creation = events.find((e) => e.kind === 'conversation-created' || e.forkedFromId !== null);
  if (creation) picked.add(creation);
  for (const turn of turns.slice(0, MAX_EVIDENCE - 2)) picked.add(turn);
  const last = turns[turns.length - 1];
  if (last) picked.add(last);
  return [...picked].slice(0, MAX_EVIDENCE).map(eventEvidence);
}

/** `2 turn/start`: a method's name is never put in the plural. */
function methodCount(n: number, method: string): string {
  return `${n} ${method}`;
}
