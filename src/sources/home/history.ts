import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import split2 from 'split2';
import type { TimelineEvent } from '../../model/timeline-event.js';
import type { ProblemCount } from '../../model/report.js';
import { problemList } from '../problems.js';
import { normalizeThreadId } from '../thread-id.js';

export interface HistoryRead {
  path: string | null;
  entries: number;
  badLines: number;
}

/**
 * `history.jsonl`, the prompt history: `{session_id, ts (unix s), text}` per submitted prompt. A prompt is a turn the
 * user sent, so each line is a `user-message` event for its conversation. The prompt text itself is never kept.
 */
export async function readHistory(codexHome: string, seqStart: number): Promise<{ events: TimelineEvent[]; read: HistoryRead }> {
  const path = join(codexHome, 'history.jsonl');
  const events: TimelineEvent[] = [];
  const read: HistoryRead = { path: null, entries: 0, badLines: 0 };
  try {
    if (!statSync(path).isFile()) return { events, read };
  } catch {
    return { events, read };
  }
  read.path = path;
  let lineNo = 0;
  let seq = seqStart;
  await pipeline(createReadStream(path), split2(), async (lines: AsyncIterable<string>) => {
    for await (const line of lines) {
      lineNo += 1;
      if (line.trim() === '') continue;
      let value: { session_id?: unknown; ts?: unknown };
      try {
        value = JSON.parse(line) as typeof value;
      } catch {
        read.badLines += 1;
        continue;
      }
      const id = typeof value.session_id === 'string' ? normalizeThreadId(value.session_id) : null;
      if (id === null) {
        read.badLines += 1;
        continue;
      }
      read.entries += 1;
      events.push({
        threadId: id,
        ts: typeof value.ts === 'number' && Number.isFinite(value.ts) ? value.ts * 1000 : null,
        source: 'history',
        kind: 'user-message',
        method: null,
        level: null,
        text: 'prompt submitted (history.jsonl; text not shown)',
        file: path,
        line: lineNo,
        seq: seq++,
        errorCode: null,
        errorMessage: null,
        forkedFromId: null,
      });
    }
  }).catch(() => {
    read.badLines += 1;
  });
  return { events, read };
}

/** history.jsonl's lines that name no conversation. */
export function historyProblems(read: HistoryRead): ProblemCount[] {
  const { add, problems } = problemList();
  add('history.jsonl lines without a session id (skipped)', read.badLines);
  return problems;
}
