import { chmodSync, copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Copying is how codex-logs stays read-only: SQLite is never pointed at the user's files, because a read-only
 * WAL reader may still create or write `-shm`, and a read-write connection checkpoints and deletes `-wal` on close.
 * `-shm` is not copied: SQLite rebuilds the WAL index from the `-wal` file itself.
 */

export interface SnapshotCopy {
  /** The private copy of the database; its `-wal` (when one was copied) sits beside it. */
  dbCopy: string;
  walCopied: boolean;
  attempts: number;
  /** False when the files kept changing during every attempt: the last copy may mix two states. */
  stable: boolean;
}

/** A live Codex may write while we copy; this many attempts, then the last copy is used anyway. */
export const MAX_COPY_ATTEMPTS = 4;

const COPY_NAME = 'state.sqlite';

interface FileState {
  size: number;
  mtimeMs: number;
}

function regularFileState(path: string): FileState | null {
  const st = statSync(path, { throwIfNoEntry: false });
  return st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null;
}

function sameState(a: FileState | null, b: FileState | null): boolean {
  return a === null || b === null ? a === b : a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Copies are made writable so SQLite can build its `-shm` beside them and so Windows can delete them. */
function copyWritable(from: string, to: string): void {
  copyFileSync(from, to);
  chmodSync(to, 0o600);
}

function copyOnce(dbPath: string, walPath: string, walPresent: boolean, destDir: string): boolean {
  const dbCopy = join(destDir, COPY_NAME);
  const walCopy = `${dbCopy}-wal`;
  copyWritable(dbPath, dbCopy);
  rmSync(walCopy, { force: true });
  if (!walPresent) return false;
  try {
    copyWritable(walPath, walCopy);
    return true;
  } catch (err) {
    // Codex deletes `-wal` when its last connection closes; the state check after the copy sees that and retries.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Copies `dbPath` and its `-wal` into `destDir` (created if needed), retrying while either file's size or mtime
 * changes under us.
 */
export function copyDbSnapshot(dbPath: string, destDir: string, maxAttempts = MAX_COPY_ATTEMPTS): SnapshotCopy {
  const walPath = `${dbPath}-wal`;
  mkdirSync(destDir, { recursive: true });
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const dbBefore = regularFileState(dbPath);
    const walBefore = regularFileState(walPath);
    const walCopied = copyOnce(dbPath, walPath, walBefore !== null, destDir);
    const stable = sameState(dbBefore, regularFileState(dbPath)) && sameState(walBefore, regularFileState(walPath));
    if (stable || attempts >= maxAttempts) return { dbCopy: join(destDir, COPY_NAME), walCopied, attempts, stable };
  }
}

/** A copy of the database file alone: opened, it shows only what was checkpointed before the `-wal`. */
export function copyMainFileOnly(dbCopy: string, destDir: string): string {
  mkdirSync(destDir, { recursive: true });
  const target = join(destDir, COPY_NAME);
  copyWritable(dbCopy, target);
  return target;
}
