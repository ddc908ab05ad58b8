import { describe, expect, it } from 'vitest';
import { renderText, REPORTERS } from '../../src/render/index.js';
import { makeFinding, makeReport, withFindings } from './report-factory.js';

const options = { color: false, width: 100, cwd: '/work/case' };

describe('table reporter', () => {
  it('says so when there is nothing to report', () => {
    const out = renderText(REPORTERS.table.render, makeReport(), options);
    expect(out).toContain('No inconsistencies found.');
    expect(out).toContain('Input problems\n  none');
    expect(out).toContain('schema 29 · 2 threads rows (1 only in the WAL)');
    expect(out).not.toContain('Recorded home');
  });

  it('groups findings by severity, most severe first, with whole file:line evidence in the details', () => {
    const report = withFindings([
      makeFinding({ kind: 'request-failed', severity: 'medium', explainedBy: { kind: 'unpersisted-conversation', threadId: 'abc' } }),
      makeFinding({ kind: 'missing-rollout-file', severity: 'high', threadId: null, count: 21 }),
      makeFinding(),
    ]);
    const out = renderText(REPORTERS.table.render, report, options);
    const order = ['CRITICAL (1)', 'HIGH (1)', 'MEDIUM (1)'].map((h) => out.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out).toContain('21 conversations');
    expect(out).toContain('Findings: 1 critical · 1 high · 1 medium · 0 low · 0 info');
    expect(out).toContain('logs/2026/05/03/a-very-long-desktop-log-file-name-that-would-not-fit-in-a-narrow-table-column.log:14  2026-05-03 08:40:05Z');
    expect(out).toContain('Explained by: unpersisted-conversation on abc');
    expect(out).toContain('Cause: Side chats are ephemeral.');
    expect(out).not.toContain('\u001b[');
  });

  it('shows the recorded home, input origins and every problem with its count', () => {
    const report = makeReport();
    report.inputs.recordedHome = 'C:\\Users\\alice\\.codex';
    report.inputs.codexHomeOrigin = 'CODEX_HOME';
    report.stats.problems = [{ what: 'binary files in the log folder (skipped)', count: 3, examples: ['/work/case/logs/x.log'] }];
    const out = renderText(REPORTERS.table.render, report, options);
    expect(out).toContain('Recorded home  C:\\Users\\alice\\.codex');
    expect(out).toContain('home ($CODEX_HOME)');
    expect(out).toContain('binary files in the log folder (skipped): 3 (e.g. /work/case/logs/x.log)');
  });

  it('names every recorded home when rows were written under more than one', () => {
    const report = makeReport();
    report.inputs.recordedHome = '/source/alice/proj/.codex';
    report.inputs.recordedHomes = ['/source/alice/proj/.codex', '/root/.codex'];
    expect(renderText(REPORTERS.table.render, report, options)).toContain('Recorded home  /source/alice/proj/.codex, /root/.codex (');
  });

  it('renders hostile text inert and visible: an escape sequence from a log line is shown, not obeyed', () => {
    const report = withFindings([
      makeFinding({
        summary: 'evil \u001b[2J\u001b[31mred',
        cause: 'title \u001b]0;pwned\u0007',
        evidence: [{ source: 'desktop-log', file: '/work/case/logs/\u001b[1mx.log', line: 1, ts: null, text: 'bell\u0007 \u001b[5mblink' }],
      }),
    ]);
    const out = renderText(REPORTERS.table.render, report, { ...options, color: false });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('evil ␛[2J␛[31mred');
    expect(out).toContain('title ␛]0;pwned␇');
    expect(out).toContain('bell␇ ␛[5mblink');
    expect(out).toMatch(/logs\/␛\[1mx\.log:1/);
  });

  it('colours severities when asked', () => {
    const out = renderText(REPORTERS.table.render, withFindings([makeFinding()]), { ...options, color: true });
    expect(out).toContain('\u001b[1;31mCRITICAL (1)\u001b[0m');
  });
});

describe('numbers that add up, in the right number', () => {
  const evidence = (n: number) => Array.from({ length: n }, (_, i) => ({ ...makeFinding().evidence[0]!, line: i + 1 }));

  it('says how many examples --json keeps beyond those shown, and how many a grouped finding stands for', () => {
    const grouped = renderText(REPORTERS.table.render, withFindings([makeFinding({ threadId: null, count: 441, evidence: evidence(8) })]), options);
    expect(grouped).toContain('… 5 more examples in --json; 441 in all, 433 not listed');
    const one = renderText(REPORTERS.table.render, withFindings([makeFinding({ evidence: evidence(4) })]), options);
    expect(one).toContain('… 1 more in --json');
    const few = renderText(REPORTERS.table.render, withFindings([makeFinding({ threadId: null, count: 12, evidence: evidence(2) })]), options);
    expect(few).toContain('… 12 in all, 10 not listed');
    expect(renderText(REPORTERS.table.render, withFindings([makeFinding({ evidence: evidence(3) })]), options)).not.toContain('…');
  });

  it('writes one of a thing as one', () => {
    const report = makeReport();
    report.stats.rolloutFiles = 1;
    report.inputs.logFiles = 1;
    report.stats.threadRows = 1;
    const out = renderText(REPORTERS.table.render, report, options);
    expect(out).toContain('Rollouts       1 file (');
    expect(out).toContain('· 1 log file');
    expect(out).toContain('1 threads row (');
  });
});
