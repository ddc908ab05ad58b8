import type { RolloutFile } from './types.js';

/** Plain files before `.zst`, active before archived: the order in which Codex would pick a rollout for an id. */
export function inOpeningOrder(files: readonly RolloutFile[]): RolloutFile[] {
  const rank = (f: RolloutFile): number => (f.name?.compressed ? 2 : 0) + (f.root === 'archived_sessions' ? 1 : 0);
  return [...files].sort((a, b) => rank(a) - rank(b));
}
