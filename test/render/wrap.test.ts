import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapProse } from '../../src/render/wrap.js';

describe('wrapProse', () => {
  it('breaks at spaces within the width and indents the lines after the first', () => {
    expect(wrapProse('one two three four five six seven', 24, '  ')).toBe('one two three four\n  five six seven');
  });

  it('never splits a word, keeps every word in order, and fits every line that holds more than one word', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9-]{1,50}$/), { minLength: 1, maxLength: 30 }), fc.integer({ min: 20, max: 120 }), (words, width) => {
        const wrapped = wrapProse(words.join(' '), width, '    ');
        expect(wrapped.split(/\s+/).filter((w) => w !== '')).toEqual(words);
        for (const line of wrapped.split('\n')) if (line.trim().includes(' ')) expect(line.length).toBeLessThanOrEqual(Math.max(width, 24));
      }),
    );
  });
});
