import { jsonTimeline } from './json.js';
import { jsonlTimeline } from './jsonl.js';
import { markdownTimeline } from './markdown.js';
import type { TimelineRenderer } from './options.js';

/** Formats of `codex-logs timeline`, siblings keyed by name. */
export const TIMELINE_RENDERERS = {
  markdown: markdownTimeline,
  json: jsonTimeline,
  jsonl: jsonlTimeline,
} as const satisfies Record<string, TimelineRenderer>;

export type TimelineFormat = keyof typeof TIMELINE_RENDERERS;
