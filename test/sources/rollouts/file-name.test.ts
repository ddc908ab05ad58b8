import { describe, expect, it } from 'vitest';
import { parseRolloutFileName } from '../../../src/sources/rollouts/file-name.js';

const V7 = '019d6d67-1952-7e83-93ef-94497e3c15b6';
const V4 = '613a9a68-8816-40b2-a2d4-041ade599da6';

describe('parseRolloutFileName', () => {
  it('reads a plain name with a v7 id, the stamp taken as if it were UTC', () => {
    expect(parseRolloutFileName(`rollout-2026-04-08T22-02-46-${V7}.jsonl`)).toEqual({
      stamp: '2026-04-08T22-02-46',
      localStampMs: Date.UTC(2026, 3, 8, 22, 2, 46),
      id: V7,
      copyIndex: null,
      compressed: false,
    });
  });

  it('reads a v4 id from 2025', () => {
    const name = parseRolloutFileName(`rollout-2025-09-16T14-12-31-${V4}.jsonl`);
    expect(name?.id).toBe(V4);
    expect(name?.localStampMs).toBe(Date.UTC(2025, 8, 16, 14, 12, 31));
  });

  it('reads the ` (N)` suffix of a copied file', () => {
    expect(parseRolloutFileName(`rollout-2026-04-08T22-02-46-${V7} (1).jsonl`)).toMatchObject({ id: V7, copyIndex: 1, compressed: false });
    expect(parseRolloutFileName(`rollout-2026-04-08T22-02-46-${V7} (12).jsonl`)?.copyIndex).toBe(12);
  });

  it('reads compressed names, with or without a copy suffix', () => {
    expect(parseRolloutFileName(`rollout-2026-04-08T22-02-46-${V7}.jsonl.zst`)).toMatchObject({ id: V7, copyIndex: null, compressed: true });
    expect(parseRolloutFileName(`rollout-2026-04-08T22-02-46-${V7} (2).jsonl.zst`)).toMatchObject({ copyIndex: 2, compressed: true });
  });

  it("reads a reverted thread's name: the thread id first, the rollout id after the underscore (#38127)", () => {
    expect(parseRolloutFileName(`rollout-2026-04-08T22-02-46-${V7}_${V4}.jsonl`)).toEqual({
      stamp: '2026-04-08T22-02-46',
      localStampMs: Date.UTC(2026, 3, 8, 22, 2, 46),
      id: V7,
      rolloutId: V4,
      copyIndex: null,
      compressed: false,
    });
    expect(parseRolloutFileName(`rollout-2026-04-08T22-02-46-${V7}_${V4.toUpperCase()} (1).jsonl.zst`)).toMatchObject({
      id: V7,
      rolloutId: V4,
      copyIndex: 1,
      compressed: true,
    });
    expect(parseRolloutFileName(`rollout-2026-04-08T22-02-46-${V7}.jsonl`)).not.toHaveProperty('rolloutId');
  });

  it('lowercases an uppercase id', () => {
    expect(parseRolloutFileName(`rollout-2026-04-08T22-02-46-${V7.toUpperCase()}.jsonl`)?.id).toBe(V7);
  });

  it('accepts the 29th of February in a leap year and midnight on the first of January', () => {
    expect(parseRolloutFileName(`rollout-2024-02-29T23-59-59-${V7}.jsonl`)?.localStampMs).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(parseRolloutFileName(`rollout-2026-01-01T00-00-00-${V7}.jsonl`)?.localStampMs).toBe(Date.UTC(2026, 0, 1));
  });

  it.each([
    ['a day past the month', `rollout-2026-02-30T10-00-00-${V7}.jsonl`],
    ['29 February outside a leap year', `rollout-2025-02-29T10-00-00-${V7}.jsonl`],
    ['day zero', `rollout-2026-03-00T10-00-00-${V7}.jsonl`],
    ['month 13', `rollout-2026-13-01T10-00-00-${V7}.jsonl`],
    ['hour 24', `rollout-2026-04-08T24-00-00-${V7}.jsonl`],
    ['minute 60', `rollout-2026-04-08T10-60-00-${V7}.jsonl`],
    ['second 60', `rollout-2026-04-08T10-00-60-${V7}.jsonl`],
    ['colons in the time', `rollout-2026-04-08T22:02:46-${V7}.jsonl`],
    ['a short year', `rollout-26-04-08T22-02-46-${V7}.jsonl`],
    ['no stamp', `rollout-${V7}.jsonl`],
  ])('rejects %s', (_what, name) => {
    expect(parseRolloutFileName(name)).toBeNull();
  });

  it.each([
    ['another prefix', `session-2026-04-08T22-02-46-${V7}.jsonl`],
    ['a demo file', 'example-session-metadata.jsonl'],
    ['a truncated id', 'rollout-2026-04-08T22-02-46-019d6d67.jsonl'],
    ['an id without its last digit', `rollout-2026-04-08T22-02-46-${V7.slice(0, -1)}.jsonl`],
    ['an id with a non-hex digit', `rollout-2026-04-08T22-02-46-${V7.slice(0, -1)}g.jsonl`],
    ['no dash before the id', `rollout-2026-04-08T22-02-46${V7}.jsonl`],
    ['a .json extension', `rollout-2026-04-08T22-02-46-${V7}.json`],
    ['a .gz extension', `rollout-2026-04-08T22-02-46-${V7}.jsonl.gz`],
    ['a temp file', `rollout-2026-04-08T22-02-46-${V7}.jsonl.tmp`],
    ['a copy suffix without its space', `rollout-2026-04-08T22-02-46-${V7}(1).jsonl`],
    ['a copy suffix that is not a number', `rollout-2026-04-08T22-02-46-${V7} (a).jsonl`],
    ['text after the id', `rollout-2026-04-08T22-02-46-${V7}-old.jsonl`],
    ['a rollout id that is no UUID', `rollout-2026-04-08T22-02-46-${V7}_${V4.slice(0, -1)}.jsonl`],
    ['a rollout id without a thread id', `rollout-2026-04-08T22-02-46-_${V4}.jsonl`],
    ['two ids joined by a dash', `rollout-2026-04-08T22-02-46-${V7}-${V4}.jsonl`],
    ['a bare zst', `rollout-2026-04-08T22-02-46-${V7}.zst`],
  ])('rejects %s', (_what, name) => {
    expect(parseRolloutFileName(name)).toBeNull();
  });
});
