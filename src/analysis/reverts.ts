import type { RolloutFile } from '../sources/rollouts/types.js';

/**
 * Reverted threads (upstream #38127, thread-store/src/local/revert_thread.rs): `thread/revert` writes a new immutable
 * rollout `rollout-<ts>-<thread id>_<rollout id>.jsonl` whose session_meta keeps the thread id, then swaps the row's
 * rollout_path to it. The older files stay as history. Files are therefore keyed by (thread id, rollout id).
 */

/** The rollout id of a file: the second id of a reverted thread's name, else its thread id. */
export function rolloutIdOf(file: RolloutFile): string | null {
  if (file.name?.rolloutId !== undefined) return file.name.rolloutId;
  return file.head.status === 'ok' ? file.head.id : (file.name?.id ?? null);
}

/** Whether the file is one a revert wrote (its rollout id differs from its thread id). */
export function isRevertFile(file: RolloutFile): boolean {
  return file.name?.rolloutId !== undefined && file.name.rolloutId !== file.name.id;
}

/**
 * One thread's files with the one Codex opens first: the file the row names (the revert's compare-and-swap target),
 * then revert files newest first (a revert is written at the time of the revert), then the rest as found.
 */
export function currentFirst(files: RolloutFile[], rowFile: string | null): RolloutFile[] {
  if (files.length < 2) return files;
  const rank = (f: RolloutFile): number => (rowFile !== null && f.path === rowFile ? 0 : isRevertFile(f) ? 1 : 2);
  return [...files].sort((a, b) => rank(a) - rank(b) || (rank(a) === 1 ? (b.name?.localStampMs ?? 0) - (a.name?.localStampMs ?? 0) : 0));
}

/**
 * The files of reverted threads that a later revert replaced: every file of a thread whose rollout id is not that of
 * the thread's current file. `byThread` lists each thread's files current first (as the analysis context does).
 */
export function supersededRollouts(byThread: ReadonlyMap<string, readonly RolloutFile[]>): Set<RolloutFile> {
  const superseded = new Set<RolloutFile>();
  for (const [threadId, files] of byThread) {
    const own = files.filter((f) => (f.head.status === 'ok' ? f.head.id : f.name?.id) === threadId);
    if (!own.some(isRevertFile)) continue;
    const current = rolloutIdOf(own[0]!);
    for (const file of own) if (rolloutIdOf(file) !== current) superseded.add(file);
  }
  return superseded;
}
