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
 * Every home the rows were recorded under that is not the analysed home, the one to name first: the homes whose
 * rows' `sessions/…` or `archived_sessions/…` suffix names a rollout present in the analysed home (a home seen at
 * two paths, as a container's `/root/.codex` and the host's `/source/<user>/…/.codex`, has rows under both), and
 * the home(s) most rows name even when none of their rollouts is present (a home copied without sessions/). Sorted
 * by rollouts found, then rows, then the order the rows name them; empty when every path is already under the
 * analysed home. `present` holds the rollouts found in the analysed home, relative to it with `/`.
 */
export function detectRecordedHomes(rolloutPaths: readonly string[], analysedHome: string, present: ReadonlySet<string> = new Set()): string[] {
  const tally = new Map<string, { rows: number; found: number; order: number }>();
  const presentFolded = new Set([...present].map((p) => p.toLowerCase()));
  // Rows already under the analysed home count as votes for it: a stray minority home then stays outside.
  let analysedRows = 0;
  for (const recorded of rolloutPaths) {
    const home = homeOfRolloutPath(recorded);
    if (home === null) continue;
    if (samePath(home, analysedHome)) {
      analysedRows += 1;
      continue;
    }
    const entry = tally.get(home) ?? { rows: 0, found: 0, order: tally.size };
    tally.set(home, entry);
    entry.rows += 1;
    const rel = relativeTo(recorded, home);
    const inside = rel === null ? null : insideOrOutside(rel);
    if (inside?.status !== 'inside') continue;
    // Windows homes compare without case, as NTFS does.
    if (present.has(inside.relative) || (isWindowsPath(home) && presentFolded.has(inside.relative.toLowerCase()))) entry.found += 1;
  }
  let mostRows = analysedRows;
  for (const entry of tally.values()) mostRows = Math.max(mostRows, entry.rows);
  return [...tally.entries()]
    .filter(([, e]) => e.found > 0 || e.rows === mostRows)
    .sort(([, a], [, b]) => b.found - a.found || b.rows - a.rows || a.order - b.order)
    .map(([home]) => home);
}

export type Rerooted =
  | { status: 'empty' }
  /** Inside the analysed home: `relative` uses `/` and is '' for the home itself. */
  | { status: 'inside'; relative: string }
  /** Neither under the analysed home nor under a recorded home: never read (F7). */
  | { status: 'outside' };

/**
 * Where `recorded` points inside the analysed home. Relative paths are taken relative to the home, as the
 * app-server joins them onto CODEX_HOME (codex-formats.md §4). `..` segments that climb out are `outside`.
 */
export function rerootRolloutPath(recorded: string, analysedHome: string, recordedHomes: readonly string[]): Rerooted {
  if (recorded.trim() === '') return { status: 'empty' };
  const path = comparablePath(recorded);
  const isAbsolute = path.startsWith('/') || /^[A-Za-z]:\//.test(path) || path.startsWith('//');
  if (!isAbsolute) return insideOrOutside(path);
  for (const home of [analysedHome, ...recordedHomes]) {
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
