/** Bad usage or input: the CLI prints its message on one line and exits 2, without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The `code` an error carries (`ENOENT`, `SQLITE_BUSY`), or null when it carries none. */
export function codeOf(err: unknown): string | null {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : null;
}

/** The code of a failed system call (`ENOENT`, `EACCES`), or null for any other error (a bug, not input damage). */
export function errnoCode(err: unknown): string | null {
  const code = codeOf(err);
  return code !== null && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

/** Why something could not be read, as short as it gets: the error's code, else its message. */
export function errorCode(err: unknown): string {
  return codeOf(err) ?? (err instanceof Error ? err.message : String(err));
}
