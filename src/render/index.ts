import { jsonReporter } from './json.js';
import type { Reporter } from './reporter.js';
import { tableReporter } from './table.js';

/** Output formats by name; each is a sibling module, none knows about the others. */
export const REPORTERS = {
  table: tableReporter,
  json: jsonReporter,
} as const satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof REPORTERS;
export type { Reporter } from './reporter.js';
