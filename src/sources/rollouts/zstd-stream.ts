import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { Decompress } from 'fzstd';

/**
 * Codex compresses rollouts idle for 7 days to `.jsonl.zst` (zstd level 3, codex-formats.md §3.1). fzstd is a small,
 * dependency-free streaming decoder: Node 20 has no zstd of its own, and a native addon would be a second build.
 */
function zstdDecompressor(): Transform {
  let decoder: Decompress;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        callback();
      } catch (err) {
        callback(asError(err));
      }
    },
    flush(callback) {
      try {
        decoder.push(new Uint8Array(0), true);
        callback();
      } catch (err) {
        callback(asError(err));
      }
    },
  });
  decoder = new Decompress((data) => {
    transform.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  return transform;
}

/** The plain text of a rollout, `.zst` or not, as a byte stream. */
export function openRolloutStream(path: string): Readable {
  const raw = createReadStream(path);
  if (!path.endsWith('.zst')) return raw;
  const out = zstdDecompressor();
  raw.on('error', (err) => out.destroy(err));
  return raw.pipe(out);
}

function asError(err: unknown): Error {
  return err instanceof Error ? new Error(`not a valid zstd stream: ${err.message}`) : new Error('not a valid zstd stream');
}
