import type { Report } from '../model/report.js';
import type { Invocation } from './next-steps.js';

export interface RenderOptions {
  color: boolean;
  /** Terminal width for the table; ignored by machine formats. */
  width: number;
  cwd: string;
  /** The arguments the run was given, repeated in the commands the table suggests next. */
  invocation?: Invocation;
}

/** Turns a report into the full text of one output format. */
export type Reporter = (report: Report, options: RenderOptions) => string;
