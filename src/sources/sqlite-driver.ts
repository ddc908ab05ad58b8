import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type DatabaseConstructor = typeof BetterSqlite3;

let cached: { driver: DatabaseConstructor } | { error: string } | undefined;

/**
 * better-sqlite3 is a native addon: a missing or mismatched build must not take the logs and rollouts down with it.
 * Loaded on first use; the failure is reported once (by the state DB finding) and every SQLite source is skipped.
 */
export function sqliteDriver(): DatabaseConstructor {
  if (cached === undefined) {
    try {
      cached = { driver: createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor };
    } catch (err) {
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      cached = { error: `better-sqlite3 could not be loaded (${reason}); reinstall with \`npm ci\` to read SQLite files` };
    }
  }
  if ('error' in cached) throw new Error(cached.error);
  return cached.driver;
}
