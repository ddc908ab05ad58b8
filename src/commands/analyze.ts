import { terminalWidth } from '../util/terminal-width.js';
import { SEVERITIES, type Severity } from '../model/finding.js';
import type { Report, ConversationSummary } from '../model/report.js';
import { shouldColor } from '../render/color.js';
import { REPORTERS, type ReportFormat } from '../render/index.js';
import { conversationEvents, findingEvidence, loadReport, readTexts, type InputArgs } from '../run/load-analysis.js';
import type { LogTexts } from '../model/deferred-text.js';
import { writeChunks } from '../run/output.js';

export interface AnalyzeArgs extends InputArgs {
  json: boolean;
  format: ReportFormat;
  failOn: Severity | undefined;
}

export async function runAnalyze(args: AnalyzeArgs): Promise<number> {
  // Progress would interleave with nothing on stdout, but machines reading --json want a silent stderr too.
  const { report, texts } = await loadReport({ ...args, progress: !args.json && args.format !== 'json' });
  const format: ReportFormat = args.json ? 'json' : args.format;
  const reporter = REPORTERS[format];
  readTexts(report, texts, findingEvidence(report));
  let conversations: Iterable<ConversationSummary> = report.conversations;
  if (reporter.writesEvents) {
    // The document's head counts the lines that changed, so they are checked before it is written (only in files that
    // changed since they were read); each conversation's texts are then read just before it is written and let go
    // just after.
    readTexts(report, texts, conversationEvents(report), { check: true });
    conversations = withTexts(report.conversations, texts);
  }
  const options = {
    color: shouldColor(process.env, process.stdout.isTTY === true),
    width: terminalWidth(),
    cwd: process.cwd(),
    invocation: { logsDir: args.logsDir, codexHome: args.codexHome, since: args.since, until: args.until },
    conversations,
  };
  await writeChunks(reporter.render(report, options));
  return exitCodeFor(report, args.failOn);
}

/**
 * The conversations, each with its events' texts read back as it is reached and its events let go once it has been
 * written (a generator resumes only after its consumer is done with the item): 20,000 conversations' texts are never
 * all in memory at once.
 */
function* withTexts(conversations: readonly ConversationSummary[], texts: LogTexts): Generator<ConversationSummary> {
  const filler = texts.openFiller(conversations.map((c) => c.events));
  try {
    for (const conversation of conversations) {
      filler.fill(conversation.events);
      yield conversation;
      conversation.events = [];
    }
  } finally {
    filler.close();
  }
}

/** 1 when a finding is at or above --fail-on; the run itself succeeded either way. */
export function exitCodeFor(report: Report, failOn: Severity | undefined): number {
  if (failOn === undefined) return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  return report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold) ? 1 : 0;
}
