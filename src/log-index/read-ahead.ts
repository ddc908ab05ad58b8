/**
 * Reading a report's texts back on a second thread, a few batches ahead of the thread that writes the report.
 *
 * A streamed report gives each conversation's events their texts just before it writes them (one read of each line,
 * by offset), and nothing else runs meanwhile: 120,000 such reads of 1 GiB of logs were 0.4-0.5 s of a 3.6 s run on
 * two threads, while the fold's second thread sat idle. The texts helper (read-ahead-worker.ts) is given, once, where
 * every conversation's lines are, in the order they will be written; it fills them in batches with the same
 * fillDeferredTexts as this thread would, and posts each batch's texts. This thread fills the first batch itself
 * while the helper starts, then takes the helper's texts, waiting for a batch only when it has caught up. The helper
 * stays at most READ_AHEAD_BATCHES ahead, so the texts waiting to be written stay a few batches' worth.
 *
 * The two threads share a few counters (a SharedArrayBuffer) and this thread reads the helper's messages
 * synchronously (receiveMessageOnPort): the reporters that stream conversations are synchronous generators. A helper
 * that fails, or makes no progress for STALL_MS (a slow start only costs this thread the batches it then fills itself),
 * is let go, and the rest are filled here: never a lost text.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { DeferredText } from '../model/deferred-text.js';

/** Where the lines of the groups (one conversation's events each) are, in the order they will be filled. */
export interface ReadAheadPlan {
  files: string[];
  /** Per item: its file's index in `files`, its line's offset (NaN: not deferred), its time (NaN: none). */
  fileOf: Int32Array;
  offsets: Float64Array;
  stamps: Float64Array;
  /** Per group: the end of its items; per batch: the end of its groups. */
  groupEnds: Int32Array;
  batchEnds: Int32Array;
  /** The counters both threads share (STATE_* indices). */
  state: SharedArrayBuffer;
  port: MessagePort;
}

/** What the helper posts for each batch it filled: the text of each of its items ('' for one not deferred). */
export interface BatchTexts {
  batch: number;
  texts: string[];
  /** Per group of the batch: lines that could not be read back (fillDeferredTexts' count). */
  unreadable: number[];
}

/** The batch this thread writes from (the helper may fill up to READ_AHEAD_BATCHES past it). */
export const STATE_CURRENT = 0;
/** Batches the helper has posted, in order: batches [1, STATE_DONE] are posted. */
export const STATE_DONE = 1;
/** Moves with every group the helper fills: a helper whose beat stops for STALL_MS is taken for lost. */
export const STATE_BEAT = 2;
/** Set by this thread to stop the helper. */
export const STATE_STOP = 3;
/** Set by the helper when it failed. */
export const STATE_FAILED = 4;
const STATE_SLOTS = 5;

export const READ_AHEAD_BATCHES = 4;
/** Deferred lines per batch, about: a batch's texts are a few hundred kB. */
const BATCH_ITEMS = 2048;
/** Below this many deferred lines, a second thread costs about what it saves. */
const MIN_ITEMS = 4 * BATCH_ITEMS;
const STALL_MS = 2000;

/** Where group `g`'s items start in the plan's item columns (the group before it ends there). */
export function groupStart(groupEnds: Int32Array, g: number): number {
  return g === 0 ? 0 : groupEnds[g - 1]!;
}

/** The built helper: beside this module in dist/. Run from the TypeScript sources (vitest), there is none. */
const WORKER_URL = new URL('./read-ahead-worker.js', import.meta.url);

export interface ReadAhead {
  /**
   * Fills `items`, the next group of the plan, from the helper's texts: its unreadable count, or null when this
   * thread must fill them itself (the first batch, a helper let go, or items that are not the plan's next group).
   */
  fill(items: readonly DeferredText[]): number | null;
  close(): void;
}

/** The read-ahead for `groups`, or null when it would not pay (few lines) or cannot run (no built helper). */
export function startReadAhead(groups: readonly (readonly DeferredText[])[]): ReadAhead | null {
  let items = 0;
  for (const group of groups) for (const item of group) if (item.textAt !== undefined) items += 1;
  if (items < MIN_ITEMS || !existsSync(fileURLToPath(WORKER_URL))) return null;
  const { plan, port } = planOf(groups);
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { workerData: plan, transferList: [plan.port] });
  } catch {
    port.close();
    return null;
  }
  worker.unref();
  // An error is also its own message on the helper's side; here it only means the helper is gone.
  worker.on('error', () => undefined);
  return readAheadOf(plan, port, worker);
}

function planOf(groups: readonly (readonly DeferredText[])[]): { plan: ReadAheadPlan; port: MessagePort } {
  const total = groups.reduce((n, g) => n + g.length, 0);
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const fileOf = new Int32Array(total);
  const offsets = new Float64Array(total);
  const stamps = new Float64Array(total);
  const groupEnds = new Int32Array(groups.length);
  const batchEnds: number[] = [];
  let at = 0;
  let inBatch = 0;
  groups.forEach((group, g) => {
    for (const item of group) {
      let index = fileIndex.get(item.file);
      if (index === undefined) {
        index = files.length;
        files.push(item.file);
        fileIndex.set(item.file, index);
      }
      fileOf[at] = index;
      offsets[at] = item.textAt ?? Number.NaN;
      stamps[at] = item.ts ?? Number.NaN;
      at += 1;
      if (item.textAt !== undefined) inBatch += 1;
    }
    groupEnds[g] = at;
    if (inBatch >= BATCH_ITEMS) {
      batchEnds.push(g + 1);
      inBatch = 0;
    }
  });
  if (batchEnds.at(-1) !== groups.length) batchEnds.push(groups.length);
  const { port1, port2 } = new MessageChannel();
  const state = new SharedArrayBuffer(STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  return { plan: { files, fileOf, offsets, stamps, groupEnds, batchEnds: Int32Array.from(batchEnds), state, port: port2 }, port: port1 };
}

function readAheadOf(plan: ReadAheadPlan, port: MessagePort, worker: Worker): ReadAhead {
  const state = new Int32Array(plan.state);
  const { files, fileOf, offsets, groupEnds, batchEnds } = plan;
  let group = 0;
  let batch = 0;
  let texts: BatchTexts | null = null;
  let lost = false;
  const letGo = (): void => {
    if (lost) return;
    lost = true;
    Atomics.store(state, STATE_STOP, 1);
    Atomics.notify(state, STATE_CURRENT);
    void worker.terminate();
    port.close();
  };

  /** The helper's texts of `wanted`, waiting while it makes progress; null once it is let go. */
  const textsOf = (wanted: number): BatchTexts | null => {
    let beat = Atomics.load(state, STATE_BEAT);
    let beatAt = Date.now();
    for (;;) {
      for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
        const posted = message.message as BatchTexts;
        if (posted.batch === wanted) return posted;
      }
      if (Atomics.load(state, STATE_FAILED) !== 0) return null;
      const done = Atomics.load(state, STATE_DONE);
      // Posted, but not yet in the port: it is on its way.
      if (done >= wanted) continue;
      Atomics.wait(state, STATE_DONE, done, 50);
      const now = Atomics.load(state, STATE_BEAT);
      if (now !== beat) {
        beat = now;
        beatAt = Date.now();
      } else if (Date.now() - beatAt > STALL_MS) return null;
    }
  };

  return {
    fill(items) {
      if (lost || group >= groupEnds.length) return null;
      const g = group;
      group += 1;
      if (g >= batchEnds[batch]!) {
        batch += 1;
        texts = null;
        Atomics.store(state, STATE_CURRENT, batch);
        Atomics.notify(state, STATE_CURRENT);
      }
      // The first batch is this thread's while the helper starts.
      if (batch === 0) return null;
      const start = groupStart(groupEnds, g);
      if (!samePlace(items, start, groupEnds[g]!)) return null;
      texts ??= textsOf(batch);
      if (texts === null) {
        letGo();
        return null;
      }
      // Where this batch's groups and items start (the batch before it ends with its last group).
      const firstGroup = batchEnds[batch - 1]!;
      const firstItem = groupStart(groupEnds, firstGroup);
      const posted = texts;
      items.forEach((item, i) => {
        if (item.textAt === undefined) return;
        item.text = posted.texts[start - firstItem + i]!;
        item.textAt = undefined;
      });
      return posted.unreadable[g - firstGroup]!;
    },
    close: letGo,
  };

  /** Whether `items` are the plan's items [start, end): the same files and offsets, as when the plan was made. */
  function samePlace(items: readonly DeferredText[], start: number, end: number): boolean {
    if (items.length !== end - start) return false;
    for (let i = 0; i < items.length; i += 1) {
      const item = items[i]!;
      const offset = offsets[start + i]!;
      if (item.textAt === undefined ? !Number.isNaN(offset) : item.textAt !== offset || item.file !== files[fileOf[start + i]!]) return false;
    }
    return true;
  }
}
