import type { ThreadStory } from '../../analysis/thread-story.js';
import type { Finding } from '../../model/finding.js';
import { showControl } from '../control.js';
import { isoTime } from '../format.js';
import { mdCode, mdFence, mdText } from '../markdown-safe.js';
import { redact } from '../redact.js';
import type { TimelineRenderer, TimelineRenderOptions } from './options.js';
import { relativeTime } from './relative-time.js';

/** A header table, the lineage, the events in time order, the findings, then evidence excerpts in fenced blocks. */
export const markdownTimeline: TimelineRenderer = (story, options) => {
  const r = options.redact ? redact : (s: string) => s;
  const h = '#'.repeat(options.headingLevel ?? 1);
  const out: string[] = [];
  out.push(`${h} Conversation ${mdCode(story.id)}`, '', `**${mdText(story.verdict)}**`, '');
  out.push(...headerTable(story, options, r), '');
  if (story.lineage.length > 0) {
    out.push(`${h}# Lineage`, '', '| Relation | Conversation | Via | Persistence |', '|---|---|---|---|');
    for (const n of story.lineage) out.push(`| ${n.relation} | ${mdCode(n.id)} | ${n.via} | ${mdText(n.verdict)} |`);
    out.push('');
  }
  out.push(`${h}# Events (${story.events.length})`, '');
  if (story.events.length === 0) out.push('No events.', '');
  else {
    const origin = story.events.find((e) => e.ts !== null)?.ts ?? null;
    out.push('| Time (UTC) | Δ | Source | Event | Detail | Where |', '|---|---|---|---|---|---|');
    for (const e of story.events) {
      out.push(
        `| ${isoTime(e.ts) ?? '—'} | ${relativeTime(e.ts, origin)} | ${e.source} | ${e.kind}${e.method ? ` ${mdCode(e.method)}` : ''}${e.turnStatus ? ` **${e.turnStatus}**` : ''} | ${mdText(r(e.text))} | ${mdCode(`${r(options.path(e.file))}${e.line > 0 ? `:${e.line}` : ''}`)} |`,
      );
    }
    out.push('');
  }
  out.push(`${h}# Findings (${story.findings.length})`, '');
  if (story.findings.length === 0) out.push('None.', '');
  for (const f of story.findings) out.push(...findingSection(f, `${h}##`, options, r));
  // Each field is made inert where it is written; this pass keeps the promise for any field written raw.
  return `${showControl(out.join('\n').trimEnd())}\n`;
};

function headerTable(story: ThreadStory, options: TimelineRenderOptions, r: (s: string) => string): string[] {
  const p = story.persisted;
  const counts = new Map<string, number>();
  for (const f of story.findings) counts.set(`${f.severity} ${f.kind}`, (counts.get(`${f.severity} ${f.kind}`) ?? 0) + 1);
  const findings = [...counts].map(([k, n]) => (n > 1 ? `${n}× ${k}` : k)).join(', ') || 'none';
  return [
    '| | |',
    '|---|---|',
    `| Id | ${mdCode(story.id)} |`,
    `| Created (from the UUIDv7) | ${isoTime(story.createdFromId) ?? 'not a UUIDv7 id'} |`,
    `| First seen | ${isoTime(story.firstSeen) ?? '—'} |`,
    `| Last seen | ${isoTime(story.lastSeen) ?? '—'} |`,
    `| Persistence | ${mdText(story.verdict)} |`,
    `| threads row | ${p.threadRow ? `yes, rollout_path ${mdCode(r(p.rolloutPath ?? ''))}${p.archived ? ', archived' : ''}` : 'no'} |`,
    `| Rollout file | ${p.rolloutFile === null ? 'none found' : mdCode(r(options.path(p.rolloutFile)))} |`,
    `| Findings | ${mdText(findings)} |`,
  ];
}

function findingSection(f: Finding, h: string, options: TimelineRenderOptions, r: (s: string) => string): string[] {
  const lines = [`${h} ${f.severity} · ${f.kind}${f.count > 1 ? ` (${f.count}×)` : ''}`, '', mdText(r(f.summary)), '', `*Likely cause:* ${mdText(r(f.cause))}`, ''];
  if (f.explainedBy !== null) lines.push(`*Explained by:* ${f.explainedBy.kind}${f.explainedBy.threadId ? ` on ${mdCode(f.explainedBy.threadId)}` : ''}`, '');
  if (f.evidence.length > 0) {
    const body = f.evidence.map((e) => `${r(options.path(e.file))}${e.line > 0 ? `:${e.line}` : ''}  ${isoTime(e.ts) ?? ''}\n  ${r(e.text)}`).join('\n');
    lines.push(mdFence(body, 'text'), '');
  }
  return lines;
}
