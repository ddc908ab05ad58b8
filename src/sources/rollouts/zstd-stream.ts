import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import type { Decompress } from 'fzstd';

/**
 * Codex compresses rollouts idle for 7 days to `.jsonl.zst` (zstd level 3, codex-formats.md §3.1). fzstd is a small,
 * dependency-free streaming decoder: Node 20 has no zstd of its own, and a native addon would be a second build.
 * It is loaded with the first compressed chunk: most homes have no `.zst` rollout, and every run would load it.
 */
function zstdDecompressor(): Transform {
  let decoder: Decompress | null = null;
  const push = (chunk: Uint8Array, final: boolean, callback: (err?: Error) => void): void => {
    try {
      decoder!.push(chunk, final);
      callback();
    } catch (err) {
      callback(asError(err));
    }
  };
  const withDecoder = (use: () => void, callback: (err?: Error) => void): void => {
    if (decoder !== null) {
      use();
      return;
    }
    import('fzstd').then(
      ({ Decompress }) => {
        decoder = new Decompress((data) => {
          transform.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        });
        use();
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  };
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      withDecoder(() => push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), false, callback), callback);
    },
    flush(callback) {
      withDecoder(() => push(new Uint8Array(0), true, callback), callback);
    },
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
