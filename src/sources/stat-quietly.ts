import { statSync, type Stats } from 'node:fs';

/**
 * `stat` that answers undefined for any failure, not only a missing file: a home's side files (locks, journals,
 * catalogs, backups) may sit in folders the reader cannot enter (EACCES), and none of them may end a run.
 */
export function statQuietly(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
