import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { analyze } from '../../src/analysis/analyze.js';
import { buildInventory, familyTree, type InventoryEntry } from '../../src/analysis/inventory.js';
import type { Filters } from '../../src/model/report.js';
import { collectSources } from '../../src/log-index/collect.js';
import { writeSessionIndex } from '../builders/session-index.js';
import { at, idAt, rowFor, useScenario, writeDb, writeThreadRollout, type Scenario } from './scenario.js';

async function runWithSources(s: Scenario, partial: Partial<Filters> = {}) {
  const filters = { since: null, until: null, threads: [], ...partial };
  const sources = await collectSources({ logsDir: null, codexHome: s.home, env: {}, home: join(s.root, 'no-user-home'), filters });
  return { sources, report: analyze(sources, filters, 'test') };
}

const entry = (id: string, parent: string | null, created = 0): InventoryEntry => ({
  id,
  parent,
  state: 'persisted',
  origin: 'cli',
  created,
  lastSeen: null,
  findings: 0,
  title: null,
});

describe('familyTree', () => {
  it('climbs to the oldest known ancestor and lists descendants by creation', () => {
    const tree = familyTree([entry('c', 'b', 3), entry('a', null, 1), entry('b', 'a', 2), entry('d', 'a', 1)], 'c');
    expect(tree?.entry.id).toBe('a');
    expect(tree?.children.map((n) => n.entry.id)).toEqual(['d', 'b']);
    expect(tree?.children[1]?.children.map((n) => n.entry.id)).toEqual(['c']);
  });

  it('survives a parent cycle in bad data and unknown ids', () => {
    const tree = familyTree([entry('a', 'b'), entry('b', 'a')], 'a');
    expect(tree).not.toBeNull();
    expect(familyTree([entry('a', null)], 'zzz')).toBeNull();
    expect(familyTree([entry('a', 'ghost')], 'a')?.entry.id).toBe('a');
  });
});

describe('buildInventory over a home', () => {
  const s = useScenario();

  it('counts a grouped finding for every row it covers', async () => {
    const ids = Array.from({ length: 3 }, (_, i) => idAt(i, `gone-${i}`));
    // No sessions/ folder: the three dangling rows are one finding with threadId null.
    writeDb(
      s,
      ids.map((id, i) => rowFor({ id, startedAt: at(i) }, '/Users/alice/.codex')),
    );
    const { report, sources } = await runWithSources(s);
    expect(report.findings).toMatchObject([{ kind: 'missing-rollout-file', threadId: null, count: 3 }]);
    expect(buildInventory(report, sources).map((e) => [e.id, e.findings])).toEqual(ids.map((id) => [id, 1]));
  });

  it('lists a thread known only from session_index.jsonl (9 fractional digits), dated by its line', async () => {
    const kept = idAt(0, 'kept');
    const named = idAt(3, 'named');
    writeDb(s, [rowFor(writeThreadRollout(s, kept, 0), s.home)]);
    writeSessionIndex(s.home, [{ id: named, threadName: 'Refactor the parser', updatedAt: at(40) }], 9);
    const { report, sources } = await runWithSources(s);
    const entry = buildInventory(report, sources).find((e) => e.id === named);
    expect(entry).toMatchObject({ state: 'index-only', created: at(3), lastSeen: at(40), findings: 1 });
    const windowed = await runWithSources(s, { since: at(39) });
    expect(windowed.report.conversations.map((c) => c.id)).toEqual([named]);
  });
});
