import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseRolloutFileName } from './file-name.js';
import { mapWithLimit } from './map-limit.js';
import { createInterner, type Interner } from '../intern.js';
import { readPlainRollout, readRolloutHead, type PlainRead } from './read-head.js';
import type { RolloutTail } from './read-tail.js';
import type { RolloutFile, RolloutHead, RolloutRoot, RolloutStats } from './types.js';
import { codeOf } from '../../util/errors.js';
import { compareText } from '../../util/text.js';

const ROOTS: readonly RolloutRoot[] = ['sessions', 'archived_sessions'];
const HEAD_READS_IN_FLIGHT = 16;

interface Candidate {
  codexHome: string;
  path: string;
  root: RolloutRoot;
  relPath: string;
  name: string;
  /** The folder listing said it is a symlink: where it leads is checked before it is read. */
  symlink: boolean;
}

/**
 * What the walk saw, so that a path can often be judged without another lstat: in a folder that was listed, a
 * rollout-like name it did not see does not exist, and a candidate read as a regular file is one.
 */
export interface RolloutListing {
  listedDirs: ReadonlySet<string>;
  /** Every entry with a rollout-like name in a listed folder, whatever its type (a folder named `x.jsonl` too). */
  rolloutLikeNames: ReadonlySet<string>;
  regularFiles: ReadonlySet<string>;
}

interface Walk {
  listedDirs: Set<string>;
  rolloutLikeNames: Set<string>;
  candidates: Candidate[];
  otherFiles: number;
  unreadableDirs: string[];
  tempFiles: string[];
}

/**
 * Every rollout under `sessions/` (Codex nests it by YYYY/MM/DD) and `archived_sessions/` (flat in Codex,
 * but subfolders are walked too). A root that is itself a symlink is followed; symlinked folders below it
 * are not (loops). Entries that are neither `*.jsonl` / `*.jsonl.zst` files (by name, dotfiles excluded:
 * Codex's temp files start with `.`) nor folders — `.tmp` files, `.DS_Store`, symlinked folders, pipes,
 * files that vanished during the scan — are counted in `otherFiles`.
 */
export async function findRollouts(codexHome: string): Promise<{ files: RolloutFile[]; stats: RolloutStats; listing: RolloutListing }> {
  const walk: Walk = { listedDirs: new Set(), rolloutLikeNames: new Set(), candidates: [], otherFiles: 0, unreadableDirs: [], tempFiles: [] };
  const [sessionsRootExists, archivedRootExists] = (await Promise.all(ROOTS.map((root) => walkRoot(codexHome, root, walk)))) as [boolean, boolean];

  walk.candidates.sort((a, b) => compareText(a.relPath, b.relPath));
  const described = await describeAll(walk.candidates);
  const files = described.filter((file): file is RolloutFile => file !== null);
  const skipped = walk.candidates.length - files.length;
  const listing: RolloutListing = {
    listedDirs: walk.listedDirs,
    rolloutLikeNames: walk.rolloutLikeNames,
    regularFiles: new Set(walk.candidates.filter((c, i) => !c.symlink && described[i] !== null).map((c) => c.path)),
  };
  return { files, stats: summarize(files, walk, skipped, sessionsRootExists, archivedRootExists), listing };
}

function summarize(files: RolloutFile[], walk: Walk, skipped: number, sessionsRootExists: boolean, archivedRootExists: boolean): RolloutStats {
  return {
    sessionsRootExists,
    archivedRootExists,
    files: files.length,
    inSessions: files.filter((f) => f.root === 'sessions').length,
    inArchived: files.filter((f) => f.root === 'archived_sessions').length,
    compressed: files.filter((f) => f.name?.compressed === true).length,
    emptyFiles: files.filter((f) => f.head.status === 'empty').length,
    unreadableHeads: files.filter((f) => isUnusableHead(f.head)).length,
    otherFiles: walk.otherFiles + skipped,
    unreadableDirs: [...walk.unreadableDirs].sort(compareText),
    tempFiles: [...walk.tempFiles].sort(compareText),
  };
}

/** Walks one root; false when it does not exist. */
async function walkRoot(codexHome: string, root: RolloutRoot, walk: Walk): Promise<boolean> {
  const rootPath = join(codexHome, root);
  try {
    await stat(rootPath);
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
  }
  await walkDir(codexHome, rootPath, root, walk);
  return true;
}

async function walkDir(codexHome: string, dir: string, root: RolloutRoot, walk: Walk): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    walk.unreadableDirs.push(toRelPath(codexHome, dir));
    return;
  }
  walk.listedDirs.add(dir);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const rolloutLike = isRolloutLikeName(entry.name);
    if (rolloutLike) walk.rolloutLikeNames.add(path);
    if (entry.isDirectory()) {
      await walkDir(codexHome, path, root, walk);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && rolloutLike) {
      // The name as a slice of the path: the stamp and id later sliced from it then keep no second copy alive.
      const name = path.endsWith(entry.name) ? path.slice(path.length - entry.name.length) : entry.name;
      walk.candidates.push({ codexHome, path, root, relPath: toRelPath(codexHome, path), name, symlink: entry.isSymbolicLink() });
    } else {
      walk.otherFiles += 1;
      if (entry.name.startsWith('.') && entry.name.endsWith('.tmp')) walk.tempFiles.push(toRelPath(codexHome, path));
    }
  }
}

export function isRolloutLikeName(name: string): boolean {
  return !name.startsWith('.') && (name.endsWith('.jsonl') || name.endsWith('.jsonl.zst'));
}

/** Files read between two turns of the event loop, so that Ctrl-C and the progress display stay prompt. */
const FILES_PER_TURN = 256;

/**
 * Plain regular files, nearly all of them, are read synchronously in one pass; symlinks, compressed rollouts and files
 * that would not open go the slower way, which checks and explains them.
 */
async function describeAll(candidates: readonly Candidate[]): Promise<(RolloutFile | null)[]> {
  const results = new Array<RolloutFile | null>(candidates.length).fill(null);
  const intern = createInterner();
  const slow: number[] = [];
  for (let i = 0; i < candidates.length; i += 1) {
    if (i > 0 && i % FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const candidate = candidates[i]!;
    if (candidate.symlink || candidate.path.endsWith('.zst')) {
      slow.push(i);
      continue;
    }
    const read = readPlainRollout(candidate.path);
    if (read.kind === 'read') results[i] = shareStrings(fileFrom(candidate, read), intern);
    else if (read.kind === 'symlink' || read.kind === 'unopened') slow.push(i);
  }
  await mapWithLimit(slow, HEAD_READS_IN_FLIGHT, async (i) => {
    const file = await describe(candidates[i]!);
    results[i] = file === null ? null : shareStrings(file, intern);
  });
  return results;
}

/**
 * Every rollout stays in memory to the end of the run: its head's id is the one its name already holds, and the
 * values that repeat across files (source, cwd, originator, version) are shared, which halves what a file costs.
 */
function shareStrings(file: RolloutFile, intern: Interner): RolloutFile {
  const head = file.head;
  if (head.status !== 'ok') return file;
  if (file.name !== null && file.name.id === head.id) head.id = file.name.id;
  head.source = intern(head.source);
  head.cwd = intern(head.cwd);
  head.originator = intern(head.originator);
  head.cliVersion = intern(head.cliVersion);
  return file;
}

/**
 * One object literal with every field: built by spreading a partial record, each of 50,000 files got a hidden class of
 * its own (about 350 bytes more per file, and slower property access wherever the analysis reads them).
 */
function rolloutFile(candidate: Candidate, size: number, mtimeMs: number, head: RolloutHead, tail: RolloutTail | null): RolloutFile {
  return { path: candidate.path, root: candidate.root, relPath: candidate.relPath, name: parseRolloutFileName(candidate.name), size, mtimeMs, head, tail };
}

function fileFrom(candidate: Candidate, read: Extract<PlainRead, { kind: 'read' }>): RolloutFile {
  return rolloutFile(candidate, read.size, read.mtimeMs, read.head, read.tail);
}

/**
 * Stats and reads the head of one candidate. Null when it vanished since the walk (Codex moves files while
 * archiving) or is a symlink to something other than a regular file. A file that cannot even be stat-ed
 * is kept with size and mtime 0 and an `unreadable` head.
 */
async function describe(candidate: Candidate): Promise<RolloutFile | null> {
  const found = await regularFileStats(candidate.path, candidate.codexHome);
  if (found === 'skip') return null;
  if ('code' in found) return rolloutFile(candidate, 0, 0, { status: 'unreadable', detail: found.code }, null);
  if (candidate.path.endsWith('.zst')) return rolloutFile(candidate, found.size, found.mtimeMs, await readRolloutHead(candidate.path), null);
  const read = readPlainRollout(candidate.path, { follow: true });
  if (read.kind === 'read') return fileFrom(candidate, read);
  if (read.kind === 'gone' || read.kind === 'not-a-file') return null;
  return rolloutFile(candidate, found.size, found.mtimeMs, { status: 'unreadable', detail: read.kind === 'unopened' ? read.code : 'ELOOP' }, null);
}

/**
 * lstat, or for a symlink the stats of its target; `skip` when it is gone, is no regular file, or is a symlink that
 * leads out of the Codex home (a stranger's bundle must not make us read `/etc/passwd`).
 */
async function regularFileStats(path: string, codexHome: string): Promise<Stats | 'skip' | { code: string }> {
  try {
    const own = await lstat(path);
    if (own.isSymbolicLink()) {
      const [target, home] = await Promise.all([realpath(path), realpath(codexHome)]);
      if (target !== home && !target.startsWith(home + sep)) return 'skip';
    }
    const stats = own.isSymbolicLink() ? await stat(path) : own;
    return stats.isFile() ? stats : 'skip';
  } catch (err) {
    const code = codeOf(err);
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'skip' : { code: code ?? String(err) };
  }
}

function isUnusableHead(head: RolloutHead): boolean {
  return head.status === 'bad-json' || head.status === 'not-session-meta' || head.status === 'unreadable' || head.status === 'too-long';
}

function toRelPath(codexHome: string, path: string): string {
  // A slice shares the path's characters: 50,000 relative paths then cost no copies.
  if (sep === '/' && path.startsWith(`${codexHome}/`)) return path.slice(codexHome.length + 1);
  return relative(codexHome, path).split(sep).join('/');
}
