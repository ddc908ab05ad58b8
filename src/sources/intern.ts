import type { RolloutFile } from './rollouts/types.js';
import type { ThreadRow } from './state-db/types.js';

/**
 * One shared instance per distinct value of a field that repeats across thousands of records (`cwd`, `source`,
 * `cli_version`, `model`, …): a home of 50,000 conversations otherwise holds 50,000 copies of each, and every copy
 * survives to the end of the run. Values past `maxEntries` distinct ones are returned as they are, so a field that
 * turns out to be unique (a title) costs no more than it did.
 */
export type Interner = (value: string | null) => string | null;

export function createInterner(maxEntries = 4096, maxLength = 512): Interner {
  const seen = new Map<string, string>();
  return (value) => {
    if (value === null || value.length > maxLength) return value;
    const known = seen.get(value);
    if (known !== undefined) return known;
    if (seen.size < maxEntries) seen.set(value, value);
    return value;
  };
}

/**
 * A row names the same rollout path and id as the file it points to: both then hold one instance of each, for the whole
 * run, instead of two per conversation.
 */
export function shareRowStrings(rows: ThreadRow[], files: readonly RolloutFile[]): void {
  const byPath = new Map<string, RolloutFile>();
  for (const file of files) byPath.set(file.path, file);
  for (const row of rows) {
    const file = byPath.get(row.rolloutPath);
    if (file === undefined) continue;
    row.rolloutPath = file.path;
    if (file.name !== null && file.name.id === row.id) row.id = file.name.id;
  }
}
