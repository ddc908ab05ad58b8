import { redactDeep } from '../redact.js';
import { eventJsonBase, findingJson } from '../json-records.js';
import { isoTime } from '../format.js';
import type { TimelineRenderer } from './options.js';

/** `{thread, events, findings}`; times as ISO-8601 UTC, paths as shown in shareable output. */
export const jsonTimeline: TimelineRenderer = (story, options) => {
  const doc = {
    thread: {
      id: story.id,
      createdFromId: isoTime(story.createdFromId),
      firstSeen: isoTime(story.firstSeen),
      lastSeen: isoTime(story.lastSeen),
      verdict: story.verdict,
      persisted: { ...story.persisted, rolloutFile: story.persisted.rolloutFile === null ? null : options.path(story.persisted.rolloutFile) },
      lineage: story.lineage.map((n) => ({ id: n.id, relation: n.relation, via: n.via, verdict: n.verdict })),
    },
    events: story.events.map((e) => ({ ...eventJsonBase(e, options.path), turn: e.turnStatus ?? null })),
    findings: story.findings.map((f) => findingJson(f, options.path)),
  };
  return `${JSON.stringify(options.redact ? redactDeep(doc) : doc, null, 2)}\n`;
};
