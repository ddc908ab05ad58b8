import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleIncident, type SampleIncident } from '../builders/sample-incident.js';
import type { ListDocument, TreeDocument } from '../../src/render/inventory.js';
import { ensureBuilt, jsonDocument, REPO_ROOT, runCli } from './run-cli.js';

let work: string;
let sample: string;
let ids: SampleIncident;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-list-'));
  sample = join(work, 'sample');
  ids = writeSampleIncident(sample);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('codex-logs list', () => {
  it('inventories every conversation with its state, origin and parent', () => {
    const run = runCli(['list', sample, '--json']);
    expect(run.status).toBe(0);
    const byId = new Map(jsonDocument<ListDocument>(run, 'list').conversations.map((e) => [e.id, e]));
    expect(byId.size).toBe(10);
    expect(byId.get(ids.catalogLost)).toMatchObject({ state: 'persisted', origin: 'Desktop', findings: 1 });
    expect(byId.get(ids.lostTail)).toMatchObject({ state: 'persisted', origin: 'Desktop', findings: 1 });
    expect(byId.get(ids.parent)).toMatchObject({ state: 'rollout-only', origin: 'Desktop', parent: null, findings: 2 });
    expect(byId.get(ids.sideA)).toMatchObject({ state: 'log-only', origin: 'side chat', parent: ids.parent });
    expect(byId.get(ids.archived)).toMatchObject({ state: 'archived' });
    expect(byId.get(ids.cliOnly)).toMatchObject({ state: 'persisted', origin: 'cli' });
    expect(byId.get(ids.walOnly)).toMatchObject({ state: 'persisted' });
    expect(byId.get(ids.deferred)).toMatchObject({ state: 'log-only', origin: 'Desktop' });
  });

  it('filters by --status and prints a table with counts', () => {
    const run = runCli(['list', sample, '--status', 'log-only', '--status', 'rollout-only']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('4 conversations: 1 rollout-only, 3 log-only');
    expect(run.stdout).not.toContain(ids.healthy);
    expect(runCli(['list', sample, '--status', 'lost']).status).toBe(2);
  });
});

describe('codex-logs tree', () => {
  it("shows the family from its root with each member's state, marking the one asked about", () => {
    const run = runCli(['tree', ids.sideB, sample]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        `${ids.parent}  rollout-only · Desktop · 2 findings`,
        `├── ${ids.sideA}  log-only · side chat · 2 findings`,
        `└── ${ids.sideB}  log-only · side chat · 2 findings  ◀`,
        '',
      ].join('\n'),
    );
    const json = jsonDocument<TreeDocument>(runCli(['tree', ids.sideA, sample, '--json']), 'tree');
    expect(json.focus).toBe(ids.sideA);
    expect(json.tree.id).toBe(ids.parent);
    expect(json.tree.children.map((c) => c.id)).toEqual([ids.sideA, ids.sideB]);
    expect(runCli(['tree', '01234567-89ab-7def-8123-456789abcdef', sample]).status).toBe(2);
  });

  const olivia = join(REPO_ROOT, '..', 'shared', 'corpus', 'state-db', 'olivia215215+cabinet-governance');
  it.skipIf(!existsSync(olivia))("draws a real subagent family from thread_spawn_edges and the rows' sources", () => {
    const run = runCli(['tree', '019e1c6f-7141-7f40-8c27-a49f47a2b526', olivia]);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    // Every row of this home is covered by the one grouped missing-rollout-file finding (no sessions/ folder).
    // Its title follows, as the sidebar shows it.
    expect(lines[0]).toMatch(/^019e1c6b-6b4c-7f52-9b7a-3a7d96c0faac {2}row-only · vscode · 1 finding {2}\S/);
    expect(lines).toHaveLength(7);
    expect(lines.filter((l) => l.includes('· subagent'))).toHaveLength(6);
    expect(lines.find((l) => l.includes('019e1c6f-7141-7f40-8c27-a49f47a2b526'))).toMatch(/◀$/);
  });
});
