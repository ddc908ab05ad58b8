import { rolloutEvidence } from '../context.js';
import type { RolloutHead } from '../../sources/rollouts/types.js';
import type { Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';
import { groupWhenMany } from './group.js';

const WHY: Partial<Record<RolloutHead['status'], string>> = {
  empty: 'is empty (0 bytes): a resume raced the first write (openai/codex#38613), or the write failed',
  'bad-json': 'starts with a line that is not JSON',
  'not-session-meta': 'does not start with session_meta',
  'too-long': 'has a first line too long to be a session_meta',
  unreadable: 'cannot be read (or is not a valid zstd stream)',
};

/** F14: a rollout Codex cannot use: empty, no `session_meta` first, damaged, or an undecodable `.zst`. */
export const unreadableRollout: Detector = {
  kind: 'unreadable-rollout',
  detect(ctx) {
    const found: Finding[] = [];
    for (const file of ctx.sources.rollouts) {
      const why = WHY[file.head.status];
      const id = file.name?.id ?? null;
      if (why === undefined || (id !== null && !ctx.isSelected(id))) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'medium',
          threadId: id,
          summary: `${file.relPath} ${why}`,
          cause:
            'Codex fails to read it (`rollout at … is empty`, `does not start with session metadata`) and thread/list skips it, so the conversation cannot be resumed from this file.',
          evidence: [rolloutEvidence(file)],
        }),
      );
    }
    for (const file of ctx.sources.rollouts) {
      if (file.head.status !== 'ok' || file.head.format !== 'legacy' || !ctx.isSelected(file.head.id)) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'low',
          threadId: file.head.id,
          summary: `${file.relPath} is in the legacy format (before September 2025): no session_meta line`,
          cause:
            'Codex has written session_meta envelopes since about September 2025 and no longer reads this format: the state DB never indexes it and it cannot be resumed. Its content is still on disk.',
          evidence: [rolloutEvidence(file)],
        }),
      );
    }
    for (const file of ctx.sources.rollouts) {
      if (file.tail?.torn !== true || file.head.status !== 'ok' || !ctx.isSelected(file.head.id)) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'low',
          threadId: file.head.id,
          summary: `${file.relPath} ends in a torn line (a write was cut off)`,
          cause: 'Codex was stopped in the middle of appending. Codex skips the partial line, so only that last event is lost.',
          evidence: [rolloutEvidence(file)],
        }),
      );
    }
    return groupWhenMany(found, (n) => `${n} rollout files cannot be used (empty, damaged or not starting with session_meta)`, 20);
  },
};
