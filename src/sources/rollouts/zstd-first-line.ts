import type { FirstLine } from './first-line.js';
import { openRolloutStream } from './zstd-stream.js';

const LF = 0x0a;
const CR = 0x0d;

/** The first line of a `.jsonl.zst` rollout: decompressed only until its first newline, at most `limitBytes`. */
export function readZstdFirstLine(path: string, limitBytes: number): Promise<FirstLine> {
  return new Promise((resolve) => {
    const stream = openRolloutStream(path);
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (result: FirstLine) => {
      if (done) return;
      done = true;
      stream.destroy();
      resolve(result);
    };
    stream.on('data', (chunk: Buffer) => {
      const newline = chunk.indexOf(LF);
      const part = newline >= 0 ? chunk.subarray(0, newline) : chunk;
      chunks.push(part);
      total += part.length;
      if (total > limitBytes + 1) finish({ kind: 'too-long' });
      else if (newline >= 0) finish(line(chunks, total));
    });
    stream.on('end', () => finish(total === 0 ? { kind: 'empty' } : line(chunks, total)));
    stream.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'error', code: err.code ?? err.message }));
  });
}

function line(chunks: Buffer[], length: number): FirstLine {
  let bytes = Buffer.concat(chunks, length);
  if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
  return { kind: 'line', data: bytes };
}
