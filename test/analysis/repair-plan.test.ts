import { describe, expect, it } from 'vitest';
import { literalSql, planRepairs, recordedRolloutPath } from '../../src/analysis/repair-plan.js';
import type { ColumnInfo, RepairFacts, RowFacts } from '../../src/model/repair.js';
import type { Finding, FindingKind } from '../../src/model/finding.js';

const ID = '019dece3-985e-7487-8de9-5dbbf15a5520';
const col = (name: string, notNull = false, hasDefault = false, type = 'TEXT'): ColumnInfo => ({ name, type, notNull, hasDefault });

const row: RowFacts = {
  id: ID,
  createdAtMs: 1_777_795_831_902,
  updatedAtMs: 1_777_800_622_000,
  source: 'vscode',
  modelProvider: 'openai',
  cwd: '/Users/alice/app',
  cliVersion: '0.128.0',
  title: "Alice's fix",
  firstUserMessage: "Alice's fix",
  hasUserEvent: true,
  sandboxPolicy: 'read-only',
  approvalMode: 'never',
  tokensUsed: 42,
  gitSha: null,
  gitBranch: null,
  gitOriginUrl: null,
  agentNickname: null,
  agentRole: null,
  agentPath: null,
  memoryMode: null,
  model: 'gpt-5.5',
  reasoningEffort: null,
  threadSource: null,
  historyMode: null,
  name: null,
  badLines: 0,
};

function facts(columns: ColumnInfo[], extra: Partial<RepairFacts> = {}): RepairFacts {
  return {
    database: '/h/state_5.sqlite',
    schemaVersion: 17,
    columns,
    rowFacts: new Map([[ID, row]]),
    rollouts: new Map([[ID, { relPath: `sessions/2026/05/03/rollout-x-${ID}.jsonl`, archived: false }]]),
    codexHome: '/h',
    recordedHome: null,
    separator: '/',
    ...extra,
  };
}

const finding = (kind: FindingKind, threadId: string | null = ID): Finding => ({
  kind,
  severity: 'medium',
  threadId,
  summary: 's',
  cause: 'c',
  evidence: [{ source: 'desktop-log', file: '/logs/a.log', line: 3, ts: null, text: 't' }],
  explainedBy: null,
  count: 1,
});

describe('planRepairs', () => {
  it('names each evidence place once, however many rows of one database a grouped finding holds', () => {
    const grouped: Finding = {
      ...finding('missing-rollout-file', null),
      severity: 'high',
      count: 3,
      evidence: ['a', 'b', 'c'].map((id) => ({ source: 'state-db' as const, file: '/h/state_5.sqlite', line: 0, ts: null, text: `threads row id=${id}` })),
    };
    expect(planRepairs([grouped], facts([])).notes.map((n) => n.evidence)).toEqual([['/h/state_5.sqlite']]);
  });

  it('inserts only the columns the schema has, filling unknown NOT NULL columns and leaving defaults alone', () => {
    const plan = planRepairs(
      [finding('missing-thread-row')],
      facts([
        col('id', true),
        col('rollout_path', true),
        col('created_at', true, false, 'INTEGER'),
        col('future_flag', true, false, 'INTEGER'),
        col('memory_mode', true, true),
        col('title', true),
      ]),
    );
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]?.sql).toBe('INSERT INTO threads (id, rollout_path, created_at, future_flag, title) VALUES (?, ?, ?, ?, ?)');
    expect(plan.steps[0]?.params).toEqual([ID, `/h/sessions/2026/05/03/rollout-x-${ID}.jsonl`, 1_777_795_831, 0, "Alice's fix"]);
    expect(literalSql(plan.steps[0]!)).toContain("'Alice''s fix'");
  });

  it("writes paths the way the DB's own machine did when the home was copied", () => {
    const found = { relPath: 'archived_sessions/r.jsonl', archived: true };
    expect(recordedRolloutPath(found, facts([], { recordedHome: 'C:\\Users\\alice\\.codex' }))).toBe('C:\\Users\\alice\\.codex\\archived_sessions\\r.jsonl');
    expect(recordedRolloutPath(found, facts([], { recordedHome: '/Users/alice/.codex/' }))).toBe('/Users/alice/.codex/archived_sessions/r.jsonl');
  });

  it('points a bad rollout_path at the file found, and explains what it cannot repair', () => {
    const plan = planRepairs(
      [finding('empty-rollout-path'), finding('unpersisted-conversation', 'other'), finding('missing-rollout-file', null), finding('request-failed')],
      facts([col('id'), col('rollout_path'), col('archived')]),
    );
    expect(plan.steps.map((s) => [s.kind, s.sql, s.params])).toEqual([
      ['empty-rollout-path', 'UPDATE threads SET rollout_path = ?, archived = ? WHERE id = ?', [`/h/sessions/2026/05/03/rollout-x-${ID}.jsonl`, 0, ID]],
    ]);
    expect(plan.notes.map((n) => [n.kind, n.threadId, n.evidence])).toEqual([
      ['unpersisted-conversation', 'other', ['/logs/a.log:3']],
      ['missing-rollout-file', null, ['/logs/a.log:3']],
    ]);
  });
});
