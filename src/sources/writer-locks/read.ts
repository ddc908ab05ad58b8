import { readdirSync } from 'node:fs';
import { statQuietly } from '../stat-quietly.js';
import { join } from 'node:path';
import { normalizeThreadId } from '../thread-id.js';

/**
 * `CODEX_HOME/thread-writer-locks/<thread id>.lock` (upstream #34986, thread-store/src/local/writer_lock.rs): empty
 * files that carry OS advisory locks, and stay after the lock is released. A file proves only that some process once
 * wrote the thread; its mtime says when it was created. Never a finding on its own.
 */
export interface WriterLock {
  path: string;
  mtimeMs: number;
}

export const WRITER_LOCK_DIR = 'thread-writer-locks';

export function readWriterLocks(codexHome: string): Map<string, WriterLock> {
  const locks = new Map<string, WriterLock>();
  const dir = join(codexHome, WRITER_LOCK_DIR);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return locks;
  }
  for (const name of names) {
    if (!name.endsWith('.lock')) continue;
    const id = normalizeThreadId(name.slice(0, -'.lock'.length));
    if (id === null) continue;
    const path = join(dir, name);
    const st = statQuietly(path);
    if (st?.isFile()) locks.set(id, { path, mtimeMs: st.mtimeMs });
  }
  return locks;
}
