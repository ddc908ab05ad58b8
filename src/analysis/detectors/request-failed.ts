import { eventEvidence } from '../context.js';
import { type ErrorSignature, matchErrorSignature } from '../../model/error-signatures.js';
import type { FailureGroup } from '../../model/log-timeline.js';
import type { LogVersions } from '../../sources/desktop-log/versions.js';
import type { Finding, FindingRef } from '../../model/finding.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';

/**
 * A failed request the Desktop log recorded for a conversation (`thread/resume`, `thread/fork`, `thread/read`, …).
 * Repeats of the same failure are one finding with a count. Each is linked to the persistence finding on the same
 * conversation that explains it, using the error signature table; so this detector runs after those.
 */
export const requestFailed: Detector = {
  kind: 'request-failed',
  detect(ctx, earlier) {
    const findings: Finding[] = [];
    const explaining = explainingFindings(earlier);
    const causes = new Map<string, string>();
    for (const [id, timeline] of ctx.logTimelines) {
      if (!ctx.isSelected(id)) continue;
      for (const group of timeline.failures) findings.push(describe(id, group, explaining, causes, ctx.sources.logVersions));
    }
    return findings;
  },
};

/**
 * The earlier findings by kind and conversation, the first of each: dense logs have a failure group for tens of
 * thousands of conversations, and searching every earlier finding for each was quadratic.
 */
function explainingFindings(earlier: readonly Finding[]): Map<string, Finding> {
  const byKey = new Map<string, Finding>();
  for (const f of earlier) {
    const key = explainKey(f.kind, f.threadId);
    if (!byKey.has(key)) byKey.set(key, f);
  }
  return byKey;
}

function explainKey(kind: string, threadId: string | null): string {
  return `${kind}\u0000${threadId ?? ''}`;
}

function describe(
  id: string,
  group: FailureGroup,
  explaining: ReadonlyMap<string, Finding>,
  causes: Map<string, string>,
  versions: LogVersions | undefined,
): Finding {
  const first = group.events[0]!;
  const signature = group.mixed ? null : matchErrorSignature(first.errorMessage);
  const explainedBy = explain(id, signature?.explainedBy ?? [], explaining);
  const times = group.count === 1 ? '' : ` ${group.count} times`;
  const code = first.errorCode === null ? '' : ` (${first.errorCode})`;
  const message = first.errorMessage ?? 'no error message logged';
  return finding({
    kind: 'request-failed',
    severity: signature === null ? 'low' : 'medium',
    threadId: id,
    count: group.count,
    summary: group.mixed
      ? `${group.count} more failed requests of other kinds (first: ${first.method ?? 'request'}: ${message}${code})`
      : `${first.method ?? 'request'} failed${times}: ${message}${code}`,
    cause: causeOf(signature, explainedBy, versions, causes),
    evidence: group.events.slice(0, MAX_EVIDENCE).map(eventEvidence),
    explainedBy,
  });
}

/**
 * The cause depends only on the signature and what explains it, so findings alike share one string (tens of thousands
 * of them each held its own copy).
 */
function causeOf(signature: ErrorSignature | null, explainedBy: FindingRef | null, versions: LogVersions | undefined, causes: Map<string, string>): string {
  const key = `${signature?.id ?? ''}\u0000${explainedBy?.kind ?? ''}`;
  let cause = causes.get(key);
  if (cause === undefined) {
    const because = explainedBy === null ? '' : ` Explained by the ${explainedBy.kind} finding on this conversation.`;
    const skew = signature?.id === 'version-skew' ? versionsSeen(versions) : '';
    cause = `${signature === null ? 'An app-server request for this conversation failed.' : capitalise(signature.meaning)}.${skew}${because}`;
    causes.set(key, cause);
  }
  return cause;
}

function explain(id: string, kinds: readonly string[], explaining: ReadonlyMap<string, Finding>): FindingRef | null {
  for (const kind of kinds) {
    const hit = explaining.get(explainKey(kind, id));
    if (hit) return { kind: hit.kind, threadId: hit.threadId };
  }
  return null;
}

/** For a protocol skew: the versions the logs name, so the older side shows. */
function versionsSeen(versions: LogVersions | undefined): string {
  if (versions === undefined) return '';
  const desktop = versions.desktopVersions.length > 0 ? versions.desktopVersions.join(', ') : 'not logged';
  const server = versions.appServerVersions.length > 0 ? versions.appServerVersions.join(', ') : 'not logged';
  return ` Versions in these logs: Desktop ${desktop}; app-server ${server}. Quit Codex completely (an app-server that outlived an upgrade keeps serving the old protocol) and update both to the same release.`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
