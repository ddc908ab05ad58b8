import { describe, expect, it } from 'vitest';
import { GROUP_ABOVE, groupByCause, ungrouped } from '../../src/analysis/group-by-cause.js';
import type { Finding } from '../../src/model/finding.js';
import { makeFinding } from '../render/report-factory.js';

const id = (n: number) => `019decfe-a771-7380-ac92-${String(n).padStart(12, '0')}`;
const many = (n: number, extra: Partial<Finding> = {}) =>
  Array.from({ length: n }, (_, i) => makeFinding({ kind: 'missing-rollout-file', severity: 'high', threadId: id(i), summary: `row ${i}`, ...extra }));

describe('groupByCause', () => {
  it('merges more than ten findings of one kind, severity and cause into one, at any severity', () => {
    for (const severity of ['critical', 'high', 'medium'] as const) {
      const [group, ...rest] = groupByCause(many(GROUP_ABOVE + 1, { severity }));
      expect(rest).toEqual([]);
      expect(group).toMatchObject({ kind: 'missing-rollout-file', severity, threadId: null, count: GROUP_ABOVE + 1 });
      expect(group!.threadIds).toEqual(Array.from({ length: GROUP_ABOVE + 1 }, (_, i) => id(i)));
      expect(group!.summary).toBe('11 conversations with the same cause; the first: row 0');
      expect(ungrouped([group!])).toEqual(many(GROUP_ABOVE + 1, { severity }));
    }
  });

  it('leaves ten alone, and keeps apart what differs in cause, severity or explanation', () => {
    expect(groupByCause(many(GROUP_ABOVE))).toEqual(many(GROUP_ABOVE));
    const mixed = [...many(6, { cause: 'a' }), ...many(6, { cause: 'b' }), ...many(6, { severity: 'medium' })];
    expect(groupByCause(mixed)).toHaveLength(18);
    const explained = [...many(6), ...many(6, { explainedBy: { kind: 'unpersisted-conversation', threadId: id(1) } })];
    expect(groupByCause(explained)).toHaveLength(12);
  });

  it('keeps findings that are not about one conversation, and the order of the rest', () => {
    const global = makeFinding({ kind: 'backfill-incomplete', threadId: null, count: 1 });
    const out = groupByCause([global, ...many(12), makeFinding({ kind: 'time-skew', threadId: id(99) })]);
    expect(out.map((f) => f.kind)).toEqual(['backfill-incomplete', 'missing-rollout-file', 'time-skew']);
  });
});
