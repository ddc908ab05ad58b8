import { describe, expect, it } from 'vitest';
import { createInterner, shareRowStrings } from '../../src/sources/intern.js';
import type { RolloutFile } from '../../src/sources/rollouts/types.js';
import type { ThreadRow } from '../../src/sources/state-db/types.js';

// Sharing is invisible to JavaScript (equal strings are equal whatever their instance; the bench measures the memory):
// what can be checked is that it never changes a value.

describe('createInterner', () => {
  it('returns every value as it came, within and past its limits', () => {
    const intern = createInterner(2, 8);
    const values = ['/w', 'cli', '/w', 'vscode', 'x'.repeat(9), '/w', null];
    expect(values.map(intern)).toEqual(values);
  });
});

describe('shareRowStrings', () => {
  const id = '019b76f4-eb6c-7509-a653-48a4c89d3416';
  const path = `/home/u/.codex/sessions/2026/01/01/rollout-2026-01-01T00-28-41-${id}.jsonl`;

  it('leaves every row as it was: matched by path, with another id, or with no file', () => {
    const file = { path, name: { id } } as unknown as RolloutFile;
    const rows = [
      { id, rolloutPath: path },
      { id: 'a-row-with-another-id', rolloutPath: path },
      { id: 'other', rolloutPath: '/elsewhere.jsonl' },
    ] as ThreadRow[];
    const before = structuredClone(rows);
    shareRowStrings(rows, [file]);
    expect(rows).toEqual(before);
  });
});
