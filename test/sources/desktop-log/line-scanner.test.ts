import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyScanFacts, scanLines, type ReadChunk, type ScanFacts } from '../../../src/sources/desktop-log/line-scanner.js';

/** The file handle as the scanner reads it, asynchronously. */
const reader =
  (handle: FileHandle): ReadChunk =>
  (buffer, length, position) =>
    handle.read(buffer, 0, length, position).then((r) => r.bytesRead);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-scanner-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Scanned {
  lines: { text: string; cut: boolean; clean: boolean }[];
  facts: ScanFacts;
}

async function scan(content: string | Buffer, maxLineBytes: number, chunkBytes: number): Promise<Scanned> {
  const path = join(dir, 'f.log');
  writeFileSync(path, content);
  const handle = await open(path, 'r');
  try {
    const lines: Scanned['lines'] = [];
    const size = (await handle.stat()).size;
    const facts = emptyScanFacts();
    await scanLines(
      reader(handle),
      size,
      maxLineBytes,
      (bytes, start, end, cut, clean) => lines.push({ text: bytes.toString('utf8', start, end), cut, clean }),
      facts,
      chunkBytes,
    );
    return { lines, facts };
  } finally {
    await handle.close();
  }
}

describe('scanLines', () => {
  it('tells where each line starts in the file, so that its bytes can be read again, whatever the read size', async () => {
    const content = Buffer.from(`first line\n\nthird — é 🚀 longer than the rest\nx\r\n${'y'.repeat(40)}\nlast without newline`);
    const path = join(dir, 'f.log');
    writeFileSync(path, content);
    const handle = await open(path, 'r');
    try {
      for (const chunk of [1, 2, 3, 7, 16, 1024]) {
        const seen: string[] = [];
        await scanLines(
          reader(handle),
          content.length,
          24,
          (bytes, start, end, _cut, _clean, _read, offset) => {
            expect(content.subarray(offset, offset + end - start).equals(bytes.subarray(start, end))).toBe(true);
            seen.push(bytes.toString('utf8', start, end));
          },
          emptyScanFacts(),
          chunk,
        );
        expect(seen).toHaveLength(6);
      }
    } finally {
      await handle.close();
    }
  });

  it('gives the same lines as a split on \\n, whatever the read size', async () => {
    const text = 'first line\n\nthird, a little longer than the rest\nx\r\nlast without newline';
    for (const chunk of [1, 2, 3, 7, 16, 1024]) {
      const { lines, facts } = await scan(text, 1024, chunk);
      expect(lines.map((l) => l.text)).toEqual(text.split('\n'));
      expect(facts).toEqual({ bytes: Buffer.byteLength(text), cutLines: 0, missingFinalNewline: true });
    }
  });

  it('does not give an empty line after a final newline', async () => {
    const { lines, facts } = await scan('a\nb\n', 100, 3);
    expect(lines.map((l) => l.text)).toEqual(['a', 'b']);
    expect(facts.missingFinalNewline).toBe(false);
  });

  it('keeps at most the limit of a long line, inside one read or across reads, and counts each cut', async () => {
    const text = `${'a'.repeat(50)}\nshort\n${'b'.repeat(30)}`;
    for (const chunk of [4, 64, 4096]) {
      const { lines, facts } = await scan(text, 10, chunk);
      expect(lines).toEqual([
        { text: 'a'.repeat(10), cut: true, clean: false },
        expect.objectContaining({ text: 'short', cut: false }),
        { text: 'b'.repeat(10), cut: true, clean: false },
      ]);
      expect(facts.cutLines).toBe(2);
    }
  });

  it('never cuts inside a multi-byte character', async () => {
    for (const chunk of [5, 1000]) {
      const { lines } = await scan(`${'对'.repeat(40)}\nok\n`, 100, chunk);
      expect(lines[0]?.text).toBe('对'.repeat(33));
      expect(lines[1]?.text).toBe('ok');
    }
  });

  it('marks lines clean only when their read holds valid UTF-8 without U+FFFD', async () => {
    expect((await scan('plain\nascii\n', 100, 4096)).lines.every((l) => l.clean)).toBe(true);
    expect((await scan('été\n', 100, 4096)).lines[0]?.clean).toBe(true);
    expect((await scan(Buffer.from([0x61, 0xff, 0x0a, 0x62, 0x0a]), 100, 4096)).lines.some((l) => l.clean)).toBe(false);
    expect((await scan('has \uFFFD already\n', 100, 4096)).lines[0]?.clean).toBe(false);
  });

  it('reads nothing past the size it is given (a file still being written)', async () => {
    const path = join(dir, 'growing.log');
    writeFileSync(path, 'one\ntwo\nthree\n');
    const handle = await open(path, 'r');
    const lines: string[] = [];
    const facts = emptyScanFacts();
    await scanLines(reader(handle), 8, 100, (b, s, e) => lines.push(b.toString('utf8', s, e)), facts, 3);
    await handle.close();
    expect(lines).toEqual(['one', 'two']);
    expect(facts.bytes).toBe(8);
  });
});
