import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDesktopLog, type DesktopLineSpec } from '../builders/desktop-log.js';
import { makeThreadId } from '../builders/rollouts.js';
import { writeSampleIncident, type SampleIncident } from '../builders/sample-incident.js';
import { chromiumPath, githubHtml, layOut } from '../render/report/github-page.js';
import { ensureBuilt, runCli } from './run-cli.js';

/**
 * The incident report as a maintainer reads it: rendered as GitHub renders markdown (GFM) and laid out by a real
 * browser at the width of an issue body. CI installs Debian's Chromium and sets CODEX_LOGS_REQUIRE_CHROMIUM, so the
 * layout checks cannot quietly skip there; CODEX_LOGS_SCREENSHOTS=DIR keeps each report and a screenshot of its page.
 */
const chromium = chromiumPath();
const requireChromium = process.env.CODEX_LOGS_REQUIRE_CHROMIUM === '1';

let work: string;
let ids: SampleIncident;
const reports = new Map<string, string>();
/** Thirty side chats of one parent, each with turns, then a failed resume: many stories, interleaved. */
const SIDE_CHATS = 30;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-github-'));
  const sample = join(work, 'sample');
  ids = writeSampleIncident(sample);
  const busy = join(work, 'busy');
  writeSampleIncident(busy);
  writeBusyDay(join(busy, 'desktop-logs'), ids.parent);
  for (const [name, dir] of [
    ['sample', sample],
    ['thirty side chats', busy],
  ] as const) {
    const run = runCli(['report', dir]);
    expect(run.status, run.stderr).toBe(0);
    reports.set(name, run.stdout);
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeBusyDay(logs: string, parent: string): void {
  const start = Date.parse('2026-05-06T09:00:00.000Z');
  const lines: DesktopLineSpec[] = [];
  const line = (ts: number, component: string, message: string, fields: DesktopLineSpec['fields']) => {
    lines.push({ ts, component, message, fields });
  };
  const chats = Array.from({ length: SIDE_CHATS }, (_, i) => makeThreadId(start + i * 1000, `side-${i}`));
  chats.forEach((chat, i) => {
    const at = start + i * 1000;
    line(at, 'electron-message-handler', 'Conversation created', { conversationId: chat, forkedFromId: parent });
    line(at + 100, 'AppServerConnection', 'response_routed', {
      conversationId: chat,
      durationMs: 41,
      errorCode: null,
      method: 'thread/inject_items',
      requestId: `inject-${i}`,
    });
  });
  for (let round = 0; round < 3; round++) {
    for (const [i, chat] of chats.entries()) {
      line(start + 60_000 * (round + 1) + i * 500, 'AppServerConnection', 'response_routed', {
        conversationId: chat,
        durationMs: 41,
        errorCode: null,
        method: 'turn/start',
        requestId: `turn-${round}-${i}`,
      });
    }
  }
  for (const [i, chat] of chats.entries()) {
    line(start + 3_600_000 + i * 500, 'AppServerConnection', 'response_routed', {
      conversationId: chat,
      durationMs: 6,
      errorCode: -32600,
      errorMessage: `no rollout found for thread id ${chat}`,
      method: 'thread/resume',
      requestId: `resume-${i}`,
    });
  }
  mkdirSync(logs, { recursive: true });
  writeDesktopLog(logs, { date: start, pid: 7777, lines: lines.sort((a, b) => Number(a.ts) - Number(b.ts)) });
}

/** What a reader sees as text: tags gone, code and links left out (their content is not prose), entities decoded. */
function proseOf(html: string): string {
  return html
    .replace(/<pre>[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<a [^>]*>[\s\S]*?<\/a>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe.each(['sample', 'thirty side chats'])('the report of the %s, rendered as GitHub renders it', (name) => {
  const markdown = () => reports.get(name)!;

  it('fits one issue body and has no empty table header', () => {
    expect(markdown().length).toBeLessThanOrEqual(65_536);
    const html = githubHtml(markdown());
    expect(html.match(/<th[^>]*>\s*<\/th>/g) ?? []).toEqual([]);
    expect(html).toContain('<th>Component</th>');
  });

  it('shows no markdown escape as a character, and links nothing but our upstream references', () => {
    const html = githubHtml(markdown());
    expect(proseOf(html)).not.toMatch(/\\[`*_|[\]\\]/);
    // GitHub links #123 and owner/repo#123 in prose; what is left of it after links and code must link nothing.
    expect(proseOf(html)).not.toMatch(/(^|[^\w])#\d|\w\/[\w.-]+#\d/);
    const links = [...html.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]!);
    expect(links).toContain('https://github.com/openai/codex/issues/20944');
    for (const link of links) expect(link).toMatch(/^(https:\/\/github\.com\/openai\/codex\/issues\/\d+|#conversation-[0-9a-f-]{36})$/);
  });

  it('draws a diagram of at most 24 arrows whose participants no conversation is named after', () => {
    const diagram = /```mermaid\n([\s\S]*?)\n```/.exec(markdown())![1]!;
    expect(diagram.match(/->>/g)!.length).toBeLessThanOrEqual(24);
    expect([...diagram.matchAll(/participant (\S+) as/g)].map((m) => m[1])).toEqual(['Desktop', 'Server', 'Disk']);
    expect(diagram).not.toMatch(/: \S+ (Desktop|Server|Disk) \(/);
  });

  it("gives each event row three columns, without the conversation's own id", () => {
    const sections = markdown().split('### Conversation ').slice(1);
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) {
      const id = /^`([0-9a-f-]{36})`/.exec(section)![1]!;
      const table = section.slice(section.indexOf('| Time (UTC) | Event | Detail |'));
      const rows = table.split('\n\n')[0]!.split('\n').slice(2);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.split(' | ')).toHaveLength(3);
        expect(row).not.toContain(`conversationId=${id}`);
      }
    }
  });

  it.skipIf(chromium === null && !requireChromium)(
    "lays out in Chromium at an issue body's width: no table scrolls sideways, a short page until opened",
    () => {
      expect(chromium, 'CODEX_LOGS_REQUIRE_CHROMIUM is set, but there is no /usr/bin/chromium').not.toBeNull();
      const shots = process.env.CODEX_LOGS_SCREENSHOTS;
      const file = shots === undefined ? undefined : join(shots, `report-${name.replace(/\W+/g, '-')}`);
      if (file !== undefined) writeFileSync(`${file}.md`, markdown());
      const layout = layOut(markdown(), chromium!, file === undefined ? undefined : `${file}.png`);
      expect(layout.overflowingTables).toEqual([]);
      // Closed, the page is the summary, the diagram, the repair and the checks; the timelines fold under one line each.
      expect(layout.height).toBeLessThan(name === 'sample' ? 4000 : 6000);
      expect(layout.openHeight).toBeGreaterThan(layout.height);
    },
  );
});

describe('the report of thirty side chats', () => {
  it('sums the diagram up per conversation, and tells the story of three of the thirty as examples', () => {
    const text = reports.get('thirty side chats')!;
    expect(text).toMatch(/Note over Desktop,Disk: … \d+ more steps in the timelines below/);
    const group = /<summary>The (3\d) conversations of unpersisted-conversation \(critical\)<\/summary>\n\n```text\n([^`]*)```/.exec(text)!;
    expect(Number(group[1])).toBe(SIDE_CHATS + 2);
    const members = group[2]!.trim().split('\n');
    const told = [...text.matchAll(/### Conversation `([0-9a-f-]{36})`/g)].map((m) => m[1]!);
    expect(members.slice(0, 3).every((id) => told.includes(id))).toBe(true);
    expect(told.length).toBeLessThan(10);
  });
});
