import { writeFileAtomically } from '../util/atomic-write.js';

/**
 * Writes to stdout and resolves once the data is handed to the OS, so that setting process.exitCode and returning
 * never cuts a piped report short. A closed pipe (`| head`) is not an error: what is left has nowhere to go.
 */
export function writeStdout(text: string): Promise<void> {
  watchStdout();
  if (stdoutClosed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => {
      if (err === null || err === undefined) return resolve();
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EPIPE' && code !== 'ERR_STREAM_DESTROYED') return reject(err);
      stdoutClosed = true;
      resolve();
    });
  });
}

let stdoutClosed = false;
let watching = false;

/**
 * The stream also reports a failed write as an 'error' event, at times after the write's callback: with a listener
 * only around each write, a reader that left while a large report was still being written (`analyze --json | head`)
 * crashed the run with a stack trace. One listener stays for the run; the callback says what the error means.
 */
function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') stdoutClosed = true;
  });
}

/**
 * Writes pieces of a large output in batches, waiting for each, so memory holds one batch rather than the whole.
 * Batches stay well under the young generation (see heap-policy.ts): a batch that outlives it is copied into the old
 * one, which a large report then grew with it (docs/decisions.md). Once the reader has gone (`| head`), the rest is
 * not made.
 */
export async function writeChunks(chunks: Iterable<string>, batchChars = 64 * 1024): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    if (stdoutClosed) return;
    batch.push(chunk);
    size += chunk.length;
    if (size >= batchChars) {
      await writeStdout(batch.join(''));
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) await writeStdout(batch.join(''));
}

/** Data to `--out` when given, else to stdout. */
export async function emit(text: string, out: string | undefined): Promise<void> {
  if (out === undefined) await writeStdout(text);
  else writeFileAtomically(out, text);
}

/** A diagnostic line on stderr, as every command writes them: `codex-logs: …`. */
export function warn(line: string): void {
  process.stderr.write(`codex-logs: ${line}\n`);
}

const warned = new Set<string>();

/** `warn`, once per run for a line that several reads of one input would repeat. */
export function warnOnce(line: string): void {
  if (warned.has(line)) return;
  warned.add(line);
  warn(line);
}
