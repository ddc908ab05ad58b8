/**
 * The values the CLI offers as choices. Here, so that `--help` lists them without loading the modules that act on
 * them (render/, analysis/); test/model/choices.test.ts holds each list of formats to its registry.
 */

/** `analyze --format`: the keys of REPORTERS in render/index.ts. */
export const REPORT_FORMATS = ['table', 'json'] as const;

/** `timeline --format`: the keys of TIMELINE_RENDERERS in render/timeline/index.ts. */
export const TIMELINE_FORMATS = ['markdown', 'json', 'jsonl'] as const;

/** `list --status`: where a conversation's persisted state stands (analysis/inventory.ts judges it). */
export const PERSISTENCE_STATES = ['persisted', 'archived', 'compressed', 'row-only', 'rollout-only', 'log-only', 'index-only'] as const;
export type PersistenceState = (typeof PERSISTENCE_STATES)[number];
