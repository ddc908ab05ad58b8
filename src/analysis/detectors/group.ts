import type { Finding } from '../../model/finding.js';
import { finding, MAX_EVIDENCE } from './detector.js';

/**
 * One root cause, one finding: when a detector reports the same thing about many conversations (400 dangling rows in
 * a home without sessions/), they become one finding with a count and examples instead of 400 lines.
 */
export function groupWhenMany(findings: Finding[], summary: (count: number) => string, threshold = 10): Finding[] {
  if (findings.length <= threshold) return findings;
  const first = findings[0]!;
  return [
    finding({
      kind: first.kind,
      severity: first.severity,
      threadId: null,
      count: findings.length,
      threadIds: findings.flatMap((f) => (f.threadId === null ? [] : [f.threadId])),
      summary: summary(findings.length),
      cause: first.cause,
      evidence: findings.flatMap((f) => f.evidence).slice(0, MAX_EVIDENCE),
    }),
  ];
}
