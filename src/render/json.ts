import type { ConversationSummary, Report, TimelineEvent } from '../analysis/types.js';
import { findingJson } from './finding-json.js';
import { isoTime } from './format.js';
import type { Reporter } from './reporter.js';

/** The `--json` document; its shape is documented in README ("JSON output") and is a contract. */
export const jsonReporter: Reporter = (report) => `${JSON.stringify(toJsonDocument(report), null, 2)}\n`;

export function toJsonDocument(report: Report) {
  return {
    version: report.version,
    inputs: report.inputs,
    stats: report.stats,
    conversations: report.conversations.map(conversationJson),
    findings: report.findings.map((f) => findingJson(f)),
  };
}

function conversationJson(c: ConversationSummary) {
  return {
    id: c.id,
    firstSeen: isoTime(c.firstSeen),
    lastSeen: isoTime(c.lastSeen),
    createdFromId: isoTime(c.createdFromId),
    forkedFromId: c.forkedFromId,
    persisted: c.persisted,
    events: c.events.map(eventJson),
  };
}

function eventJson(e: TimelineEvent) {
  return {
    ts: isoTime(e.ts),
    source: e.source,
    kind: e.kind,
    method: e.method,
    level: e.level,
    text: e.text,
    file: e.file,
    line: e.line,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
    turn: e.turnStatus ?? null,
  };
}
