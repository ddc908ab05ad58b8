import { describe, expect, it } from 'vitest';
import { clip, compareText, isObject } from '../../src/util/text.js';

describe('clip', () => {
  it('cuts with an ellipsis only when something is cut', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(clip('x'.repeat(241), 240)).toBe(`${'x'.repeat(239)}…`);
  });
});

describe('compareText', () => {
  it('orders by code units, as sort() does, not by locale', () => {
    const words = ['b', 'B', 'a', 'é', 'Z', '10', '9'];
    expect([...words].sort(compareText)).toEqual([...words].sort());
  });
});

describe('isObject', () => {
  it('is true for objects only: not null, arrays or primitives', () => {
    expect([{}, { a: 1 }, null, [], 'x', 1, undefined].map(isObject)).toEqual([true, true, false, false, false, false, false]);
  });
});
