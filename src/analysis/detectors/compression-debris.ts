import type { Evidence } from '../../model/finding.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';

/** Codex's compression worker holds its lock for minutes; one this old was left by a crash. */
const STALE_LOCK_MS = 6 * 3_600_000;

/** F22: temporary files of interrupted rollout writes or compressions, and a stale compression lock. */
export const compressionDebris: Detector = {
  kind: 'compression-debris',
  detect(ctx) {
    const home = ctx.inputs.codexHome;
    const temps = ctx.rolloutStats?.tempFiles ?? [];
    const lock = ctx.sources.home?.compressionLock ?? null;
    const staleLock = lock !== null && ctx.sources.collectedAt - lock.mtimeMs > STALE_LOCK_MS ? lock : null;
    if (temps.length === 0 && staleLock === null) return [];
    const evidence: Evidence[] = temps
      .slice(0, MAX_EVIDENCE)
      .map((rel) => ({ source: 'rollout', file: home === null ? rel : `${home}/${rel}`, line: 0, ts: null, text: 'temporary file' }));
    if (staleLock) evidence.push({ source: 'rollout', file: staleLock.path, line: 0, ts: staleLock.mtimeMs, text: 'compression lock' });
    const parts = [
      temps.length > 0 ? `${temps.length} temporary file${temps.length === 1 ? '' : 's'} in the rollout folders` : null,
      staleLock ? `a compression lock untouched for ${Math.round((ctx.sources.collectedAt - staleLock.mtimeMs) / 3_600_000)} h` : null,
    ].filter(Boolean);
    return [
      finding({
        kind: this.kind,
        severity: 'low',
        threadId: null,
        count: temps.length + (staleLock ? 1 : 0),
        summary: `Left over from interrupted writes or compressions: ${parts.join(' and ')}`,
        cause:
          'Codex rewrites rollouts through `.<name>.<op>.tmp` files: compression of idle rollouts to .jsonl.zst (from 2026-06, where the compression feature is enabled: it is off by default upstream) and the legacy-to-paginated migration (`.paginated.tmp`, `.decompressed.tmp`, `.paginated.zst.tmp`, `.head.tmp`, from 2026-08). A crash or a kill leaves them. A stale lock can stop further compression.',
        evidence,
      }),
    ];
  },
};
