import { plural } from '../../util/plural.js';
import { eventEvidence } from '../context.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { TimelineEvent } from '../../model/timeline-event.js';
import type { LogTimeline } from '../../model/log-timeline.js';
import type { WriterLock } from '../../sources/writer-locks/read.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';
import { errorCountOf, errorEventsOf } from './error-events.js';

const WRITER_SIGNATURES: ReadonlySet<string> = new Set(['active-writer']);

/**
 * C4: `thread <id> already has an active writer` (a Conflict, -32600 in Desktop's log, often looping with
 * `source=thread_hydration`): another process holds the thread's single-writer lock. Names the holder when the logs
 * show one: a Codex CLI/TUI session that logged the thread (CODEX_HOME/log/), else the lock file's creation. The lock
 * files themselves are normal and never flagged.
 */
export const activeWriterConflict: Detector = {
  kind: 'active-writer-conflict',
  detect(ctx) {
    const found: Finding[] = [];
    const locks = ctx.sources.writerLocks ?? new Map<string, WriterLock>();
    for (const [id, timeline] of ctx.logTimelines) {
      if (!ctx.isSelected(id)) continue;
      const events = errorEventsOf(timeline, WRITER_SIGNATURES);
      if (events.length === 0) continue;
      const count = errorCountOf(timeline, WRITER_SIGNATURES);
      const holder = holderOf(timeline, events[0]!, locks.get(id));
      const lock = locks.get(id);
      const evidence: Evidence[] = [...events.slice(0, MAX_EVIDENCE - 2).map(eventEvidence)];
      if (holder.event !== null) evidence.push(eventEvidence(holder.event));
      if (lock !== undefined)
        evidence.push({
          source: 'codex-home',
          file: lock.path,
          line: 0,
          ts: lock.mtimeMs,
          text: `writer lock file for ${id}, created ${new Date(lock.mtimeMs).toISOString()}`,
        });
      found.push(
        finding({
          kind: this.kind,
          severity: 'medium',
          threadId: id,
          count,
          summary: `Resuming was refused ${plural(count, 'time')}: the thread already has an active writer (${holder.name})`,
          cause: `Codex lets one process write a thread (thread-writer-locks/, openai/codex#34986). ${capitalise(holder.name)} held it, so this app-server could read the thread but not resume it (openai/codex#37403, openai/codex#37552). Nothing is lost: close that session (or quit the other Codex), then reopen the conversation; the lock file itself is harmless and stays behind.`,
          evidence: evidence.slice(0, MAX_EVIDENCE),
        }),
      );
    }
    return found;
  },
};

/** The likeliest holder: a CLI/TUI session that logged the thread before the refusal, else what the lock file says. */
function holderOf(timeline: LogTimeline, refused: TimelineEvent, lock: WriterLock | undefined): { name: string; event: TimelineEvent | null } {
  const tui = timeline.events.filter((e) => e.source === 'tui-log' && e.errorMessage === null && (refused.ts === null || e.ts === null || e.ts <= refused.ts));
  const last = tui[tui.length - 1];
  if (last !== undefined)
    return {
      name: `a Codex CLI/TUI session that logged it in ${last.file.split(/[\\/]/).pop()}${last.ts === null ? '' : ` up to ${new Date(last.ts).toISOString()}`}`,
      event: last,
    };
  if (lock !== undefined)
    return { name: `another Codex process, which took its writer lock first (lock file created ${new Date(lock.mtimeMs).toISOString()})`, event: null };
  return { name: 'another Codex process (a CLI `codex resume`, a second app-server or Desktop window); the logs here do not say which', event: null };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
