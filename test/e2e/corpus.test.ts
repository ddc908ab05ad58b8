import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileFingerprint } from '../builders/fingerprint.js';
import { allFiles, ensureBuilt, REPO_ROOT, runCli } from './run-cli.js';

const corpus = join(REPO_ROOT, '..', 'shared', 'corpus');

interface CorpusCase {
  dir: string;
  schema: number;
  rows: number;
  onlyInWal: number;
  rollouts: number;
  recordedHome: string;
  conversations?: number;
  /** `kind severity threadId count`, as a person checking with sqlite3 and ls would list them. */
  findings: string[];
}

/**
 * What each real home and state DB holds, checked by hand: sqlite3 on the threads table and `ls` of the folders.
 * The state-db folders were published without their sessions/ folders, so every row's rollout is absent.
 */
const CASES: CorpusCase[] = [
  // logs_1.sqlite also names 3 threads that were loaded and shut down without user input (no row, no rollout).
  {
    dir: 'codex-homes/Xu-Wentao+dotfile/.codex',
    schema: 22,
    rows: 5,
    onlyInWal: 1,
    rollouts: 5,
    recordedHome: '/Users/xuwentao/.codex',
    conversations: 8,
    findings: ['unmaterialized-thread info null 3'],
  },
  {
    dir: 'state-db/Quelklef+shell-ws',
    schema: 17,
    rows: 1,
    onlyInWal: 0,
    rollouts: 0,
    recordedHome: '/per/dev/shell-ws/.codex',
    findings: ['missing-rollout-file high 019d021f-1244-77d2-b5aa-ba1d70f11e87 1'],
  },
  {
    dir: 'state-db/olivia215215+cabinet-governance',
    schema: 29,
    rows: 21,
    onlyInWal: 0,
    rollouts: 0,
    recordedHome: '/Users/admin/.codex',
    findings: ['missing-rollout-file high null 21'],
  },
  {
    dir: 'state-db/doudouqie66+CommonTools',
    schema: 42,
    rows: 441,
    onlyInWal: 0,
    rollouts: 0,
    recordedHome: 'C:\\Users\\admin\\.codex',
    findings: ['missing-rollout-file high null 441'],
  },
];

describe.skipIf(!existsSync(corpus))('analyze over the real corpus', () => {
  beforeAll(() => ensureBuilt());

  it.each(CASES)('$dir', (c) => {
    const dir = join(corpus, c.dir);
    const before = fileFingerprint(allFiles(dir));
    const run = runCli(['analyze', dir, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      inputs: Record<string, unknown>;
      stats: Record<string, number>;
      findings: { kind: string; severity: string; threadId: string | null; count: number; evidence: unknown[] }[];
    };
    expect(report.inputs).toMatchObject({
      codexHome: dir,
      codexHomeOrigin: 'inside-logs-dir',
      stateDbStatus: 'ok',
      stateDbSchemaVersion: c.schema,
      recordedHome: c.recordedHome,
    });
    expect(report.stats).toMatchObject({ threadRows: c.rows, rowsOnlyInWal: c.onlyInWal, rolloutFiles: c.rollouts, conversations: c.conversations ?? c.rows });
    expect(report.findings.map((f) => `${f.kind} ${f.severity} ${f.threadId} ${f.count}`)).toEqual(c.findings);
    for (const f of report.findings) expect(f.evidence.length).toBeGreaterThan(0);
    expect(fileFingerprint(allFiles(dir))).toEqual(before);
  });

  it('reads the Xu-Wentao home in the terminal format without complaint', () => {
    const run = runCli(['analyze', join(corpus, 'codex-homes/Xu-Wentao+dotfile/.codex')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('schema 22 · 5 threads rows (1 only in the WAL)');
    expect(run.stdout).toContain('Findings: 0 critical · 0 high · 0 medium · 0 low · 1 info');
  });

  it("tells a real conversation's story from the state DB, the rollout and the app-server log database", () => {
    const home = join(corpus, 'codex-homes/Xu-Wentao+dotfile/.codex');
    const before = fileFingerprint(allFiles(home));
    const run = runCli(['timeline', '019d6d67-1952-7e83-93ef-94497e3c15b6', home, '--format', 'json']);
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as { thread: { verdict: string }; events: { source: string; file: string }[] };
    expect(doc.thread.verdict).toBe('persisted: threads row and rollout file');
    expect(new Set(doc.events.map((e) => e.source))).toEqual(new Set(['state-db', 'rollout', 'log-db', 'tui-log', 'history']));
    expect(doc.events.find((e) => e.source === 'log-db')?.file).toBe('$CODEX_HOME/logs_1.sqlite');
    expect(run.stdout).not.toContain('xuwentao');
    expect(fileFingerprint(allFiles(home))).toEqual(before);
  });
});
