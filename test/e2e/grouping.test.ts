import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeThreadId, writeRollout } from '../builders/rollouts.js';
import { buildStateDb } from '../builders/state-db.js';
import type { ListDocument } from '../../src/render/inventory.js';
import type { AnalysisDocument } from '../../src/render/json.js';
import type { RepairPlanDocument } from '../../src/render/repair-script.js';
import type { TimelineDocument } from '../../src/render/timeline/json.js';
import { ensureBuilt, jsonDocument, runCli } from './run-cli.js';

let work: string;
let home: string;
// The shape of a real home (441 rows, 4 rollouts): 437 rows whose rollout is gone.
const dangling = Array.from({ length: 437 }, (_, i) => makeThreadId(Date.parse('2026-05-01T08:00:00Z') + i * 60_000, `dangling-${i}`));

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-grouping-'));
  home = join(work, '.codex');
  mkdirSync(home, { recursive: true });
  // sessions/ exists (one rollout is there), so the detector's own "no rollout folders" group does not apply.
  const kept = [0, 1, 2, 3].map((i) => {
    const startedAt = Date.parse('2026-05-02T08:00:00Z') + i * 60_000;
    const id = makeThreadId(startedAt, `kept-${i}`);
    return { id, rolloutPath: writeRollout(home, { id, startedAt }) };
  });
  buildStateDb(join(home, 'state_5.sqlite'), {
    schemaVersion: 42,
    threads: [
      ...kept,
      ...dangling.map((id, i) => ({
        id,
        rolloutPath: join(home, 'sessions', '2026', '05', '01', `rollout-2026-05-01T10-${String(i).padStart(2, '0')}-00-${id}.jsonl`),
      })),
    ],
  });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('one root cause, one finding, at every severity', () => {
  it('437 dangling rows are one high finding in the table and in --json, which lists every conversation', () => {
    const doc = jsonDocument<AnalysisDocument>(runCli(['analyze', '--codex-home', home, '--json']), 'analyze');
    const missing = doc.findings.filter((f) => f.kind === 'missing-rollout-file');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'high', threadId: null, count: 437 });
    expect(missing[0]!.members!.map((m) => m.threadId).sort()).toEqual([...dangling].sort());
    const table = runCli(['analyze', '--codex-home', home], { env: { COLUMNS: '140' } }).stdout;
    expect(table).toContain('437 conversations');
    expect(table.split('\n').filter((l) => l.includes('missing-rollout-file')).length).toBeLessThanOrEqual(2);
  });

  it('each conversation still has its own finding in its timeline, in list, and in the repair notes', () => {
    const timeline = runCli(['timeline', dangling[3]!, '--codex-home', home, '--format', 'json']);
    const story = jsonDocument<TimelineDocument>(timeline, 'timeline');
    expect(story.findings.map((f) => `${f.kind} ${f.threadId}`)).toEqual([`missing-rollout-file ${dangling[3]}`]);
    const list = jsonDocument<ListDocument>(runCli(['list', '--codex-home', home, '--json']), 'list').conversations;
    for (const id of dangling) expect(list.find((e) => e.id === id)?.findings).toBe(1);
    const plan = jsonDocument<RepairPlanDocument>(runCli(['repair', '--codex-home', home, '--json']), 'repair');
    expect(
      plan.notes
        .filter((n) => n.kind === 'missing-rollout-file')
        .map((n) => n.threadId)
        .sort(),
    ).toEqual([...dangling].sort());
  });

  it("the incident report stays under GitHub's limit and folds the 437 conversations away", () => {
    const report = runCli(['report', '--codex-home', home]).stdout;
    expect(report.length).toBeLessThan(65_536);
    expect(report).toContain('<details><summary>The 437 conversations of missing-rollout-file (high)</summary>');
    expect(report).toContain('… and 237 more: codex-logs analyze --json lists them (findings[].members)');
    for (const id of dangling.slice(0, 200)) expect(report).toContain(id);
  });
});
