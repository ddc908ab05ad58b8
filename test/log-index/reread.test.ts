import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLineReader, readLinesAt, REREAD_BYTES } from '../../src/log-index/reread.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-reread-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createLineReader', () => {
  it('reads lines of many files through a few open ones, as readLinesAt does', () => {
    const files = Array.from({ length: 5 }, (_, i) => {
      const path = join(dir, `f${i}.log`);
      writeFileSync(path, `2026-05-03T08:40:0${i}.000Z info [x] file ${i}\nsecond ${i}\n`);
      return path;
    });
    const reader = createLineReader(2);
    try {
      for (const round of [0, 1]) {
        for (const [i, file] of files.entries()) {
          const second = Buffer.byteLength(`2026-05-03T08:40:0${i}.000Z info [x] file ${i}\n`);
          expect(reader.readLinesAt(file, [0, second]), `round ${round}`).toEqual([
            { stampMs: Date.parse(`2026-05-03T08:40:0${i}.000Z`), text: `info [x] file ${i}` },
            { stampMs: null, text: `second ${i}` },
          ]);
        }
      }
      expect(reader.readLinesAt(join(dir, 'gone.log'), [0])).toEqual([null]);
    } finally {
      reader.close();
    }
  });
});

describe('readLinesAt', () => {
  it('gives the text after a Desktop stamp apart from it, and any other line whole', () => {
    const path = join(dir, 'b.log');
    const lines = ['2026-05-03T08:40:05.251Z  info [x] zoë', '2026-05-03T08:40:05.251Z', 'plain line', '2026-05-03 08:40:05 other shape'];
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    const offsets = lines.map((_, i) =>
      Buffer.byteLength(
        lines
          .slice(0, i)
          .map((l) => `${l}\r\n`)
          .join(''),
      ),
    );
    expect(readLinesAt(path, offsets)).toEqual([
      { stampMs: Date.parse('2026-05-03T08:40:05.251Z'), text: 'info [x] zoë' },
      { stampMs: null, text: '2026-05-03T08:40:05.251Z' },
      { stampMs: null, text: 'plain line' },
      { stampMs: null, text: '2026-05-03 08:40:05 other shape' },
    ]);
  });

  it('reads lines close together a window at a time, as it reads each alone, up to the end of the file', () => {
    const path = join(dir, 'windows.log');
    // Lengths from a few bytes to past REREAD_BYTES, so that lines straddle every window boundary.
    const lines = Array.from(
      { length: 3000 },
      (_, i) => `2026-05-03T08:40:05.${String(i % 1000).padStart(3, '0')}Z info [x] ${'y'.repeat((i * 7919) % (REREAD_BYTES + 300))}`,
    );
    writeFileSync(path, lines.join('\n'));
    const offsets: number[] = [];
    let at = 0;
    for (const line of lines) {
      offsets.push(at);
      at += line.length + 1;
    }
    const alone = offsets.map((offset) => readLinesAt(path, [offset])[0]);
    expect(alone.every((line) => line !== null)).toBe(true);
    expect(readLinesAt(path, offsets)).toEqual(alone);
    expect(
      readLinesAt(
        path,
        offsets.filter((_, i) => i % 3 === 0),
      ),
    ).toEqual(alone.filter((_, i) => i % 3 === 0));
    const size = at - 1;
    expect(readLinesAt(path, [size - 1, size, size + 10])).toEqual([{ stampMs: null, text: lines.at(-1)!.slice(-1) }, null, null]);
  });

  it('gives null for every offset of a file that is gone', () => {
    expect(readLinesAt(join(dir, 'gone.log'), [0, 10])).toEqual([null, null]);
  });
});
