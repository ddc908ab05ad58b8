import { describe, expect, it } from 'vitest';
import { createAsciiInterner } from '../../../src/sources/desktop-log/byte-interner.js';

const at = (text: string, prefix = '') => {
  const bytes = Buffer.from(prefix + text, 'latin1');
  return [bytes, prefix.length, bytes.length] as const;
};

describe('createAsciiInterner', () => {
  it('gives one instance per distinct value, wherever its bytes sit', () => {
    const intern = createAsciiInterner();
    const a = intern(...at('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5'));
    const b = intern(...at('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5', 'conversationId='));
    expect(b).toBe('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5');
    expect(Object.is(a, b)).toBe(true);
    expect(intern(...at('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a6'))).toBe('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a6');
  });

  it('tells apart values that share their hashed tail or differ only in length', () => {
    const intern = createAsciiInterner();
    const values = ['x-aaaaaaaaaaaaaaaa', 'y-aaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaa', '', 'a', 'aa'];
    for (const v of values) expect(intern(...at(v))).toBe(v);
    for (const v of values) expect(intern(...at(v))).toBe(v);
  });

  it('stays right past its table size and its entry limit', () => {
    const intern = createAsciiInterner(3000);
    for (let round = 0; round < 2; round += 1) for (let i = 0; i < 5000; i += 1) expect(intern(...at(`value-${i}`))).toBe(`value-${i}`);
  });

  it('decodes values longer than its length limit without keeping them', () => {
    const intern = createAsciiInterner(10, 8);
    expect(intern(...at('longer than eight'))).toBe('longer than eight');
  });
});
