import { describe, expect, it } from 'vitest';
import type { InventoryEntry } from '../../src/analysis/inventory.js';
import { inventoryTable, treeText } from '../../src/render/inventory.js';

const entry: InventoryEntry = {
  id: '019decfe-a771-7380-ac92-fec89615facd',
  state: 'log-only',
  origin: 'Desktop',
  parent: '019dece3-985e-7487-8de9-5dbbf15a5520',
  created: 0,
  lastSeen: 1000,
  findings: 1,
  title: 'Speed up the invoice export for alice@example.com',
};

describe('inventoryTable', () => {
  it('counts one conversation as one, in both layouts', () => {
    expect(inventoryTable([entry], 200).trimEnd().split('\n').at(-1)).toBe('1 conversation: 1 log-only');
    expect(
      inventoryTable([entry, { ...entry, id: '019decfe-a771-7380-ac92-000000000000' }], 80)
        .trimEnd()
        .split('\n')
        .at(-1),
    ).toBe('2 conversations: 2 log-only');
  });

  it('at 80 columns, a block per conversation whose lines fit and whose ids are whole', () => {
    const out = inventoryTable([entry], 80);
    expect(out).toContain(
      `${entry.id}  log-only · Desktop · 1 finding\n  Speed up the invoice export for <email>\n  parent ${entry.parent}\n  created 1970-01-01 00:00:00Z · last seen 1970-01-01 00:00:01Z`,
    );
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('titles in list and tree', () => {
  it('shows the title beside the id, redacted and clipped, in the table and in the blocks', () => {
    const wide = inventoryTable([entry], 250);
    expect(wide).toContain('│ Speed up the invoice export… │');
    const narrow = inventoryTable([entry], 80);
    expect(narrow).toContain(`${entry.id}  log-only · Desktop · 1 finding\n  Speed up the invoice export for <email>\n`);
    expect(narrow).not.toContain('alice@example.com');
    expect(inventoryTable([{ ...entry, title: null }], 250)).toMatch(/│ — +│ log-only/);
  });

  it('names each conversation of a tree by its title', () => {
    const child = { ...entry, id: '019ded16-3062-7ed2-a1d1-ff74cfe72757', title: 'Side\nchat' };
    const text = treeText({ entry, children: [{ entry: child, children: [] }] }, child.id);
    expect(text).toContain(`└── ${child.id}  log-only · Desktop · 1 finding  Side chat  ◀`);
    expect(text).toContain('Speed up the invoice export for <email>');
  });
});
