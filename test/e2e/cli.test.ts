import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFingerprint } from '../builders/fingerprint.js';
import { writeSampleIncident, type SampleIncident } from '../builders/sample-incident.js';
import type { AnalysisDocument } from '../../src/render/json.js';
import { allFiles, ensureBuilt, jsonDocument, REPO_ROOT, runCli } from './run-cli.js';

type JsonFinding = AnalysisDocument['findings'][number];

let work: string;
let sample: string;
let ids: SampleIncident;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-'));
  sample = join(work, 'sample');
  ids = writeSampleIncident(sample);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function analyzeJson(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = runCli(['analyze', ...args, '--json'], { env });
  expect(run.stderr).toBe('');
  return jsonDocument<AnalysisDocument>(run, 'analyze');
}

const summarise = (findings: JsonFinding[]) => findings.map((f) => `${f.severity} ${f.kind} ${f.threadId}`).sort();

describe('codex-logs analyze on the sample incident', () => {
  it("flags exactly the incident: two unpersisted side chats, the parent's lost row, and the three failures they explain", () => {
    const report = analyzeJson([sample]);
    expect(summarise(report.findings)).toEqual(
      [
        `critical unpersisted-conversation ${ids.sideA}`,
        `critical unpersisted-conversation ${ids.sideB}`,
        `medium missing-thread-row ${ids.parent}`,
        `high unpersisted-turns ${ids.lostTail}`,
        `medium request-failed ${ids.parent}`,
        `medium request-failed ${ids.sideA}`,
        `medium request-failed ${ids.sideB}`,
        // Intact on disk, but the Desktop sidebar catalog does not list it.
        `medium sidebar-catalog-missing ${ids.catalogLost}`,
        // The chat opened without a message: explained, not a problem.
        `info unmaterialized-thread ${ids.deferred}`,
      ].sort(),
    );
    const byKey = new Map(report.findings.map((f) => [`${f.kind} ${f.threadId}`, f]));
    expect(byKey.get(`request-failed ${ids.sideA}`)?.explainedBy).toEqual({ kind: 'unpersisted-conversation', threadId: ids.sideA });
    expect(byKey.get(`request-failed ${ids.sideB}`)?.explainedBy).toEqual({ kind: 'unpersisted-conversation', threadId: ids.sideB });
    expect(byKey.get(`request-failed ${ids.parent}`)?.explainedBy).toEqual({ kind: 'missing-thread-row', threadId: ids.parent });
    expect(byKey.get(`request-failed ${ids.sideA}`)?.summary).toContain('no rollout found for thread id');
    expect(byKey.get(`request-failed ${ids.sideB}`)?.summary).toContain('Is a directory (os error 21)');
    expect(byKey.get(`unpersisted-conversation ${ids.sideA}`)?.summary).toContain(ids.parent);
  });

  it('points every piece of evidence at a real file and line', () => {
    const report = analyzeJson([sample]);
    for (const finding of report.findings) {
      expect(finding.summary.length).toBeGreaterThan(0);
      expect(finding.cause.length).toBeGreaterThan(0);
      expect(finding.evidence.length).toBeGreaterThan(0);
      for (const e of finding.evidence) {
        expect(e.file.startsWith(sample)).toBe(true);
        // Databases have rows, not lines.
        if (e.source !== 'state-db' && e.source !== 'codex-home') expect(e.line).toBeGreaterThan(0);
      }
    }
  });

  it('documents where its inputs came from, re-roots the foreign home, and sees the row that lives only in the WAL', () => {
    const report = analyzeJson([sample]);
    expect(report.inputs).toMatchObject({
      logsDir: sample,
      logsDirOrigin: 'argument',
      logFiles: 2,
      codexHome: join(sample, 'codex-home'),
      codexHomeOrigin: 'inside-logs-dir',
      stateDbStatus: 'ok',
      stateDbSchemaVersion: 29,
      recordedHome: '/Users/alice/.codex',
    });
    expect(report.stats).toMatchObject({ logFiles: 2, threadRows: 6, rowsOnlyInWal: 1, rolloutFiles: 7, archivedRolloutFiles: 1, conversations: 10 });
    const wal = report.conversations.find((c) => c.id === ids.walOnly);
    expect(wal?.persisted).toMatchObject({ threadRow: true });
    const deferred = report.conversations.find((c) => c.id === ids.deferred);
    expect(deferred?.persisted).toMatchObject({ threadRow: false, rolloutFile: null });
    expect(
      report.findings.some((f) => f.threadId === ids.walOnly || f.threadId === ids.healthy || f.threadId === ids.archived || f.threadId === ids.cliOnly),
    ).toBe(false);
    expect(report.findings.filter((f) => f.threadId === ids.deferred).map((f) => [f.kind, f.severity])).toEqual([['unmaterialized-thread', 'info']]);
  });

  it('prints the documented JSON document', () => {
    const report = analyzeJson([sample]);
    expect(Object.keys(report)).toEqual(['schemaVersion', 'version', 'command', 'overallStatus', 'inputs', 'stats', 'coverage', 'conversations', 'findings']);
    expect(report).toMatchObject({ schemaVersion: 2, command: 'analyze', overallStatus: 'fail' });
    for (const c of report.conversations) {
      expect(Object.keys(c).sort()).toEqual([
        'createdFromId',
        'events',
        'firstSeen',
        'forkedFromId',
        'id',
        'lastSeen',
        'logEventCounts',
        'logEventsNotKept',
        'persisted',
      ]);
      expect(Object.keys(c.persisted).sort()).toEqual(['archived', 'rolloutFile', 'rolloutPath', 'threadRow']);
    }
    for (const f of report.findings) {
      expect(Object.keys(f).sort()).toEqual(['cause', 'count', 'evidence', 'explainedBy', 'kind', 'remedy', 'severity', 'summary', 'threadId']);
      expect(f.remedy).not.toBe('No automatic repair; see the cause.');
      for (const e of f.evidence) expect(Object.keys(e).sort()).toEqual(['file', 'line', 'source', 'text', 'ts']);
    }
  });

  it('gives every Desktop log event and piece of evidence the text of its own line, in JSON and in the table', () => {
    const report = analyzeJson([sample]);
    const lineOf = (file: string, line: number) => readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';
    const shown = [...report.conversations.flatMap((c) => c.events), ...report.findings.flatMap((f) => f.evidence)].filter((e) => e.source === 'desktop-log');
    expect(shown.length).toBeGreaterThan(20);
    for (const e of shown) {
      expect(e.text.length).toBeGreaterThan(0);
      // The text is the line without its stamp, cut with … when long.
      expect(lineOf(e.file, e.line)).toContain(e.text.replace(/…$/, ''));
    }
    const table = runCli(['analyze', sample]).stdout;
    const evidence = report.findings.flatMap((f) => f.evidence).find((e) => e.source === 'desktop-log')!;
    expect(table).toContain(evidence.text.slice(0, 60));
  });

  it('gives the same findings on the committed sample-logs/ as on a freshly generated one', () => {
    const committed = analyzeJson([join(REPO_ROOT, 'sample-logs')]);
    const fresh = analyzeJson([sample]);
    expect(summarise(committed.findings)).toEqual(summarise(fresh.findings));
  });

  it('renders a terminal report with inputs, counts, problems and findings grouped by severity', () => {
    const run = runCli(['analyze', sample]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out).toContain('Recorded home  /Users/alice/.codex');
    expect(out).toContain('Findings: 2 critical · 1 high · 5 medium · 0 low · 1 info');
    expect(out.indexOf('CRITICAL (2)')).toBeLessThan(out.indexOf('HIGH (1)'));
    expect(out.indexOf('HIGH (1)')).toBeLessThan(out.indexOf('MEDIUM (5)'));
    expect(out).toMatch(/desktop-logs\/2026\/05\/03\/codex-desktop-[^:]+\.log:\d+/);
    expect(out).not.toContain('\u001b[');
  });

  it('colours only when asked: FORCE_COLOR on, NO_COLOR wins', () => {
    expect(runCli(['analyze', sample], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(runCli(['analyze', sample], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('narrows to --thread and to a --since window', () => {
    const one = analyzeJson([sample, '--thread', ids.sideB.toUpperCase()]);
    expect(one.conversations.map((c) => c.id)).toEqual([ids.sideB]);
    expect(summarise(one.findings)).toEqual([`critical unpersisted-conversation ${ids.sideB}`, `medium request-failed ${ids.sideB}`]);

    // Day two only: the side chats' turns fall outside the window, their failures inside.
    const dayTwo = analyzeJson([sample, '--since', '2026-05-04T00:00:00Z']);
    expect(dayTwo.findings.some((f) => f.kind === 'unpersisted-conversation')).toBe(false);
    expect(dayTwo.findings.filter((f) => f.kind === 'request-failed')).toHaveLength(3);
    const dayOne = analyzeJson([sample, '--until', '2026-05-03T23:59:59Z']);
    expect(dayOne.findings.filter((f) => f.kind === 'unpersisted-conversation')).toHaveLength(2);
    expect(dayOne.findings.some((f) => f.kind === 'request-failed')).toBe(false);
  });

  it('exits 1 only when a finding reaches --fail-on', () => {
    expect(runCli(['analyze', sample, '--fail-on', 'critical']).status).toBe(1);
    expect(runCli(['analyze', sample, '--fail-on', 'high']).status).toBe(1);
    expect(runCli(['analyze', sample, '--fail-on', 'critical', '--thread', ids.healthy]).status).toBe(0);
    expect(runCli(['analyze', sample, '--fail-on', 'info', '--thread', ids.parent]).status).toBe(1);
    expect(runCli(['analyze', sample, '--fail-on', 'critical', '--thread', ids.parent]).status).toBe(0);
  });

  it('never changes a byte or an mtime of what it analyses', () => {
    const files = allFiles(sample);
    expect(files.some((f) => f.endsWith('state_5.sqlite-wal'))).toBe(true);
    const before = fileFingerprint(files);
    runCli(['analyze', sample]);
    runCli(['analyze', sample, '--json']);
    expect(fileFingerprint(allFiles(sample))).toEqual(before);
  });
});

describe('codex-logs inputs and errors', () => {
  it.each([
    [['analyze', '/nonexistent/logs'], /LOGS_DIR \/nonexistent\/logs: no such file or directory/],
    [['analyze', 'sample-logs', '--codex-home', '/nonexistent/home'], /--codex-home \/nonexistent\/home: no such directory/],
    [['analyze', 'sample-logs', '--bogus'], /Unknown argument: bogus/],
    [['analyze', 'sample-logs', '--since', 'last tuesday'], /--since "last tuesday"/],
    [['analyze', 'sample-logs', '--since', '2026-05-04', '--until', '2026-05-03'], /--since is later than --until/],
    [['analyze', 'sample-logs', '--thread', 'client-new-thread:abc'], /not a thread id/],
    [['analyze', 'sample-logs', '--fail-on', 'severe'], /Invalid values/],
    [['analyze', 'sample-logs', '--fail-on'], /Not enough arguments following: fail-on/],
  ])('%j exits 2 with one line on stderr and nothing on stdout', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('uses the platform log folder and $CODEX_HOME when given no arguments', () => {
    const home = join(work, 'user-home');
    const logs = join(home, '.local', 'state', 'codex', 'logs');
    mkdirSync(logs, { recursive: true });
    cpSync(join(sample, 'desktop-logs'), logs, { recursive: true });
    const run = runCli(['analyze', '--json'], {
      env: { HOME: home, USERPROFILE: home, XDG_STATE_HOME: undefined, LOCALAPPDATA: join(home, 'AppData', 'Local'), CODEX_HOME: join(sample, 'codex-home') },
    });
    const report = jsonDocument<AnalysisDocument>(run, 'analyze');
    if (process.platform === 'linux') expect(report.inputs).toMatchObject({ logsDir: logs, logsDirOrigin: 'platform-default', logFiles: 2 });
    expect(report.inputs).toMatchObject({ codexHome: join(sample, 'codex-home'), codexHomeOrigin: 'CODEX_HOME' });
  });

  it('keeps going over damaged inputs and counts them', () => {
    const dir = join(work, 'damaged');
    cpSync(sample, dir, { recursive: true });
    const day = join(dir, 'desktop-logs', '2026', '05', '03');
    const [log] = readdirSync(day);
    writeFileSync(join(day, 'binary.log'), Buffer.from([0, 1, 2, 3, 0, 255, 254, 0]));
    writeFileSync(join(day, 'empty.log'), '');
    writeFileSync(join(day, `${log}.crlf.log`), 'no timestamp here\r\n2026-05-03T10:00:00.000Z info [X] hello conversationId=null\r\n\xff\xfe broken');
    writeFileSync(join(dir, 'codex-home', 'state_5.sqlite'), 'this is not a database');
    rmSync(join(dir, 'codex-home', 'state_5.sqlite-wal'));
    rmSync(join(dir, 'codex-home', 'state_5.sqlite-shm'));
    const run = runCli(['analyze', dir, '--json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { stats: { problems: { what: string; count: number }[] }; findings: JsonFinding[] };
    const problems = report.stats.problems.map((p) => p.what).join('\n');
    expect(problems).toMatch(/binary files/);
    expect(problems).toMatch(/empty log files/);
    expect(report.findings.find((f) => f.kind === 'state-db-unreadable')?.severity).toBe('high');
    // Without the DB, the side chats are still judged from the rollout folders.
    expect(report.findings.filter((f) => f.kind === 'unpersisted-conversation').map((f) => f.severity)).toEqual(['high', 'high']);
  });
});
