/**
 * `rollout_path` values are absolute paths on the machine that wrote them. A home copied into a bug-report bundle
 * keeps the owner's paths (`/Users/alice/.codex/sessions/…`, `C:\Users\alice\.codex\…`), so each path is mapped
 * onto the analysed home before it is judged. Pure string work: nothing here touches the disk.
 */

const ROOT_MARKERS = ['/sessions/', '/archived_sessions/'] as const;

/** `\\?\C:\x` → `C:/x`; backslashes → `/`; no trailing slash. Used only to compare and split, never to open. */
export function comparablePath(path: string): string {
  let p = path.startsWith('\\\\?\\') ? path.slice(4) : path;
  p = p.replace(/\\/g, '/');
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

function isWindowsPath(path: string): boolean {
  return /^([A-Za-z]:|\\\\)/.test(path);
}

function samePath(a: string, b: string): boolean {
  const ca = comparablePath(a);
  const cb = comparablePath(b);
  // Windows paths compare case-insensitively, as NTFS does.
  return isWindowsPath(a) || isWindowsPath(b) ? ca.toLowerCase() === cb.toLowerCase() : ca === cb;
}

/** The home a rollout path was recorded under: the part before its `sessions/` or `archived_sessions/` folder. */
export function homeOfRolloutPath(recorded: string): string | null {
  // comparablePath only swaps separators after dropping `\\?\`, so its indices match the stripped original.
  const written = recorded.startsWith('\\\\?\\') ? recorded.slice(4) : recorded;
  const p = comparablePath(recorded);
  for (const marker of ROOT_MARKERS) {
    const at = p.lastIndexOf(marker);
    if (at > 0) return written.slice(0, at);
  }
  return null;
}

/**
 * The home most rollout paths were recorded under, when it is not the analysed home. Null when the paths already
 * live under the analysed home, or name no home at all.
 */
export function detectRecordedHome(rolloutPaths: readonly string[], analysedHome: string): string | null {
  const votes = new Map<string, number>();
  for (const recorded of rolloutPaths) {
    const home = homeOfRolloutPath(recorded);
    if (home !== null) votes.set(home, (votes.get(home) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestVotes = 0;
  for (const [home, count] of votes) {
    if (count > bestVotes) {
      best = home;
      bestVotes = count;
    }
  }
  if (best === null || samePath(best, analysedHome)) return null;
  return best;
}

export type Rerooted =
  | { status: 'empty' }
  /** Inside the analysed home: `relative` uses `/` and is '' for the home itself. */
  | { status: 'inside'; relative: string }
  /** Neither under the analysed home nor under the recorded home: never read (F7). */
  | { status: 'outside' };

/**
 * Where `recorded` points inside the analysed home. Relative paths are taken relative to the home, as the
 * app-server joins them onto CODEX_HOME (codex-formats.md §4). `..` segments that climb out are `outside`.
 */
export function rerootRolloutPath(recorded: string, analysedHome: string, recordedHome: string | null): Rerooted {
  if (recorded.trim() === '') return { status: 'empty' };
  const path = comparablePath(recorded);
  const isAbsolute = path.startsWith('/') || /^[A-Za-z]:\//.test(path) || path.startsWith('//');
  if (!isAbsolute) return insideOrOutside(path);
  for (const home of [analysedHome, recordedHome]) {
    if (home === null) continue;
    const rel = relativeTo(recorded, home);
    if (rel !== null) return insideOrOutside(rel);
  }
  return { status: 'outside' };
}

function relativeTo(path: string, home: string): string | null {
  const p = comparablePath(path);
  const h = comparablePath(home);
  const insensitive = isWindowsPath(path) || isWindowsPath(home);
  const pc = insensitive ? p.toLowerCase() : p;
  const hc = insensitive ? h.toLowerCase() : h;
  if (pc === hc) return '';
  if (pc.startsWith(`${hc}/`)) return p.slice(h.length + 1);
  return null;
}

function insideOrOutside(relative: string): Rerooted {
  const parts: string[] = [];
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return { status: 'outside' };
      parts.pop();
    } else parts.push(segment);
  }
  return { status: 'inside', relative: parts.join('/') };
}
