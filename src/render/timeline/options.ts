import type { ThreadStory } from '../../analysis/thread-story.js';

export interface TimelineRenderOptions {
  /** Pass every text through the redaction module (on by default for shareable output). */
  redact: boolean;
  /** Shows a path the way shareable output does. */
  path: (file: string) => string;
  /** Markdown heading level of the story's title (1 for `timeline`, 3 inside `report`). */
  headingLevel?: number;
}

export type TimelineRenderer = (story: ThreadStory, options: TimelineRenderOptions) => string;
