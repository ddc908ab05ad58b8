import type { ConversationSummary, Report } from '../model/report.js';
import type { Invocation } from './next-steps.js';

export interface RenderOptions {
  color: boolean;
  /** Terminal width for the table; ignored by machine formats. */
  width: number;
  cwd: string;
  /** The arguments the run was given, repeated in the commands the table suggests next. */
  invocation?: Invocation;
  /**
   * The report's conversations in order, for a format that writes their events (REPORTERS' `writesEvents`), as the
   * command hands them over: each with its texts read back as it is reached. Default: `report.conversations`.
   */
  conversations?: Iterable<ConversationSummary>;
}

/** Turns a report into one output format, in pieces to be written in turn (a large JSON document is never one string). */
export type Reporter = (report: Report, options: RenderOptions) => Iterable<string>;

export interface ReporterEntry {
  render: Reporter;
  /** Whether it writes each conversation's log events, whose texts the command then reads back. */
  writesEvents: boolean;
}

/** The whole output as one string (for a file, or a test). */
export function renderText(reporter: Reporter, report: Report, options: RenderOptions): string {
  return [...reporter(report, options)].join('');
}
