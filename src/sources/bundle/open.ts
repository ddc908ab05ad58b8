import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadEntry } from 'tar';
import { UsageError } from '../../util/errors.js';
import { readRange } from '../read-range.js';
import { makeScratchDir, removeScratchDir } from '../scratch.js';
import { BUNDLE_FORMAT, BUNDLE_HOME, BUNDLE_LOGS, hasBundleName, MANIFEST_FILE, type Manifest } from './layout.js';

/** No real member comes near this (a state DB of 100,000 threads is ~300 MB); a forged size field does. */
const MAX_MEMBER_BYTES = 4 * 1024 ** 3;
const MAX_TOTAL_BYTES = 8 * 1024 ** 3;
const MAX_MEMBERS = 500_000;

const GZIP_MAGIC = [0x1f, 0x8b] as const;

export interface OpenedBundle {
  /** The private folder it was unpacked into (mode 0700), removed at exit and on Ctrl-C. */
  root: string;
  logsDir: string;
  codexHome: string;
  manifest: Manifest;
  /** What the run should say once: files that differ from the manifest, or null. */
  warning: string | null;
}

const opened = new Map<string, OpenedBundle>();

/** Whether LOGS_DIR names a bundle: a regular file called `*.tar.gz` / `*.tgz`, or one that starts as gzip does. */
export function isBundle(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined || !st.isFile()) return false;
  return hasBundleName(path) || startsWithGzipMagic(path);
}

/**
 * Unpacks a bundle into a private temporary folder, refusing it whole (one-line UsageError) when a member could
 * escape that folder or is not a plain file or folder, when sizes are absurd, or when the archive is not gzip, is
 * truncated or damaged. Members are checked before anything is written; a refused bundle leaves nothing behind.
 * Unpacked once per run: commands that read their sources twice (report) share it.
 */
export async function openBundle(path: string): Promise<OpenedBundle> {
  const known = opened.get(path);
  if (known !== undefined) return known;
  if (!startsWithGzipMagic(path)) throw new UsageError(`${path}: not a codex-logs bundle (not a gzip file)`);
  const root = makeScratchDir('codex-logs-bundle-');
  // Signals are handled in cli.ts (removeAllScratchDirs); a normal end removes it here.
  process.once('exit', () => removeScratchDir(root));
  let refused: string | null = null;
  let members = 0;
  let total = 0;
  const check = (entryPath: string, entry: ReadEntry): boolean => {
    if (refused !== null) return false;
    members += 1;
    total += entry.size;
    refused = unsafeMember(entryPath, entry, members, total);
    return refused === null;
  };
  try {
    // tar is a fifth of the modules an ordinary run would load: only a bundle needs it.
    const { x: extract } = await import('tar');
    await extract({ file: path, cwd: root, strict: true, preserveOwner: false, filter: check as (p: string, e: unknown) => boolean });
  } catch (err) {
    removeScratchDir(root);
    opened.delete(path);
    if (refused !== null) throw new UsageError(`${path}: refused (${refused})`);
    throw new UsageError(`${path}: not a readable bundle (${describeTarError(err)})`);
  }
  if (refused !== null) {
    removeScratchDir(root);
    throw new UsageError(`${path}: refused (${refused})`);
  }
  const manifest = readManifest(root);
  if (manifest === null) {
    removeScratchDir(root);
    throw new UsageError(`${path}: not a codex-logs bundle (no valid ${MANIFEST_FILE})`);
  }
  // Still read: a maintainer may have unpacked and repacked it; but the findings may then not be the reporter's.
  const differing = await filesUnlikeManifest(root, manifest);
  const warning =
    differing.length === 0
      ? null
      : `${path}: ${differing.length} file${differing.length === 1 ? ' differs' : 's differ'} from ${MANIFEST_FILE} (edited or damaged since collect), e.g. ${differing[0]}`;
  const bundle = { root, logsDir: join(root, BUNDLE_LOGS), codexHome: join(root, BUNDLE_HOME), manifest, warning };
  opened.set(path, bundle);
  return bundle;
}

/** Why a member may not be unpacked, or null. Pure, apart from reading the entry's header fields. */
function unsafeMember(path: string, entry: Pick<ReadEntry, 'type' | 'size'>, members: number, total: number): string | null {
  if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'Directory')
    return `member ${JSON.stringify(path)} is a ${entry.type}, not a file or folder`;
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) return `member ${JSON.stringify(path)} has an absolute path`;
  if (path.split(/[\\/]/).includes('..')) return `member ${JSON.stringify(path)} climbs out with ..`;
  if (entry.size > MAX_MEMBER_BYTES) return `member ${JSON.stringify(path)} claims ${entry.size} bytes, more than ${MAX_MEMBER_BYTES}`;
  if (total > MAX_TOTAL_BYTES) return `members claim more than ${MAX_TOTAL_BYTES} bytes in all`;
  if (members > MAX_MEMBERS) return `more than ${MAX_MEMBERS} members`;
  return null;
}

/** Files MANIFEST.json lists whose size or sha256 is not what collect wrote, or that are missing. */
async function filesUnlikeManifest(root: string, manifest: Manifest): Promise<string[]> {
  const differing: string[] = [];
  for (const file of manifest.files) {
    if (typeof file?.path !== 'string' || unsafeMember(file.path, { type: 'File', size: 0 }, 0, 0) !== null) continue;
    const path = join(root, file.path);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined || !st.isFile() || st.size !== file.size || (await sha256Of(path)) !== file.sha256) differing.push(file.path);
  }
  return differing;
}

/** The sha256 of a file, streamed. */
export function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

function readManifest(root: string): Manifest | null {
  const file = join(root, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
    if (value.format !== BUNDLE_FORMAT || typeof value.collectedAt !== 'number' || !Array.isArray(value.files)) return null;
    return value as Manifest;
  } catch {
    return null;
  }
}

function describeTarError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'Z_BUF_ERROR' || /unexpected end of file|truncated/i.test(message)) return 'truncated';
  return `damaged: ${message.split('\n')[0]}`;
}

function startsWithGzipMagic(path: string): boolean {
  try {
    const head = readRange(path, 0, 2);
    return head.length === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } catch {
    return false;
  }
}
