const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A hyphenated UUID of any version (Codex ids are v7 since Sep 2025, v4 before). */
export function isThreadId(s: string): boolean {
  return s.length === 36 && UUID.test(s);
}

/**
 * The creation time a UUIDv7 carries in its first 48 bits, in unix ms; null for other versions,
 * whose leading bits are random.
 */
export function uuidV7TimeMs(id: string): number | null {
  if (!isThreadId(id) || id[14] !== '7') return null;
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/**
 * The canonical (lowercase) thread id, or null when `raw` is not a whole UUID. Logs also carry
 * `null`, `none`, `client-new-thread:<uuid>` (a Desktop placeholder before the server assigns an id),
 * `no-active-thread-<uuid>` (a feedback id) and ids elided by reporters (`019ef957-...-0e6`):
 * none of them names a thread.
 */
export function normalizeThreadId(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  return isThreadId(trimmed) ? trimmed.toLowerCase() : null;
}
