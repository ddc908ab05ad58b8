/**
 * What a `codex-logs collect` bundle holds, and where: a Codex home and a Desktop log folder side by side, so that
 * reading a bundle is unpacking it into a private folder and running the normal pipeline on the two.
 */

export const BUNDLE_FORMAT = 'codex-logs-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
/** The Codex home (state DB snapshots, rollout heads and tails, session_index.jsonl, history.jsonl). */
export const BUNDLE_HOME = 'codex-home';
/** The Desktop log files that overlap the window, cut to whole lines inside it. */
export const BUNDLE_LOGS = 'logs';
export const MANIFEST_FILE = 'MANIFEST.json';
export const REPORT_FILE = 'report.md';
export const ANALYSIS_FILE = 'analysis.json';

export interface ManifestFile {
  /** Path inside the bundle, `/`-separated. */
  path: string;
  size: number;
  sha256: string;
  /** Where it came from on the reporter's machine, redacted like the report; null for files the tool wrote. */
  origin: string | null;
  /** What was cut from the original, in words; null when it is whole. */
  cut: string | null;
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  toolVersion: string;
  /** When the sources were read (epoch ms): ages (a stale lock, an idle rollout) are measured from it on reading. */
  collectedAt: number;
  /** The Desktop log window, epoch ms. */
  window: { since: number | null; until: number | null };
  threads: string[];
  redacted: true;
  includeContent: boolean;
  files: ManifestFile[];
  /** What the bundle does not hold, and why. */
  leftOut: { what: string; count: number; why: string }[];
}

/** Names a reading command takes for a bundle rather than a log folder or file. */
export function hasBundleName(path: string): boolean {
  return /\.(tar\.gz|tgz)$/i.test(path);
}
