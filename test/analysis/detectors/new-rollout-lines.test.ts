import { describe, expect, it } from 'vitest';
import { findRollouts } from '../../../src/sources/rollouts/discover.js';
import { readRolloutEvents } from '../../../src/sources/rollouts/read-events.js';
import { readRowFacts } from '../../../src/sources/rollouts/row-facts.js';
import { at, idAt, kinds, rowFor, run, writeDb, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();
const id = idAt(0, 'scored');

/** Lines of Codex after August 2026 (upstream-delta B9): `security_risk_score` (#38363) and a line-level `metadata`. */
function withNewLines(lines: string[]): string[] {
  const risk = JSON.stringify({
    timestamp: new Date(at(0) + 9_000).toISOString(),
    type: 'security_risk_score',
    payload: { turn_id: 't1', score: 0.12, model: 'risk-1' },
  });
  const tagged = lines.map((line) => {
    const value = JSON.parse(line) as { type: string };
    return value.type === 'response_item' ? JSON.stringify({ ...value, metadata: { turn_id: 't1', source: 'model' } }) : line;
  });
  return [...tagged, risk];
}

describe('rollout lines of Codex after August 2026', () => {
  it('reads security_risk_score lines and line-level metadata without a finding or a problem count', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, id, 0, { rawLines: withNewLines }), s.home)]);
    const report = await run(s);
    expect(kinds(report)).toEqual([]);
    expect(report.stats.problems).toEqual([]);
    const rollouts = await findRollouts(s.home);
    const file = rollouts.files[0]!;
    expect(file.tail?.torn).toBe(false);
    const events = await readRolloutEvents(file, id, { includeContent: false });
    expect([events.badLines, events.longLines]).toEqual([0, 0]);
    expect(events.events.map((e) => e.kind)).toEqual(['turn-started', 'user-message', 'turn-complete']);
  });

  it('rebuilds a lost row from such a rollout as from any other', async () => {
    writeThreadRollout(s, id, 0, { rawLines: withNewLines });
    writeDb(s, []);
    expect(kinds(await run(s))).toEqual([`missing-thread-row ${id}`]);
    const rollouts = await findRollouts(s.home);
    const facts = await readRowFacts(rollouts.files[0]!);
    expect(facts).toMatchObject({ id, firstUserMessage: 'hi' });
  });
});
