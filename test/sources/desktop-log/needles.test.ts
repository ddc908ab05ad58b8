import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNeedleFinders } from '../../../src/sources/desktop-log/needles.js';

/** Lines of one read, as the reader hands them: consecutive ranges of one buffer. */
function linesOf(texts: string[]): { bytes: Buffer; ranges: [number, number][] } {
  const bytes = Buffer.from(texts.join('\n'));
  const ranges: [number, number][] = [];
  let at = 0;
  for (const text of texts) {
    const length = Buffer.byteLength(text);
    ranges.push([at, at + length]);
    at += length + 1;
  }
  return { bytes, ranges };
}

describe('createNeedleFinders', () => {
  const groups = [['conversation', 'hread', 'Version'], ['Version', 'Codex Desktop'], []];
  const word = fc.constantFrom('conversation', 'hread', 'thread', 'Version', 'Codex Desktop', 'Codex', 'x', ' ', 'é', 'conversatio');
  const line = fc.array(word, { maxLength: 6 }).map((words) => words.join(''));

  it('answers for each group, sharing searches, as a search of each line would, whatever the groups ask in turn', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (texts, askSecond) => {
        const { bytes, ranges } = linesOf(texts);
        const [any, full, none] = createNeedleFinders(groups);
        ranges.forEach(([start, end], i) => {
          const text = bytes.toString('utf8', start, end);
          // The second group is asked of some lines only, as the reader asks it only of lines it would parse plainly.
          expect(any!.anyIn(bytes, start, end, 1)).toBe(groups[0]!.some((n) => text.includes(n)));
          if (askSecond[i]) expect(full!.anyIn(bytes, start, end, 1)).toBe(groups[1]!.some((n) => text.includes(n)));
          expect(none!.anyIn(bytes, start, end, 1)).toBe(false);
        });
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('starts afresh for each read, and reads a line put together from several reads on its own', () => {
    const [any] = createNeedleFinders([['hread']]);
    const first = Buffer.from('a thread\nnothing');
    expect(any!.anyIn(first, 0, 8, 1)).toBe(true);
    // The same positions in another read's bytes say nothing of the old ones.
    const second = Buffer.from('nothing\na thread');
    expect(any!.anyIn(second, 0, 7, 2)).toBe(false);
    expect(any!.anyIn(second, 8, 16, 2)).toBe(true);
    expect(any!.anyIn(Buffer.from('xx thread'), 2, 9, -1)).toBe(true);
  });
});
