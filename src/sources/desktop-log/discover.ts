import type { Dirent } from 'node:fs';
import { opendir, readdir, stat } from 'node:fs/promises';
import { join, posix, resolve, win32 } from 'node:path';
import type { SkippedFile } from './types.js';
import { errorCode } from '../../util/errors.js';
import { compareText } from '../../util/text.js';

/** The MSIX package folder of the Store build of Codex for Windows. */
const WINDOWS_STORE_PACKAGE = 'OpenAI.Codex_2p2nqsd0c76g0';
/** Individually listed `not-a-log-file` skips; beyond this they are summed up in one record. */
const MAX_LISTED_OTHER_FILES = 200;
/** Bound on the entries looked at while counting the logs inside an excluded folder. */
const MAX_COUNTED_EXCLUDED_ENTRIES = 10_000;
/**
 * Log files read at most. Months of a heavy user's logs are a few thousand files (one per launch and day); a folder
 * far beyond that is a bundle gone wrong or an attack (10^6 tiny files). The newest are read (Desktop's paths are
 * dated), the others only counted: names held, memory and time stay bounded, and the limit is reported.
 */
const MAX_LOG_FILES = 100_000;

/**
 * Where Codex Desktop writes its logs on `platform` (codex-formats.md §1, §8). Paths are built with that platform's
 * separators, whatever the host. Windows has two candidates: the Store (MSIX) build keeps its files in the package's
 * virtualized LocalCache; `codex doctor` looks in the plain LocalAppData folder.
 */
export function defaultDesktopLogDirs(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string[] {
  switch (platform) {
    case 'darwin':
      return [posix.join(home, 'Library', 'Logs', 'com.openai.codex')];
    case 'win32': {
      const localAppData = nonEmpty(env.LOCALAPPDATA) ?? win32.join(home, 'AppData', 'Local');
      return [win32.join(localAppData, 'Codex', 'Logs'), win32.join(localAppData, 'Packages', WINDOWS_STORE_PACKAGE, 'LocalCache', 'Local', 'Codex', 'Logs')];
    }
    default: {
      // The XDG spec says to ignore a relative XDG_STATE_HOME.
      const stateHome = nonEmpty(env.XDG_STATE_HOME);
      const base = stateHome !== null && posix.isAbsolute(stateHome) ? stateHome : posix.join(home, '.local', 'state');
      return [posix.join(base, 'codex', 'logs')];
    }
  }
}

export interface DesktopLogFiles {
  /** Sorted by path. */
  files: string[];
  skipped: SkippedFile[];
}

interface Walk {
  files: string[];
  skipped: SkippedFile[];
  excluded: ExcludedDirs;
  otherFiles: number;
  maxFiles: number;
  /** Log files found beyond `maxFiles`: counted, not read. */
  overLimit: number;
}

/**
 * Every `*.log` file under `root` (Desktop nests them by `YYYY/MM/DD`; any name ending in `.log` is taken).
 * `root` itself may be a file, which is returned as is; a missing root gives nothing. Folders in `exclude`
 * (the Codex home, whose `log/codex-tui.log` has another format) are not walked for reading: each is one
 * `inside-codex-home` record telling how many `.log` files it holds. Symlinked folders are not followed (loops);
 * symlinked files are taken when their target is a `.log` file.
 */
export async function findDesktopLogFiles(root: string, opts: { exclude?: string[]; maxFiles?: number } = {}): Promise<DesktopLogFiles> {
  let rootIsFile: boolean;
  try {
    rootIsFile = (await stat(root)).isFile();
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { files: [], skipped: [] };
    return { files: [], skipped: [{ path: root, reason: 'unreadable', detail: code }] };
  }
  if (rootIsFile) return { files: [root], skipped: [] };

  const maxFiles = opts.maxFiles ?? MAX_LOG_FILES;
  const walk: Walk = { files: [], skipped: [], excluded: await identifyDirs(opts.exclude ?? []), otherFiles: 0, maxFiles, overLimit: 0 };
  await walkDir(root, walk);
  walk.skipped.sort((a, b) => compareText(a.path, b.path));
  if (walk.otherFiles > MAX_LISTED_OTHER_FILES) {
    const more = walk.otherFiles - MAX_LISTED_OTHER_FILES;
    walk.skipped.push({ path: root, reason: 'not-a-log-file', detail: `${more} more files not listed`, count: more });
  }
  if (walk.overLimit > 0) {
    const noun = walk.overLimit === 1 ? '.log file' : '.log files';
    walk.skipped.push({
      path: root,
      reason: 'over-file-limit',
      detail: `${walk.overLimit} ${noun} not read (only the newest ${maxFiles} are)`,
      count: walk.overLimit,
    });
  }
  walk.files.sort(compareText);
  return { files: walk.files, skipped: walk.skipped };
}

async function walkDir(dir: string, walk: Walk): Promise<void> {
  if (await isExcluded(dir, walk.excluded)) {
    walk.skipped.push({ path: dir, reason: 'inside-codex-home', detail: await describeLogCount(dir) });
    return;
  }
  let entries: Dirent[];
  try {
    entries = await listNewest(dir, walk);
  } catch (err) {
    walk.skipped.push({ path: dir, reason: 'unreadable', detail: errorCode(err) });
    return;
  }
  // Newest first (names are dated), so that the file limit keeps the newest; the list is put in order at the end.
  entries.sort((a, b) => compareText(b.name, a.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walkDir(path, walk);
    else if (entry.isFile()) classifyFile(path, entry.name, walk);
    else if (entry.isSymbolicLink()) await classifySymlink(path, entry.name, walk);
    else skipOther(walk, path, 'not a regular file');
  }
}

/**
 * A folder's entries, streamed rather than listed at once, holding no more `.log` files than the limit has room for
 * (the newest by name); those left out are counted. A folder of 10^6 logs then never sits in memory whole.
 */
async function listNewest(dir: string, walk: Walk): Promise<Dirent[]> {
  const room = walk.maxFiles - walk.files.length;
  const logs: Dirent[] = [];
  const others: Dirent[] = [];
  const prune = (): void => {
    logs.sort((a, b) => compareText(b.name, a.name));
    walk.overLimit += logs.length - room;
    logs.length = room;
  };
  for await (const entry of await opendir(dir, { bufferSize: 256 })) {
    if (entry.isFile() && isLogName(entry.name)) {
      logs.push(entry);
      if (logs.length >= Math.max(2 * room, 1024)) prune();
    } else {
      others.push(entry);
    }
  }
  if (logs.length > room) prune();
  return [...others, ...logs];
}

function classifyFile(path: string, name: string, walk: Walk): void {
  if (!isLogName(name)) skipOther(walk, path);
  else if (walk.files.length < walk.maxFiles) walk.files.push(path);
  else walk.overLimit += 1;
}

async function classifySymlink(path: string, name: string, walk: Walk): Promise<void> {
  try {
    const target = await stat(path);
    if (target.isDirectory()) skipOther(walk, path, 'symlinked folder, not followed');
    else if (target.isFile()) classifyFile(path, name, walk);
    else skipOther(walk, path, 'not a regular file');
  } catch (err) {
    walk.skipped.push({ path, reason: 'unreadable', detail: errorCode(err) });
  }
}

function skipOther(walk: Walk, path: string, detail?: string): void {
  walk.otherFiles += 1;
  if (walk.otherFiles > MAX_LISTED_OTHER_FILES) return;
  walk.skipped.push(detail === undefined ? { path, reason: 'not-a-log-file' } : { path, reason: 'not-a-log-file', detail });
}

function isLogName(name: string): boolean {
  return name.toLowerCase().endsWith('.log');
}

/** Excluded folders, known by path and by device and inode (so that another spelling of the path matches too). */
interface ExcludedDirs {
  paths: Set<string>;
  ids: Set<string>;
}

async function identifyDirs(dirs: string[]): Promise<ExcludedDirs> {
  const excluded: ExcludedDirs = { paths: new Set(), ids: new Set() };
  for (const dir of dirs) {
    excluded.paths.add(resolve(dir));
    const id = await dirId(dir);
    if (id !== null) excluded.ids.add(id);
  }
  return excluded;
}

async function isExcluded(dir: string, excluded: ExcludedDirs): Promise<boolean> {
  if (excluded.paths.size === 0) return false;
  if (excluded.paths.has(resolve(dir))) return true;
  const id = await dirId(dir);
  return id !== null && excluded.ids.has(id);
}

async function dirId(dir: string): Promise<string | null> {
  try {
    const info = await stat(dir, { bigint: true });
    return info.isDirectory() ? `${info.dev}:${info.ino}` : null;
  } catch {
    return null;
  }
}

/** How many `.log` files an excluded folder holds, without following symlinks and within a bounded look. */
async function describeLogCount(dir: string): Promise<string> {
  const pending = [dir];
  let logs = 0;
  let seen = 0;
  while (pending.length > 0 && seen < MAX_COUNTED_EXCLUDED_ENTRIES) {
    const current = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen += 1;
      if (entry.isDirectory()) pending.push(join(current, entry.name));
      else if (entry.isFile() && isLogName(entry.name)) logs += 1;
    }
  }
  const noun = logs === 1 ? '.log file' : '.log files';
  if (seen < MAX_COUNTED_EXCLUDED_ENTRIES) return `${logs} ${noun} not read`;
  return `at least ${logs} ${noun} not read (count stopped after ${seen} entries)`;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
