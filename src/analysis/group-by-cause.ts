import { MAX_EVIDENCE } from './detectors/detector.js';
import type { Finding } from '../model/finding.js';

/** More findings than this with one kind, severity and cause become one finding (README "Finding kinds"). */
export const GROUP_ABOVE = 10;

/**
 * One root cause, one finding, at every severity: a home copied without its rollouts would otherwise give one
 * missing-rollout-file finding per row, a busy log set one request-failed per conversation. Findings about one conversation each that
 * share kind, severity, cause and what explains them are merged into one with a count, the conversations, a few
 * examples' evidence, and the members themselves (in --json; repair and timeline work on the members). Order kept:
 * the group stands where its first member stood.
 */
export function groupByCause(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.threadId === null || f.members !== undefined) continue;
    const key = JSON.stringify([f.kind, f.severity, f.cause, f.explainedBy?.kind ?? null]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [f]);
    else group.push(f);
  }
  const merged = new Map<Finding, Finding | null>();
  for (const group of groups.values()) {
    if (group.length <= GROUP_ABOVE) continue;
    merged.set(group[0]!, mergeGroup(group));
    for (const member of group.slice(1)) merged.set(member, null);
  }
  if (merged.size === 0) return [...findings];
  return findings.flatMap((f) => {
    const replacement = merged.get(f);
    return replacement === undefined ? [f] : replacement === null ? [] : [replacement];
  });
}

function mergeGroup(group: readonly Finding[]): Finding {
  const first = group[0]!;
  return {
    kind: first.kind,
    severity: first.severity,
    threadId: null,
    summary: `${group.length} conversations with the same cause; the first: ${first.summary}`,
    cause: first.cause,
    evidence: group.flatMap((f) => f.evidence.slice(0, 1)).slice(0, MAX_EVIDENCE),
    explainedBy: first.explainedBy === null ? null : { kind: first.explainedBy.kind, threadId: null },
    count: group.length,
    threadIds: group.map((f) => f.threadId!),
    members: [...group],
  };
}

/** The findings with every group taken apart again: what repair plans and conversation timelines work on. */
export function ungrouped(findings: readonly Finding[]): Finding[] {
  return findings.flatMap((f) => f.members ?? [f]);
}
