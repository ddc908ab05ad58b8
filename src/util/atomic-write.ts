import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './errors.js';

/**
 * A file is written whole or not at all: a temporary file beside it, then a rename. A failed write leaves no partial
 * file and becomes a one-line usage error that starts with `what` (the option or command that asked for the write).
 */
export function writeFileAtomically(path: string, text: string, what = `--out ${path}`): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`${what}: cannot write (${code})`);
  }
}
