import { describe, expect, it } from 'vitest';
import type { InventoryEntry } from '../../src/analysis/inventory.js';
import { inventoryTable } from '../../src/render/inventory.js';

const entry: InventoryEntry = { id: '019decfe-a771-7380-ac92-fec89615facd', state: 'log-only', origin: 'Desktop', parent: '019dece3-985e-7487-8de9-5dbbf15a5520', created: 0, lastSeen: 1000, findings: 1 };

describe('inventoryTable', () => {
  it('counts one conversation as one, in both layouts', () => {
    expect(inventoryTable([entry], 200).trimEnd().split('\n').at(-1)).toBe('1 conversation: 1 log-only');
    expect(inventoryTable([entry, { ...entry, id: '019decfe-a771-7380-ac92-000000000000' }], 80).trimEnd().split('\n').at(-1)).toBe('2 conversations: 2 log-only');
  });

  it('at 80 columns, a block per conversation whose lines fit and whose ids are whole', () => {
    const out = inventoryTable([entry], 80);
    expect(out).toContain(`${entry.id}  log-only · Desktop · 1 finding\n  parent ${entry.parent}\n  created 1970-01-01 00:00:00Z · last seen 1970-01-01 00:00:01Z`);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
