import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Private copies of databases live here while they are read; every one is removed, also on Ctrl-C. */
const live = new Set<string>();

export function makeScratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  live.add(dir);
  return dir;
}

export function removeScratchDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** For signal handlers: a copy of a 1 GB state DB must not outlive an interrupted run. */
export function removeAllScratchDirs(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done on the way out.
    }
  }
  live.clear();
}
