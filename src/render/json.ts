import type { ConversationSummary, Report, TimelineEvent } from '../analysis/types.js';
import { eventJsonBase, findingJson } from './json-records.js';
import { isoTime } from './format.js';
import type { Reporter } from './reporter.js';

/** The `--json` document; its shape is documented in README ("JSON output") and is a contract. */
export const jsonReporter: Reporter = (report) => [...jsonChunks(report)].join('');

/**
 * The same document as `JSON.stringify(toJsonDocument(report), null, 2)`, one conversation or finding at a time, so
 * that a home with 50,000 conversations is written without first building a 100 MB string.
 */
export function* jsonChunks(report: Report, conversations: Iterable<ConversationSummary> = report.conversations): Generator<string> {
  const head = JSON.stringify({ version: report.version, inputs: report.inputs, stats: report.stats }, null, 2);
  yield `${head.slice(0, -2)},\n`;
  yield* arrayChunks('conversations', conversations, report.conversations.length, conversationJson, ',');
  yield* arrayChunks('findings', report.findings, report.findings.length, (f) => findingJson(f), '');
  yield '}\n';
}

/** `count` items of `items`, which may be produced one at a time (see runAnalyze). */
function* arrayChunks<T>(key: string, items: Iterable<T>, count: number, toJson: (item: T) => unknown, after: string): Generator<string> {
  if (count === 0) {
    yield `  ${JSON.stringify(key)}: []${after}\n`;
    return;
  }
  const opening = `  ${JSON.stringify(key)}: [\n`;
  yield opening;
  // Stringified inside the same object and array as in the document, an item comes out already indented; a slice of
  // that is the item's text, where re-indenting each line made a second copy of every item (90 MB for 1 GiB of logs).
  const skip = `{\n${opening}    `.length;
  const drop = '\n  ]\n}'.length;
  let i = 0;
  for (const item of items) {
    const wrapped = JSON.stringify({ [key]: [toJson(item)] }, null, 2);
    i += 1;
    yield `    ${wrapped.slice(skip, wrapped.length - drop)}${i < count ? ',' : ''}\n`;
  }
  yield `  ]${after}\n`;
}

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
    logEventCounts: c.logEventCounts,
    logEventsNotKept: c.logEventsNotKept,
    events: c.events.map(eventJson),
  };
}

function eventJson(e: TimelineEvent) {
  return {
    ...eventJsonBase(e),
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
    turn: e.turnStatus ?? null,
  };
}
