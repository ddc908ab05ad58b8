import { eventEvidence } from '../context.js';
import { matchErrorSignature } from '../error-signatures.js';
import type { Finding, FindingRef, TimelineEvent } from '../types.js';
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
    for (const [id, events] of ctx.logTimelines) {
      if (!ctx.isSelected(id)) continue;
      const groups = new Map<string, TimelineEvent[]>();
      for (const event of events) {
        if (event.kind !== 'request-failed') continue;
        const signature = matchErrorSignature(event.errorMessage);
        const key = `${event.method ?? ''}\u0000${signature?.id ?? event.errorMessage ?? ''}`;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [event]);
        else group.push(event);
      }
      for (const failures of groups.values()) findings.push(describe(id, failures, earlier));
    }
    return findings;
  },
};

function describe(id: string, failures: TimelineEvent[], earlier: readonly Finding[]): Finding {
  const first = failures[0]!;
  const signature = matchErrorSignature(first.errorMessage);
  const explainedBy = explain(id, signature?.explainedBy ?? [], earlier);
  const times = failures.length === 1 ? '' : ` ${failures.length} times`;
  const code = first.errorCode === null ? '' : ` (${first.errorCode})`;
  const message = first.errorMessage ?? 'no error message logged';
  const because = explainedBy === null ? '' : ` Explained by the ${explainedBy.kind} finding on this conversation.`;
  return finding({
    kind: 'request-failed',
    severity: signature === null ? 'low' : 'medium',
    threadId: id,
    count: failures.length,
    summary: `${first.method ?? 'request'} failed${times}: ${message}${code}`,
    cause: `${signature === null ? 'An app-server request for this conversation failed.' : capitalise(signature.meaning)}.${because}`,
    evidence: failures.slice(0, MAX_EVIDENCE).map(eventEvidence),
    explainedBy,
  });
}

function explain(id: string, kinds: readonly string[], earlier: readonly Finding[]): FindingRef | null {
  for (const kind of kinds) {
    const hit = earlier.find((f) => f.kind === kind && f.threadId === id);
    if (hit) return { kind: hit.kind, threadId: hit.threadId };
  }
  return null;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
