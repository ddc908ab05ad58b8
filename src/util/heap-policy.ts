import { setFlagsFromString } from 'node:v8';

/**
 * V8's defaults suit a server that allocates and frees: after a full collection the old generation may grow to about
 * four times what survived before the next one, and the young generation to 2 × 16 MB. A forensics run is the other
 * case: what it reads it mostly keeps to the end (rows, rollouts, one timeline per conversation), so those defaults
 * made the peak RSS about three times the data.
 * Both settings are read by V8 each time it sizes the heap, so they take effect when set at run time:
 * - the old generation grows by at most a fifth between full collections, which then run more often but each only
 *   marks what is live (a few ms);
 * - the young generation stays at its first size (1 MB per half), so short-lived garbage is swept in small steps.
 * Both are long-standing V8 flags (an unknown one would print an error on stderr); some newer V8 versions hold
 * the growth factor at 2 or more, where only the first setting takes effect.
 * Called by the CLI and by each fold worker (src/log-index/fold-worker.ts): without it a worker's heap grows to
 * several times what it uses. The trade (a little time for half the memory) and what was measured are in
 * docs/decisions.md, "The heap policy".
 */
export function preferSmallHeap(): void {
  setFlagsFromString('--heap-growing-percent=20');
  setFlagsFromString('--semi-space-growth-factor=1');
}
