import { Transform, type TransformCallback } from 'node:stream';

const LF = 0x0a;

/** Byte-level facts about the stream that passed through a capper. */
export interface LineCapper {
  transform: Transform;
  /** Bytes read from the source. */
  bytes(): number;
  /** Lines cut so far. */
  cutLines(): number;
  /** True once per cut line, when asked about that line's 1-based number (ask in increasing order). */
  wasCut(lineNumber: number): boolean;
  /** The source was not empty and its last byte was not `\n`. */
  missingFinalNewline(): boolean;
}

/**
 * Passes bytes through, but keeps at most `maxLineBytes` of each line: the rest of a longer line is dropped as it
 * streams by, so a huge line without a newline never sits in memory. A cut never splits a UTF-8 character that
 * starts in the same chunk, so a cut line does not decode with a spurious U+FFFD.
 */
export function createLineCapper(maxLineBytes: number): LineCapper {
  let total = 0;
  let lastByte = -1;
  let lineNumber = 1;
  let lineBytes = 0;
  let dropping = false;
  const cut: number[] = [];

  function passChunk(chunk: Buffer): Buffer {
    const kept: Buffer[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const newline = chunk.indexOf(LF, pos);
      const segmentEnd = newline < 0 ? chunk.length : newline;
      if (!dropping) {
        const room = maxLineBytes - lineBytes;
        if (segmentEnd - pos <= room) {
          kept.push(chunk.subarray(pos, segmentEnd));
          lineBytes += segmentEnd - pos;
        } else {
          kept.push(chunk.subarray(pos, characterBoundary(chunk, pos, pos + room)));
          dropping = true;
          cut.push(lineNumber);
        }
      }
      if (newline < 0) break;
      kept.push(chunk.subarray(newline, newline + 1));
      lineNumber += 1;
      lineBytes = 0;
      dropping = false;
      pos = newline + 1;
    }
    return kept.length === 1 ? (kept[0] as Buffer) : Buffer.concat(kept);
  }

  const transform = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      if (chunk.length === 0) return done();
      total += chunk.length;
      lastByte = chunk[chunk.length - 1] ?? lastByte;
      const out = passChunk(chunk);
      if (out.length > 0) this.push(out);
      done();
    },
  });

  let nextCut = 0;
  return {
    transform,
    bytes: () => total,
    cutLines: () => cut.length,
    wasCut(line: number): boolean {
      while (nextCut < cut.length && (cut[nextCut] as number) < line) nextCut += 1;
      if (cut[nextCut] !== line) return false;
      nextCut += 1;
      return true;
    },
    missingFinalNewline: () => total > 0 && lastByte !== LF,
  };
}

/** Moves a cut at `end` back to the start of a UTF-8 character whose continuation bytes would be dropped. */
function characterBoundary(chunk: Buffer, start: number, end: number): number {
  let cutAt = end;
  while (cutAt > start && isContinuationByte(chunk[cutAt])) cutAt -= 1;
  return cutAt;
}

function isContinuationByte(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}
