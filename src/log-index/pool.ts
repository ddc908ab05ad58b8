import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Share } from './plan.js';
import type { LogTimelineFolder } from './fold.js';
import { foldShare, type ShareResult, type ShareTask } from './share.js';

/** What a fold worker posts. */
export type WorkerReply = { type: 'bytes'; bytes: number } | { type: 'done'; result: ShareResult } | { type: 'failed'; message: string };

/** Where the pool reports to: results in share order, and bytes read across all shares so far. */
export interface PoolSink {
  /** Called once per share, in share order: its result, or why its worker could not fold it. */
  onShare(index: number, outcome: { result: ShareResult } | { failed: string }): void;
  onBytes?: (bytesDone: number) => void;
}

/**
 * How many threads fold `logBytes` of Desktop logs: CODEX_LOGS_THREADS when set (1 forces the single pass in this
 * thread, as the identity tests and the bench compare), else one for each BYTES_PER_THREAD of them, at least one and
 * at most one per core Node may use.
 */
export function foldThreads(logBytes: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.CODEX_LOGS_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return asked;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(logBytes / BYTES_PER_THREAD)));
}

/**
 * A thread more pays for itself from about this many bytes of logs for each thread. A worker costs its start, an
 * isolate, a second copy of the state of every conversation its share names (conversations run through all the logs),
 * and the trip of that state to this thread; measured on a quiet 2-core machine (docs/performance.md), two threads
 * were no faster than one on 100-256 MiB of logs, 0-15 % faster on 512 MiB and 5-28 % on 1 GiB (today's mix, and
 * event-dense logs), each time with 40-120 MiB more at the peak.
 */
const BYTES_PER_THREAD = 512 * 1024 * 1024;

/**
 * CODEX_LOGS_WORKER_HEAP_MB caps each worker's heap (MiB), for a machine short of memory: a share that needs more
 * kills its worker, and is reported as not read while the run goes on.
 */
function workerOptions(env: NodeJS.ProcessEnv): WorkerOptions {
  const cap = Number(env.CODEX_LOGS_WORKER_HEAP_MB);
  if (!Number.isFinite(cap) || cap <= 0) return {};
  // Below a few MiB V8 cannot even build the worker's isolate from its snapshot, and on Node 22 and 24 that aborts the
  // whole process instead of failing the worker: the cap is raised to what an isolate needs to start.
  return { resourceLimits: { maxOldGenerationSizeMb: Math.max(cap, MIN_WORKER_HEAP_MB) } };
}

const MIN_WORKER_HEAP_MB = 4;

/** The built worker: beside this module in dist/. Run from the TypeScript sources (vitest), there is none. */
const WORKER_URL = new URL('./fold-worker.js', import.meta.url);

/** Whether a worker can run here: dist/ has the worker's file, the sources (under vitest) have not. */
function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/**
 * Folds every share, on this thread and `threads - 1` workers when there are more shares than one and the worker's file is built, else
 * one after another in this thread (the same foldShare). Results are handed on in share order, each as soon as all
 * before it are: a worker that finished ahead waits with its result. A worker that dies or fails leaves its share
 * reported as failed, and a new one takes the next share: the run goes on.
 */
export async function foldShares(
  shares: readonly Share[],
  task: Omit<ShareTask, 'share'>,
  threads: number,
  sink: PoolSink,
  env: NodeJS.ProcessEnv = process.env,
  runFold?: LogTimelineFolder,
): Promise<void> {
  const bytesOf = new Float64Array(shares.length);
  const tellBytes = sink.onBytes === undefined ? undefined : () => sink.onBytes!(bytesOf.reduce((a, b) => a + b, 0));
  // The first share goes straight into the run's fold (nothing comes before it), the others through partials.
  const into = (index: number): LogTimelineFolder | undefined => (index === 0 ? runFold : undefined);
  const progressOf = (index: number): ((bytes: number) => void) | undefined => {
    if (tellBytes === undefined) return undefined;
    return (bytes) => {
      bytesOf[index] = bytes;
      tellBytes();
    };
  };
  if (threads <= 1 || shares.length <= 1 || !workersAvailable()) {
    for (const [index, share] of shares.entries()) {
      const result = await foldShare({ ...task, share }, progressOf(index), into(index));
      bytesOf[index] = share.bytes;
      sink.onShare(index, { result });
    }
    return;
  }
  const ready = new Map<number, { result: ShareResult } | { failed: string }>();
  let nextToHand = 0;
  const settle = (index: number, outcome: { result: ShareResult } | { failed: string }): void => {
    ready.set(index, outcome);
    while (ready.has(nextToHand)) {
      const done = ready.get(nextToHand)!;
      ready.delete(nextToHand);
      sink.onShare(nextToHand, done);
      nextToHand += 1;
    }
  };
  let nextShare = 0;
  // This thread folds shares too, between the workers' messages: one isolate and allocator arena fewer (about 25 MiB
  // each) than a worker per thread. It takes the first share, which goes straight into the run's fold.
  const here = (async () => {
    while (nextShare < shares.length) {
      const index = nextShare++;
      const result = await foldShare({ ...task, share: shares[index]! }, progressOf(index), into(index));
      bytesOf[index] = shares[index]!.bytes;
      settle(index, { result });
    }
  })();
  const there = new Promise<void>((resolve) => {
    let running = 0;
    const start = (): void => {
      if (nextShare >= shares.length) {
        if (running === 0) resolve();
        return;
      }
      running += 1;
      const worker = new Worker(WORKER_URL, workerOptions(env));
      let current = -1;
      let settled = true;
      const give = (): void => {
        if (nextShare >= shares.length) {
          void worker.terminate();
          return;
        }
        current = nextShare++;
        settled = false;
        worker.postMessage({ task: { ...task, share: shares[current]! }, progress: tellBytes !== undefined });
      };
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'bytes') {
          bytesOf[current] = reply.bytes;
          tellBytes?.();
          return;
        }
        settled = true;
        bytesOf[current] = shares[current]!.bytes;
        tellBytes?.();
        settle(current, reply.type === 'done' ? { result: reply.result } : { failed: reply.message });
        give();
      });
      const lost = (why: string): void => {
        if (!settled) {
          settled = true;
          settle(current, { failed: why });
        }
      };
      worker.on('error', (err) => lost(`worker failed: ${err.message}`));
      worker.on('exit', (code) => {
        lost(`worker exited with code ${code}`);
        running -= 1;
        start();
      });
      give();
    };
    for (let i = 0; i < Math.min(threads - 1, shares.length - 1); i += 1) start();
    if (running === 0) resolve();
  });
  await Promise.all([here, there]);
}
