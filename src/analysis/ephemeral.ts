import type { EphemeralRequest } from '../model/ephemeral-request.js';

/** How far a side chat's creation may trail the fork request that made it. */
const FORK_TO_CREATION_MS = 10_000;

/**
 * The ephemeral request that made `id`, if the logs hold one: a start of `id` itself, or a fork of its parent shortly
 * before `id` was first seen.
 */
export function ephemeralOrigin(requests: readonly EphemeralRequest[], id: string, parent: string | null, firstSeen: number | null): EphemeralRequest | null {
  for (const r of requests) {
    if (r.kind === 'thread-start' && r.threadId === id) return r;
    if (
      r.kind === 'fork' &&
      parent !== null &&
      r.threadId === parent &&
      r.ts !== null &&
      firstSeen !== null &&
      firstSeen >= r.ts - 1_000 &&
      firstSeen - r.ts <= FORK_TO_CREATION_MS
    )
      return r;
  }
  return null;
}
