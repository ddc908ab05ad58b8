import { lstatSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { rerootRolloutPath } from './reroot.js';
import type { PathKind, ProblemCount, RowPathCheck } from '../../model/report.js';
import { problemList } from '../problems.js';
import { isRolloutLikeName, type RolloutListing } from '../rollouts/discover.js';
import type { ThreadRow } from '../state-db/types.js';

/**
 * What each row's `rollout_path` names on this machine, once re-rooted onto the analysed home. Paths that lead
 * outside the home are not looked at (a stranger's bundle must not make us read `/etc/passwd`). Only metadata is
 * read here.
 */
export function checkRowPaths(
  rows: readonly ThreadRow[],
  codexHome: string,
  recordedHomes: readonly string[],
  listing: RolloutListing | null = null,
): RowPathCheck[] {
  const kindOf = (path: string): PathKind => listedKind(path, listing) ?? statKind(path);
  return rows.map((row) => {
    const rerooted = rerootRolloutPath(row.rolloutPath, codexHome, recordedHomes);
    if (rerooted.status === 'empty') {
      return { threadId: row.id, recorded: row.rolloutPath, resolved: null, kind: 'empty', compressedKind: null };
    }
    if (rerooted.status === 'outside') {
      return { threadId: row.id, recorded: row.rolloutPath, resolved: null, kind: 'outside-home', compressedKind: null };
    }
    const joined = rerooted.relative === '' ? codexHome : join(codexHome, ...rerooted.relative.split('/'));
    // Nearly always the recorded path itself: holding it once saves a copy per row of a big home.
    const resolved = joined === row.rolloutPath ? row.rolloutPath : joined;
    const kind = kindOf(resolved);
    const compressedKind = resolved.endsWith('.zst') || rerooted.relative === '' ? null : kindOf(`${resolved}.zst`);
    return { threadId: row.id, recorded: row.rolloutPath, resolved, kind, compressedKind };
  });
}

/** What the rollout walk already knows of a path, sparing an lstat per row (a home has tens of thousands). */
function listedKind(path: string, listing: RolloutListing | null): PathKind | null {
  if (listing === null || !listing.listedDirs.has(dirname(path)) || !isRolloutLikeName(basename(path))) return null;
  if (listing.regularFiles.has(path)) return 'file';
  return listing.rolloutLikeNames.has(path) ? null : 'missing';
}

function statKind(path: string): PathKind {
  let stats: Stats;
  try {
    stats = lstatSync(path);
    // A symlinked rollout is what Codex would open; only its metadata is looked at, never its content.
    if (stats.isSymbolicLink()) stats = statSync(path);
  } catch {
    return 'missing';
  }
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  return 'other';
}

/** Rows whose rollout_path leads outside the analysed home: not read, so counted. */
export function rowPathProblems(checks: readonly RowPathCheck[]): ProblemCount[] {
  const { add, problems } = problemList();
  const outside = checks.filter((c) => c.kind === 'outside-home');
  add(
    'rollout paths outside the analysed home (not read)',
    outside.length,
    outside.map((c) => c.recorded),
  );
  return problems;
}
