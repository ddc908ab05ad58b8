/**
 * The texts helper of read-ahead.ts: fills the plan's batches in order, from the second, each with fillDeferredTexts
 * over its groups exactly as the writing thread would, and posts their texts; never more than READ_AHEAD_BATCHES
 * past the batch the writing thread is on.
 */
import { workerData } from 'node:worker_threads';
import type { DeferredText } from '../model/deferred-text.js';
import { preferSmallHeap } from '../util/heap-policy.js';
import {
  groupStart,
  READ_AHEAD_BATCHES,
  STATE_BEAT,
  STATE_CURRENT,
  STATE_DONE,
  STATE_FAILED,
  STATE_STOP,
  type BatchTexts,
  type ReadAheadPlan,
} from './read-ahead.js';
import { createLineReader } from './reread.js';
import { fillDeferredTexts } from './texts.js';

preferSmallHeap();
const plan = workerData as ReadAheadPlan;
const state = new Int32Array(plan.state);
const { files, fileOf, offsets, stamps, groupEnds, batchEnds, port } = plan;
const reader = createLineReader();

try {
  for (let batch = 1; batch < batchEnds.length && Atomics.load(state, STATE_STOP) === 0; batch += 1) {
    for (let current = Atomics.load(state, STATE_CURRENT); batch > current + READ_AHEAD_BATCHES; current = Atomics.load(state, STATE_CURRENT)) {
      if (Atomics.load(state, STATE_STOP) !== 0) break;
      Atomics.wait(state, STATE_CURRENT, current, 100);
    }
    if (Atomics.load(state, STATE_STOP) !== 0) break;
    const texts: string[] = [];
    const unreadable: number[] = [];
    for (let g = batchEnds[batch - 1]!; g < batchEnds[batch]!; g += 1) {
      const items: DeferredText[] = [];
      for (let i = groupStart(groupEnds, g); i < groupEnds[g]!; i += 1) {
        const offset = offsets[i]!;
        const ts = stamps[i]!;
        items.push({ file: files[fileOf[i]!]!, ts: Number.isNaN(ts) ? null : ts, text: '', ...(Number.isNaN(offset) ? {} : { textAt: offset }) });
      }
      unreadable.push(fillDeferredTexts(items, reader.readLinesAt));
      for (const item of items) texts.push(item.text);
      Atomics.add(state, STATE_BEAT, 1);
    }
    port.postMessage({ batch, texts, unreadable } satisfies BatchTexts);
    Atomics.store(state, STATE_DONE, batch);
    Atomics.notify(state, STATE_DONE);
  }
} catch {
  Atomics.store(state, STATE_FAILED, 1);
  Atomics.notify(state, STATE_DONE);
} finally {
  // The port is left open: what it carries is read after this thread may be gone.
  reader.close();
}
