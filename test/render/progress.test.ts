import { describe, expect, it } from 'vitest';
import { progressDisplay, progressLine } from '../../src/render/progress.js';

function fakeStream() {
  const writes: string[] = [];
  return { writes, stream: { write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream };
}

const p = { filesDone: 12, filesTotal: 40, bytesDone: 300 * 1024 ** 2, bytesTotal: 1024 ** 3 };

describe('progress display', () => {
  it('says files, bytes, rate and time left', () => {
    expect(progressLine(p, 10_000)).toBe('Desktop logs: 12/40 files · 300 MiB of 1.0 GiB · 31 MB/s · about 25 s left');
    expect(progressLine({ ...p, bytesDone: 0 }, 0)).toContain('estimating');
  });

  it('stays silent for the first second, redraws at most every 100 ms, and clears its line at the end', () => {
    let t = 0;
    const { writes, stream } = fakeStream();
    const display = progressDisplay(stream, true, () => t);
    t = 500;
    display.update(p);
    expect(writes).toEqual([]);
    t = 1200;
    display.update(p);
    t = 1250;
    display.update(p);
    t = 1400;
    display.update(p);
    expect(writes).toHaveLength(2);
    expect(writes[0]).toMatch(/^\r\u001b\[KDesktop logs: 12\/40 files/);
    display.done();
    expect(writes[2]).toBe('\r\u001b[K');
  });

  it('writes nothing when disabled (a pipe, a file, --json)', () => {
    let t = 0;
    const { writes, stream } = fakeStream();
    const display = progressDisplay(stream, false, () => t);
    t = 5000;
    display.update(p);
    display.done();
    expect(writes).toEqual([]);
  });
});
