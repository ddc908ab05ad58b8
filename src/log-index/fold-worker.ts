/**
 * A thread of the fold pool (pool.ts): folds each share it is sent and posts back what the share leaves (its partial
 * as typed arrays, moved rather than copied), then waits for the next. Its heap takes the CLI's policy.
 */
import { parentPort } from 'node:worker_threads';
import { preferSmallHeap } from '../util/heap-policy.js';
import { foldShare, type ShareTask } from './share.js';
import type { WorkerReply } from './pool.js';

preferSmallHeap();
const port = parentPort!;
/** Bytes read are told at most this often: a message per chunk would cost more than it tells. */
const PROGRESS_MS = 100;

port.on('message', (message: { task: ShareTask; progress: boolean }) => {
  let told = 0;
  const onBytes = message.progress
    ? (bytes: number) => {
        const now = Date.now();
        if (now - told < PROGRESS_MS) return;
        told = now;
        port.postMessage({ type: 'bytes', bytes } satisfies WorkerReply);
      }
    : undefined;
  foldShare(message.task, onBytes).then(
    (result) => {
      const { partial } = result;
      const moved =
        partial === null
          ? []
          : [partial.rows, partial.turnTimes, partial.turnTimeEnds, partial.samples, partial.sampleEnds, partial.events.refs, partial.events.numbers].map(
              (a) => a.buffer as ArrayBuffer,
            );
      port.postMessage({ type: 'done', result } satisfies WorkerReply, moved);
    },
    (err: unknown) => port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies WorkerReply),
  );
});
