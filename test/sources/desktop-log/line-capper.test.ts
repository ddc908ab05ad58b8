import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { createLineCapper } from '../../../src/sources/desktop-log/line-capper.js';

async function pass(chunks: string[], maxLineBytes: number): Promise<{ text: string; capper: ReturnType<typeof createLineCapper> }> {
  const capper = createLineCapper(maxLineBytes);
  const out = await buffer(Readable.from(chunks.map((c) => Buffer.from(c))).pipe(capper.transform));
  return { text: out.toString('utf8'), capper };
}

describe('createLineCapper', () => {
  it('passes short lines through untouched, whatever the chunking', async () => {
    const { text, capper } = await pass(['ab', 'c\nde', '\n', 'f'], 5);
    expect(text).toBe('abc\nde\nf');
    expect([capper.bytes(), capper.cutLines(), capper.missingFinalNewline()]).toEqual([8, 0, true]);
  });

  it('cuts long lines across chunks and remembers which lines it cut', async () => {
    const { text, capper } = await pass(['12345678', '90\nok\n1234', '5678\n', 'x\n'], 4);
    expect(text).toBe('1234\nok\n1234\nx\n');
    expect(capper.cutLines()).toBe(2);
    expect(capper.missingFinalNewline()).toBe(false);
    expect([1, 2, 3, 4].map((n) => capper.wasCut(n))).toEqual([true, false, true, false]);
    // Each cut is reported once.
    expect(capper.wasCut(3)).toBe(false);
  });

  it('a line exactly at the limit is not cut', async () => {
    const { text, capper } = await pass(['abcd\n'], 4);
    expect(text).toBe('abcd\n');
    expect(capper.cutLines()).toBe(0);
  });

  it('an empty source has no missing newline', async () => {
    const { capper } = await pass([], 4);
    expect([capper.bytes(), capper.missingFinalNewline()]).toEqual([0, false]);
  });
});
