import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/analysis/detectors/index.js';
import { FINDING_KINDS } from '../../src/model/finding.js';

/** The kinds README's "Finding kinds" table lists, in its order: the contract users read. */
function readmeKinds(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^### Finding kinds$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  return [...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!);
}

describe('FINDING_KINDS', () => {
  it("is README's table of finding kinds, in its order", () => {
    expect(readmeKinds().length).toBeGreaterThan(20);
    expect([...FINDING_KINDS]).toEqual(readmeKinds());
  });

  it('has one detector for each kind, and no detector of another kind', () => {
    expect(DETECTORS.map((d) => d.kind).sort()).toEqual([...FINDING_KINDS].sort());
  });
});
