import { jsonReporter } from './json.js';
import type { ReporterEntry } from './reporter.js';
import { tableReporter } from './table.js';

/** Output formats by name; each is a sibling module, none knows about the others. */
export const REPORTERS = {
  table: { render: tableReporter, writesEvents: false },
  json: { render: jsonReporter, writesEvents: true },
} as const satisfies Record<string, ReporterEntry>;

export type ReportFormat = keyof typeof REPORTERS;

export { renderText } from './reporter.js';
