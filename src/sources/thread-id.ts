/**
 * A hyphenated UUID of any version (Codex ids are v7 since Sep 2025, v4 before), in either case. Checked character
 * by character: it runs on every routed line of a log, where the equivalent expression was a tenth of the reading.
 */
export function isThreadId(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i += 1) {
    const code = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== HYPHEN) return false;
    } else if (!isHexDigit(code)) {
      return false;
    }
  }
  return true;
}

const HYPHEN = 0x2d;

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);
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
