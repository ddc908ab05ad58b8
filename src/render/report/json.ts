import type { ThreadStory } from '../../analysis/thread-story.js';
import { coverageOf } from '../../analysis/coverage.js';
import type { Report } from '../../model/report.js';
import { overallStatus } from '../json.js';
import { jsonEnvelope, jsonText, type JsonEnvelope } from '../json-envelope.js';
import { findingJson } from '../json-records.js';
import { redactDeep } from '../redact.js';
import { timelineJson, type TimelineJson } from '../timeline/json.js';
import type { RenderedReport, ReportRenderOptions } from './index.js';

/**
 * `report --json`: what the markdown report says, as data. JSON has no size limit to keep under, so every timeline is
 * here, also those the markdown had to leave out (`omitted` names them).
 */
export type ReportDocument = JsonEnvelope<'report'> & {
  overallStatus: ReturnType<typeof overallStatus>;
  redacted: boolean;
  coverage: ReturnType<typeof coverageOf>;
  findings: ReturnType<typeof findingJson>[];
  timelines: TimelineJson[];
  omitted: string[];
  markdown: string;
};

export function reportJson(
  report: Report,
  stories: readonly ThreadStory[],
  rendered: RenderedReport,
  options: Pick<ReportRenderOptions, 'redact' | 'path'>,
): string {
  const data = {
    coverage: coverageOf(report),
    findings: report.findings.map((f) => findingJson(f, options.path)),
  };
  const doc: ReportDocument = {
    ...jsonEnvelope('report', report.version),
    overallStatus: overallStatus(report),
    redacted: options.redact,
    ...(options.redact ? redactDeep(data) : data),
    timelines: stories.map((story) => timelineJson(story, options)),
    omitted: rendered.omitted.map((story) => story.id),
    markdown: rendered.text,
  };
  return jsonText(doc);
}
