import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDesktopLog } from '../builders/desktop-log.js';
import { fileFingerprint } from '../builders/fingerprint.js';
import { writeSampleIncident, type SampleIncident } from '../builders/sample-incident.js';
import type { TimelineDocument } from '../../src/render/timeline/json.js';
import { allFiles, ensureBuilt, jsonDocument, runCli } from './run-cli.js';

let work: string;
let sample: string;
let ids: SampleIncident;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-story-'));
  sample = join(work, 'sample');
  ids = writeSampleIncident(sample);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('codex-logs timeline', () => {
  it("tells a side chat's story in markdown: verdict, parent, events with relative times and file:line", () => {
    const run = runCli(['timeline', ids.sideA, sample]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const md = run.stdout;
    expect(md).toContain(`# Conversation \`${ids.sideA}\``);
    expect(md).toContain('**never persisted: no threads row, no rollout file**');
    expect(md).toContain(`| parent | \`${ids.parent}\` | side chat | rollout file on disk, but no threads row |`);
    expect(md).toContain('| 2026-05-03<br>08:40:05.251<br>+00:00:00.0 | conversation-created<br>`log1:14` |');
    expect(md).toContain('| 08:31:40.262<br>+23:51:35.0 | request-failed<br>`thread/fork`<br>`log2:5` |');
    expect(md).toMatch(
      /Read from: `log1` `\$LOGS_DIR\/desktop-logs\/2026\/05\/03\/codex-desktop-[^`]+\.log`, `log2` `\$LOGS_DIR\/desktop-logs\/2026\/05\/04\//,
    );
    // The heading names the conversation; its rows do not repeat it, nor the method the Event column shows.
    const rows = md.split('\n').filter((l) => l.includes('`log1:'));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row).not.toMatch(new RegExp(`conversationId=${ids.sideA}|method=`));
    expect(md).toContain('### critical · unpersisted-conversation');
    expect(md).toContain('<details><summary>Evidence (4 lines)</summary>\n\n```text\n$LOGS_DIR/desktop-logs/');
  });

  it("merges the rollout's own turn events for a persisted conversation, hiding their text by default", () => {
    const md = runCli(['timeline', ids.parent, sample]).stdout;
    expect(md).toContain('rollout file on disk, but no threads row');
    expect(md).toMatch(/\| turn-started<br>`rollout:\d+` \|/);
    expect(md).toMatch(/\| turn-complete<br>`rollout:\d+` \|/);
    expect(md).toContain('user\\_message (content not shown)');
    expect(md).not.toContain('Fix rounding in tax lines');
    expect(md).toContain(`| child | \`${ids.sideA}\` | side chat | never persisted`);
    expect(runCli(['timeline', ids.parent, sample, '--include-content']).stdout).toContain('Fix rounding in tax lines');
  });

  it('marks each routed turn as persisted or not', () => {
    const md = runCli(['timeline', ids.lostTail, sample]).stdout;
    expect(md.match(/turn-start<br>`turn\/start`<br>\*\*persisted\*\*/g)).toHaveLength(2);
    expect(md.match(/turn-start<br>`turn\/start`<br>\*\*unpersisted\*\*/g)).toHaveLength(2);
    expect(md).toContain('### high · unpersisted-turns (2×)');
    const lines = runCli(['timeline', ids.lostTail, sample, '--format', 'jsonl'])
      .stdout.trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.turn_status === 'unpersisted').map((l) => l.datetime)).toEqual(['2026-05-04T09:01:10.300Z', '2026-05-04T09:03:40.120Z']);
  });

  it('redacts by default and keeps the user name only with --no-redact', () => {
    const redacted = runCli(['timeline', ids.parent, sample, '--format', 'json']).stdout;
    expect(redacted).not.toContain('alice');
    expect(redacted).toContain('/Users/<user>/.codex');
    expect(runCli(['timeline', ids.parent, sample, '--format', 'json', '--no-redact']).stdout).toContain('/Users/alice/.codex');
  });

  it('prints {thread, events, findings} as JSON, after the envelope', () => {
    const doc = jsonDocument<TimelineDocument>(runCli(['timeline', ids.sideB, sample, '--format', 'json']), 'timeline');
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'version', 'command', 'thread', 'events', 'findings']);
    expect(doc.thread).toMatchObject({
      id: ids.sideB,
      verdict: 'never persisted: no threads row, no rollout file',
      lineage: [{ id: ids.parent, relation: 'parent', via: 'side chat' }],
    });
    expect(Object.keys(doc.events[0]!)).toEqual(['ts', 'source', 'kind', 'method', 'level', 'text', 'file', 'line', 'turn']);
    expect(doc.findings.map((f: { kind: string }) => f.kind)).toEqual(['unpersisted-conversation', 'request-failed']);
  });

  it('prints one Timesketch event per line as jsonl', () => {
    const lines = runCli(['timeline', ids.parent, sample, '--format', 'jsonl']).stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      const record = JSON.parse(line);
      expect(typeof record.message).toBe('string');
      expect(record.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(record.timestamp).toBe(Date.parse(record.datetime) * 1000);
      expect(typeof record.timestamp_desc).toBe('string');
      expect(record.thread_id).toBe(ids.parent);
    }
  });

  it('writes --out atomically and exits 2 for an unknown conversation or bad id', () => {
    const out = join(work, 'side.md');
    expect(runCli(['timeline', ids.sideA, sample, '--out', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(ids.sideA);
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const unknown = runCli(['timeline', '01234567-89ab-7def-8123-456789abcdef', sample]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no Desktop log, threads row or rollout mentions conversation/);
    expect(runCli(['timeline', 'nope', sample]).status).toBe(2);
    const unwritable = runCli(['timeline', ids.sideA, sample, '--out', join(work, 'missing-dir', 'x.md')]);
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('codex-logs report', () => {
  it('writes a redacted incident report covering every affected conversation', () => {
    const before = fileFingerprint(allFiles(sample));
    const out = join(work, 'incident.md');
    const run = runCli(['report', sample, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md.length).toBeLessThan(65_536);
    expect(md).not.toContain('alice');
    expect(md).toContain('| OS | macOS (from the home recorded in rollout\\_path) |');
    expect(md).toContain('| Codex Desktop | 26.429.1 |');
    expect(md).toContain('| app-server | 0.128.0-alpha.1 |');
    expect(md).toContain('| State DB | schema 29, 6 threads rows (1 only in the WAL) |');
    expect(md).toContain('9 findings: 2 critical, 1 high, 5 medium, 0 low, 1 info.');
    expect(md).toContain('```mermaid\nsequenceDiagram');
    expect(md).toContain(
      `sqlite3 -readonly "$CODEX_HOME/state_5.sqlite" "SELECT id, rollout_path, archived, created_at, updated_at FROM threads WHERE id IN ('${ids.sideA}'`,
    );
    for (const id of [ids.sideA, ids.sideB, ids.parent, ids.lostTail, ids.catalogLost]) expect(md).toContain(`### Conversation \`${id}\``);
    expect(md).toContain('## Exchanges a user will not find when resuming');
    expect(md).toContain(
      `sqlite3 -readonly "$CODEX_HOME/sqlite/codex-dev.db" "SELECT host_id, thread_id, missing_candidate FROM local_thread_catalog WHERE thread_id IN ('${ids.catalogLost}');`,
    );
    expect(md).toContain(`- \`${ids.lostTail}\`: 2 turns sent from 2026-05-04T09:01:10.300Z to 2026-05-04T09:03:40.120Z never reached disk`);
    for (const id of [ids.healthy, ids.walOnly, ids.deferred]) expect(md).not.toContain(`### Conversation \`${id}\``);
    expect(md).not.toMatch(/(^|\s)@[A-Za-z]/m);
    expect(fileFingerprint(allFiles(sample))).toEqual(before);
    expect(existsSync(`${out}.tmp`)).toBe(false);
  });

  it('reports on the conversations given with --thread, even a healthy one', () => {
    const md = runCli(['report', sample, '--thread', ids.healthy]).stdout;
    expect(md).toContain(`### Conversation \`${ids.healthy}\``);
    expect(md).toContain('persisted: threads row and rollout file');
    expect(md).toContain('0 findings');
  });
});

describe('conversations with more log events than analyze keeps', () => {
  let busy: string;
  const TURNS = 30;
  beforeAll(() => {
    busy = join(work, 'busy');
    cpSync(sample, busy, { recursive: true });
    const start = Date.parse('2026-05-05T10:00:00.000Z');
    writeDesktopLog(join(busy, 'desktop-logs'), {
      date: start,
      pid: 9001,
      lines: Array.from({ length: TURNS }, (_, i) => ({
        ts: start + i * 60_000,
        level: 'info' as const,
        component: 'AppServerConnection',
        message: 'response_routed',
        fields: { conversationId: ids.sideA, durationMs: 5, errorCode: null, method: 'turn/start', requestId: `r${i}` },
      })),
    });
  });

  it('analyze counts them all and says how many it did not list', () => {
    const doc = JSON.parse(runCli(['analyze', busy, '--json']).stdout);
    const side = doc.conversations.find((c: { id: string }) => c.id === ids.sideA);
    expect(side.logEventCounts['desktop-log/turn-start']).toBeGreaterThanOrEqual(TURNS);
    expect(side.logEventsNotKept).toBeGreaterThan(0);
    expect(side.events.length + side.logEventsNotKept).toBeGreaterThan(TURNS);
  });

  it('timeline and report show every one of them', () => {
    const timeline = JSON.parse(runCli(['timeline', ids.sideA, busy, '--format', 'json']).stdout);
    const turnsInTimeline = timeline.events.filter((e: { kind: string }) => e.kind === 'turn-start').length;
    expect(turnsInTimeline).toBeGreaterThanOrEqual(TURNS);
    const report = runCli(['report', busy, '--no-redact']).stdout;
    const section = report.slice(report.indexOf(`# Conversation \`${ids.sideA}\``));
    expect(section.match(/\| (?:2026-05-05<br>)?10:\d\d:00\.000<br>/g)?.length ?? 0).toBeGreaterThanOrEqual(TURNS);
  });
});
