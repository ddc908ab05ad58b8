import { fstatSync, statSync, type BigIntStats } from 'node:fs';

/**
 * Files this large have their identity kept. Smaller ones are few lines each, checked by reading them back; a million
 * tiny logs would otherwise hold a million identities.
 */
const IDENTIFIED_FILE_BYTES = 1024 * 1024;

/**
 * Each large log as it was when opened for reading, by path: one that still has the same identity holds the same
 * bytes, and its lines need not be read back to know they did not change.
 */
export interface FileIdentities {
  /** For the reader's `onOpened`: keeps the identity of an open file, when it is large enough to be worth one. */
  opened(path: string, fd: number, size: number): void;
  /** Whether `path` has the identity it had when it was read; false once it cannot be looked at, or without one. */
  unchanged(path: string): boolean;
  /** Every identity kept, to hand to the run's (a share's reader keeps its own on its thread). */
  entries(): [string, string][];
  /** Takes identities kept by another (see entries). */
  adopt(entries: readonly [string, string][]): void;
}

export function createFileIdentities(): FileIdentities {
  const identities = new Map<string, string>();
  return {
    opened(path, fd, size) {
      // Asked again for exact numbers (slower, so only for the few large files).
      if (size >= IDENTIFIED_FILE_BYTES) identities.set(path, fileIdentity(fstatSync(fd, { bigint: true })));
    },
    entries: () => [...identities],
    adopt(entries) {
      for (const [path, identity] of entries) identities.set(path, identity);
    },
    unchanged(path) {
      const known = identities.get(path);
      if (known === undefined) return false;
      try {
        return fileIdentity(statSync(path, { bigint: true })) === known;
      } catch {
        return false;
      }
    },
  };
}

/**
 * What tells a file's bytes unchanged: the same device, inode and size, and the same modification and change times to
 * the nanosecond (any write sets both). A file rotated into the same name has another inode. Times are only as fine
 * as the file system keeps them (a clock tick on Linux, 2 s on FAT), so a rewrite to the very same size within that
 * time would pass: Desktop appends to its logs and rotates them, it does not rewrite them in place.
 */
function fileIdentity(info: BigIntStats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}
