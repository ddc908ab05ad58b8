import { describe, expect, it } from 'vitest';
import { createAsciiInterner, internedText } from '../../../src/sources/desktop-log/byte-interner.js';

const at = (text: string, prefix = '') => {
  const bytes = Buffer.from(prefix + text, 'latin1');
  return [bytes, prefix.length, bytes.length] as const;
};

/** The interner as a function from bytes to their text, as the parser uses it. */
function textsOf(...args: Parameters<typeof createAsciiInterner>) {
  const interner = createAsciiInterner(...args);
  return (bytes: Uint8Array, start: number, end: number) => internedText(interner, bytes, start, end);
}

describe('createAsciiInterner', () => {
  it('gives one instance per distinct value, wherever its bytes sit', () => {
    const intern = textsOf();
    const a = intern(...at('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5'));
    const b = intern(...at('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5', 'conversationId='));
    expect(b).toBe('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5');
    expect(Object.is(a, b)).toBe(true);
    expect(intern(...at('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a6'))).toBe('019ea6fa-2afa-7c41-9d3e-5b8f0ac525a6');
  });

  it('tells apart values that share their hashed tail or differ only in length', () => {
    const intern = textsOf();
    const values = ['x-aaaaaaaaaaaaaaaa', 'y-aaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaa', '', 'a', 'aa'];
    for (const v of values) expect(intern(...at(v))).toBe(v);
    for (const v of values) expect(intern(...at(v))).toBe(v);
  });

  it('stays right past its table size and its entry limit', () => {
    const intern = textsOf(3000);
    for (let round = 0; round < 2; round += 1) for (let i = 0; i < 5000; i += 1) expect(intern(...at(`value-${i}`))).toBe(`value-${i}`);
  });

  it('decodes values longer than its length limit without keeping them', () => {
    const intern = textsOf(10, 8);
    expect(intern(...at('longer than eight'))).toBe('longer than eight');
  });

  it('numbers its entries, the same for the same bytes, -1 for bytes it does not keep', () => {
    const interner = createAsciiInterner(2, 8);
    const a = interner.entryOf(...at('alpha'));
    const b = interner.entryOf(...at('beta', 'x='));
    expect(a).not.toBe(b);
    expect(interner.entryOf(...at('alpha', 'key='))).toBe(a);
    expect([interner.text(a), interner.text(b)]).toEqual(['alpha', 'beta']);
    expect(interner.entryOf(...at('gamma'))).toBe(-1);
    expect(interner.entryOf(...at('longer than eight'))).toBe(-1);
    expect(interner.entryOf(...at('beta'))).toBe(b);
  });
});
