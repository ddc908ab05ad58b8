import type { Report } from '../analysis/types.js';

export interface RenderOptions {
  color: boolean;
  /** Terminal width for the table; ignored by machine formats. */
  width: number;
  cwd: string;
}

/** Turns a report into the full text of one output format. */
export type Reporter = (report: Report, options: RenderOptions) => string;
