import { coverageOf } from '../analysis/coverage.js';
import type { ConversationSummary, Report } from '../model/report.js';
import type { TimelineEvent } from '../model/timeline-event.js';
import { eventJsonBase, findingJson } from './json-records.js';
import { isoTime } from './format.js';
import type { Reporter } from './reporter.js';
import { jsonEnvelope } from './json-envelope.js';

/**
 * The `--json` document, in pieces; its shape is documented in README ("JSON output") and is a contract. It writes
 * `options.conversations` when given: the report's conversations as the command streams them.
 */
export const jsonReporter: Reporter = (report, options) => jsonChunks(report, options.conversations ?? report.conversations);

/**
 * The same document as `JSON.stringify(toJsonDocument(report), null, 2)`, one conversation or finding at a time, so
 * that a home with tens of thousands of conversations is written without first building the whole document as a string.
 */
export function* jsonChunks(report: Report, conversations: Iterable<ConversationSummary> = report.conversations): Generator<string> {
  const head = JSON.stringify(
    {
      ...jsonEnvelope('analyze', report.version),
      overallStatus: overallStatus(report),
      inputs: report.inputs,
      stats: report.stats,
      coverage: coverageOf(report),
    },
    null,
    2,
  );
  yield `${head.slice(0, -2)},\n`;
  yield* arrayChunks('conversations', conversations, report.conversations.length, conversationJson, ',', conversationText);
  yield* arrayChunks('findings', report.findings, report.findings.length, (f) => findingJson(f), '');
  yield '}\n';
}

/**
 * `count` items of `items`, which may be produced one at a time (see runAnalyze). `toText`, when given, writes an item
 * as it comes out in the document (indented for its place), or null to leave it to `toJson`.
 */
function* arrayChunks<T>(
  key: string,
  items: Iterable<T>,
  count: number,
  toJson: (item: T) => unknown,
  after: string,
  toText?: (item: T) => string | null,
): Generator<string> {
  if (count === 0) {
    yield `  ${JSON.stringify(key)}: []${after}\n`;
    return;
  }
  const opening = `  ${JSON.stringify(key)}: [\n`;
  yield opening;
  // Stringified inside the same object and array as in the document, an item comes out already indented; a slice of
  // that is the item's text, where re-indenting each line made a second copy of every item.
  const skip = `{\n${opening}    `.length;
  const drop = '\n  ]\n}'.length;
  let i = 0;
  for (const item of items) {
    i += 1;
    const text = toText?.(item) ?? null;
    if (text !== null) {
      yield `${text}${i < count ? ',' : ''}\n`;
      continue;
    }
    const wrapped = JSON.stringify({ [key]: [toJson(item)] }, null, 2);
    yield `    ${wrapped.slice(skip, wrapped.length - drop)}${i < count ? ',' : ''}\n`;
  }
  yield `  ]${after}\n`;
}

/** codex doctor's scale: `fail` with a critical or high finding, `warning` with a medium or low one, else `ok`. */
export function overallStatus(report: Report): 'ok' | 'warning' | 'fail' {
  const by = report.stats.findingsBySeverity;
  if (by.critical + by.high > 0) return 'fail';
  return by.medium + by.low > 0 ? 'warning' : 'ok';
}

/** The `analyze --json` document (the contract README describes under "JSON output"). */
export type AnalysisDocument = ReturnType<typeof toJsonDocument>;

export function toJsonDocument(report: Report) {
  return {
    ...jsonEnvelope('analyze', report.version),
    overallStatus: overallStatus(report),
    inputs: report.inputs,
    stats: report.stats,
    coverage: coverageOf(report),
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

/**
 * A conversation as `conversationJson` comes out of JSON.stringify at its place in the document, written directly: a
 * year of logs has tens of thousands of conversations and hundreds of thousands of sampled events, and building an
 * object for each, to have it stringified, then cut out of its wrapper, weighed on the whole run (docs/decisions.md,
 * "The JSON document written as text"). Strings are escaped by JSON.stringify itself, the
 * few that repeat (kinds, methods, files) once each. Null for a conversation this writer does not vouch for (a value
 * of a type the document does not have), which then goes the general way.
 */
function conversationText(c: ConversationSummary): string | null {
  const events: string[] = [];
  for (const e of c.events) {
    const text = eventText(e);
    if (text === null) return null;
    events.push(text);
  }
  if (!isOptionalString(c.forkedFromId) || !Number.isFinite(c.logEventsNotKept)) return null;
  const counts = countsText(c.logEventCounts);
  if (counts === null) return null;
  return (
    `    {\n` +
    `      "id": ${JSON.stringify(c.id)},\n` +
    `      "firstSeen": ${timeText(c.firstSeen)},\n` +
    `      "lastSeen": ${timeText(c.lastSeen)},\n` +
    `      "createdFromId": ${timeText(c.createdFromId)},\n` +
    `      "forkedFromId": ${c.forkedFromId === null ? 'null' : JSON.stringify(c.forkedFromId)},\n` +
    `      "persisted": ${persistedText(c.persisted)},\n` +
    `      "logEventCounts": ${counts},\n` +
    `      "logEventsNotKept": ${c.logEventsNotKept},\n` +
    `      "events": ${events.length === 0 ? '[]' : `[\n${events.join(',\n')}\n      ]`}\n` +
    `    }`
  );
}

/** An event as eventJson comes out at its place in a conversation, or null when one of its values is not as typed. */
function eventText(e: TimelineEvent): string | null {
  if (!isOptionalString(e.method) || !isOptionalString(e.level) || !isOptionalString(e.errorMessage) || typeof e.text !== 'string') return null;
  if (!Number.isFinite(e.line) || (e.errorCode !== null && !Number.isFinite(e.errorCode))) return null;
  if (typeof e.source !== 'string' || typeof e.kind !== 'string' || typeof e.file !== 'string') return null;
  return (
    `        {\n` +
    `          "ts": ${timeText(e.ts)},\n` +
    `          "source": ${known(e.source)},\n` +
    `          "kind": ${known(e.kind)},\n` +
    `          "method": ${e.method === null ? 'null' : known(e.method)},\n` +
    `          "level": ${e.level === null ? 'null' : known(e.level)},\n` +
    `          "text": ${JSON.stringify(e.text)},\n` +
    `          "file": ${known(e.file)},\n` +
    `          "line": ${e.line},\n` +
    `          "errorCode": ${e.errorCode === null ? 'null' : e.errorCode},\n` +
    `          "errorMessage": ${e.errorMessage === null ? 'null' : JSON.stringify(e.errorMessage)},\n` +
    `          "turn": ${e.turnStatus === undefined || e.turnStatus === null ? 'null' : known(e.turnStatus)}\n` +
    `        }`
  );
}

function isOptionalString(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}

/** isoTime's text, or null: ISO stamps need no escaping. */
function timeText(ms: number | null): string {
  const iso = isoTime(ms);
  return iso === null ? 'null' : `"${iso}"`;
}

/** A small object at a conversation's first level of nesting, as JSON.stringify indents it there. */
function nested(value: object): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', '\n      ');
}

/**
 * `logEventCounts` as nested() writes it, or null when a count is not a finite number. Written directly, as the
 * conversations are: stringifying and re-indenting each conversation's counts weighed on writing a large report.
 */
function countsText(counts: Readonly<Record<string, number>>): string | null {
  let text = '';
  for (const key in counts) {
    if (!Object.hasOwn(counts, key)) continue;
    const n = counts[key];
    if (typeof n !== 'number' || !Number.isFinite(n)) return null;
    text += `${text === '' ? '{' : ','}\n        ${known(key)}: ${n}`;
  }
  return text === '' ? '{}' : `${text}\n      }`;
}

/**
 * `persisted` as nested() writes it. Most conversations are seen only in logs and have no paths: their text depends on
 * two values only, and is made once for each pair.
 */
const pathlessTexts = new Map<string, string>();

function persistedText(persisted: ConversationSummary['persisted']): string {
  if (persisted.rolloutPath !== null || persisted.rolloutFile !== null || typeof persisted.threadRow !== 'boolean') return nested(persisted);
  const key = `${persisted.threadRow}/${persisted.archived}`;
  let text = pathlessTexts.get(key);
  if (text === undefined) {
    text = nested(persisted);
    pathlessTexts.set(key, text);
  }
  return text;
}

/** JSON texts of strings that repeat across events (sources, kinds, methods, levels, files), made once each. */
const knownTexts = new Map<string, string>();
const MAX_KNOWN_TEXTS = 4096;

function known(value: string): string {
  let text = knownTexts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (knownTexts.size >= MAX_KNOWN_TEXTS) knownTexts.clear();
    knownTexts.set(value, text);
  }
  return text;
}
