import { codeOf } from '../../util/errors.js';

/** One line a person can act on, for anything that stopped a state DB from being read. No stack, no path. */
export function describeStateDbError(err: unknown): string {
  const code = codeOf(err) ?? '';
  const detail = isSystemError(err) ? withoutPaths(firstLine(err)) : firstLine(err);
  if (code === 'SQLITE_NOTADB') return 'not an SQLite database (random bytes, an encrypted database or another kind of file)';
  if (code.startsWith('SQLITE_CORRUPT')) return `the database is damaged or truncated (SQLite: ${detail})`;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'EBUSY') return `the database is locked (${detail})`;
  if (code.startsWith('SQLITE_IOERR')) return `I/O error while reading the database (SQLite: ${detail})`;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return code !== '' && !detail.includes(code) ? `${detail} (${code})` : detail;
}

function isSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/** Node's `ENOSPC: no space left on device, copyfile '/a' -> '/tmp/b'`: the paths are those of our private copy. */
function withoutPaths(message: string): string {
  return message.replace(/, \w+ '.*$/, '');
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = message.split(/\r?\n/, 1)[0]?.trim() ?? '';
  return line !== '' ? line : 'unknown error';
}
