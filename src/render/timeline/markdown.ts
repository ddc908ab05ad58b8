import type { ThreadStory } from '../../analysis/thread-story.js';
import type { Finding } from '../../model/finding.js';
import { showControl } from '../control.js';
import { isoTime } from '../format.js';
import { plural } from '../../util/plural.js';
import { mdCode, mdFence, mdProse, mdText } from '../markdown-safe.js';
import { redact } from '../redact.js';
import type { TimelineRenderer, TimelineRenderOptions } from './options.js';
import { relativeTime } from './relative-time.js';

/** A header table, the lineage, the events in time order, then the findings with their evidence excerpts folded. */
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
  else out.push(...eventsTable(story, options, r), '');
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
    '| Field | Value |',
    '|---|---|',
    `| Created (from the UUIDv7) | ${isoTime(story.createdFromId) ?? 'not a UUIDv7 id'} |`,
    `| First seen | ${isoTime(story.firstSeen) ?? '—'} |`,
    `| Last seen | ${isoTime(story.lastSeen) ?? '—'} |`,
    `| threads row | ${p.threadRow ? `yes, rollout_path ${mdCode(r(p.rolloutPath ?? ''))}${p.archived ? ', archived' : ''}` : 'no'} |`,
    `| Rollout file | ${p.rolloutFile === null ? 'none found' : mdCode(r(options.path(p.rolloutFile)))} |`,
    `| Findings | ${mdText(findings)} |`,
  ];
}

/**
 * Three columns, so that the table fits GitHub's 830-pixel column: when (the date only where it changes, then the
 * time since the first event), what (the kind, the method, and where it was read, as a label the list below the
 * table expands), and the line itself without the conversation's own id, which the heading already gives.
 */
function eventsTable(story: ThreadStory, options: TimelineRenderOptions, r: (s: string) => string): string[] {
  const origin = story.events.find((e) => e.ts !== null)?.ts ?? null;
  const files = fileLabels(story.events);
  const repeats = repeatsIn(story.id);
  const rows = ['| Time (UTC) | Event | Detail |', '|---|---|---|'];
  let day = '';
  for (const e of story.events) {
    const iso = isoTime(e.ts);
    const date = iso?.slice(0, 10) ?? '';
    const when = iso === null ? '—' : `${date === day ? '' : `${date}<br>`}${iso.slice(11, 23)}<br>${relativeTime(e.ts, origin)}`;
    day = date || day;
    const what = [
      e.kind,
      e.method === null ? null : mdCode(e.method),
      e.turnStatus ? `**${e.turnStatus}**` : null,
      mdCode(`${files.get(fileKey(e))!.label}${e.line > 0 ? `:${e.line}` : ''}`),
    ];
    rows.push(`| ${when} | ${what.filter((x) => x !== null).join('<br>')} | ${mdText(r(repeats(e.text, e.method)))} |`);
  }
  rows.push('', `Read from: ${[...files.values()].map(({ label, file }) => `${mdCode(label)} ${mdCode(r(options.path(file)))}`).join(', ')}.`);
  return rows;
}

const SOURCE_LABELS: Record<string, string> = {
  'desktop-log': 'log',
  rollout: 'rollout',
  'state-db': 'db',
  'log-db': 'logdb',
  'tui-log': 'tui',
  history: 'history',
  'codex-home': 'home',
};

const fileKey = (e: { source: string; file: string }) => `${e.source}\0${e.file}`;

/**
 * `log`, or `log1`, `log2`, … when several files of one source are read: short names for the Event column, by
 * fileKey, in order of first appearance.
 */
function fileLabels(reads: readonly { source: string; file: string }[]): Map<string, { label: string; file: string }> {
  const bySource = new Map<string, { key: string; file: string }[]>();
  const seen = new Set<string>();
  for (const read of reads) {
    const key = fileKey(read);
    if (seen.has(key)) continue;
    seen.add(key);
    const files = bySource.get(read.source) ?? [];
    files.push({ key, file: read.file });
    bySource.set(read.source, files);
  }
  const labels = new Map<string, { label: string; file: string }>();
  for (const [source, files] of bySource) {
    const base = Object.hasOwn(SOURCE_LABELS, source) ? SOURCE_LABELS[source]! : source;
    for (const [i, { key, file }] of files.entries()) labels.set(key, { label: files.length === 1 ? base : `${base}${i + 1}`, file });
  }
  return labels;
}

/**
 * For the conversation `id`, a line less what its row already says: `conversationId=<id>` (and its other spellings),
 * which the heading gives, and `method=<method>`, shown in the Event column.
 */
function repeatsIn(id: string): (text: string, method: string | null) => string {
  const ownId = new RegExp(`\\s*\\b(?:conversationId|threadId|thread_id|conversation_id)[=:]"?${literal(id)}"?(?=\\s|$)`, 'g');
  // A conversation's events name few methods: each one's expression is made once.
  const methods = new Map<string, RegExp>();
  const methodField = (method: string): RegExp => {
    let re = methods.get(method);
    if (re === undefined) {
      re = new RegExp(`\\s*\\bmethod=${literal(method)}(?=\\s|$)`, 'g');
      methods.set(method, re);
    }
    return re;
  };
  return (text, method) => {
    const own = text.replace(ownId, '');
    return method === null ? own : own.replace(methodField(method), '');
  };
}

/** `text` as a regular expression that matches only itself (ids and methods come from the input). */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function findingSection(f: Finding, h: string, options: TimelineRenderOptions, r: (s: string) => string): string[] {
  const lines = [
    `${h} ${f.severity} · ${f.kind}${f.count > 1 ? ` (${f.count}×)` : ''}`,
    '',
    mdText(r(f.summary)),
    '',
    `*Likely cause:* ${mdProse(r(f.cause))}`,
    '',
  ];
  if (f.explainedBy !== null) lines.push(`*Explained by:* ${f.explainedBy.kind}${f.explainedBy.threadId ? ` on ${mdCode(f.explainedBy.threadId)}` : ''}`, '');
  if (f.evidence.length > 0) {
    // The same lines are in the events table: here they are the exact excerpt, folded until asked for.
    const body = f.evidence.map((e) => `${r(options.path(e.file))}${e.line > 0 ? `:${e.line}` : ''}  ${isoTime(e.ts) ?? ''}\n  ${r(e.text)}`).join('\n');
    lines.push(`<details><summary>Evidence (${plural(f.evidence.length, 'line')})</summary>`, '', mdFence(body, 'text'), '', '</details>', '');
  }
  return lines;
}
