import { describe, expect, it } from 'vitest';
import { familyTree, type InventoryEntry } from '../../src/analysis/inventory.js';

const entry = (id: string, parent: string | null, created = 0): InventoryEntry => ({ id, parent, state: 'persisted', origin: 'cli', created, lastSeen: null, findings: 0 });

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
