import { redactDeep } from '../redact.js';
import { eventJsonBase, findingJson } from '../json-records.js';
import { isoTime } from '../format.js';
import type { ThreadStory } from '../../analysis/thread-story.js';
import { jsonEnvelope, jsonText, type JsonEnvelope } from '../json-envelope.js';
import type { TimelineRenderOptions, TimelineRenderer } from './options.js';

/** `timeline --json`: the envelope, then `{thread, events, findings}`. */
export type TimelineDocument = JsonEnvelope<'timeline'> & TimelineJson;
export type TimelineJson = ReturnType<typeof timelineJson>;

export const jsonTimeline: TimelineRenderer = (story, options) =>
  jsonText({ ...jsonEnvelope('timeline'), ...timelineJson(story, options) } satisfies TimelineDocument);

/** One conversation's story; times as ISO-8601 UTC, paths as shown in shareable output, redacted when asked. */
export function timelineJson(story: ThreadStory, options: TimelineRenderOptions) {
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
  return options.redact ? redactDeep(doc) : doc;
}
