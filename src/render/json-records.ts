import { remedyFor } from './report/repair-advice.js';
import type { Finding } from '../model/finding.js';
import type { TimelineEvent } from '../model/timeline-event.js';
import { isoTime } from './format.js';

/** A finding as every JSON output writes it (the `--json` contract); `path` shows evidence files. */
export function findingJson(f: Finding, path: (file: string) => string = (file) => file) {
  return {
    kind: f.kind,
    severity: f.severity,
    threadId: f.threadId,
    summary: f.summary,
    cause: f.cause,
    count: f.count,
    explainedBy: f.explainedBy,
    remedy: remedyFor(f.kind),
    evidence: f.evidence.map((e) => ({ source: e.source, file: path(e.file), line: e.line, ts: isoTime(e.ts), text: e.text })),
    // A group by cause lists every conversation it stands for, with what was found about each.
    ...(f.members === undefined ? {} : { members: f.members.map((m) => ({ threadId: m.threadId, summary: m.summary })) }),
  };
}

/** The fields every JSON output gives an event, in this order. */
export function eventJsonBase(e: TimelineEvent, path: (file: string) => string = (file) => file) {
  return { ts: isoTime(e.ts), source: e.source, kind: e.kind, method: e.method, level: e.level, text: e.text, file: path(e.file), line: e.line };
}
