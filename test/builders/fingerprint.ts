import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

export interface FileFingerprint {
  path: string;
  sha256: string;
  mtimeMs: number;
  size: number;
}

/** Content hash, mtime and size of each of `paths` that exists, to prove that a read left the files untouched. */
export function fileFingerprint(paths: string[]): FileFingerprint[] {
  return paths.flatMap((path) => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined) return [];
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    return [{ path, sha256, mtimeMs: st.mtimeMs, size: st.size }];
  });
}
