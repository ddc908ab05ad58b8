import { describe, expect, it } from 'vitest';
import { idAt, kinds, only, routed, rowFor, run, writeDb, writeLog, writeThreadRollout, useScenario } from '../scenario.js';
import { writeEmptyRollout } from '../../builders/rollouts.js';

const s = useScenario();

const lost = idAt(0, 'lost');
const kept = idAt(5, 'kept');

describe('missing-thread-row (F3)', () => {
  it('flags a rollout whose id has no row, pointing at the rollout', async () => {
    writeThreadRollout(s, lost, 0);
    const keptSpec = writeThreadRollout(s, kept, 5);
    writeDb(s, [rowFor(keptSpec, s.home)]);
    // The turn the rollout recorded (the scenario's rollouts hold one turn, 5 s in).
    writeLog(s, [routed(0.05, 'turn/start', lost)]);
    const report = await run(s);
    expect(kinds(report)).toEqual([`missing-thread-row ${lost}`]);
    const [finding] = only(report, 'missing-thread-row');
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toMatch(/has no threads row \(the Desktop log mentions it once\)/);
    expect(finding?.evidence[0]).toMatchObject({ source: 'rollout', line: 1 });
    expect(finding?.evidence[0]?.file).toContain(lost);
  });

  it('is low while the backfill is not complete (Codex may not have indexed the file yet)', async () => {
    writeThreadRollout(s, lost, 0);
    writeDb(s, [], { backfillStatus: 'running' });
    const [finding] = only(await run(s), 'missing-thread-row');
    expect(finding?.severity).toBe('low');
    expect(finding?.cause).toMatch(/backfill is 'running'/);
  });

  it('sees rows that are committed only in the -wal file', async () => {
    const spec = writeThreadRollout(s, lost, 0);
    writeDb(s, [], { walOnlyThreads: [rowFor(spec, s.home)] });
    const report = await run(s);
    expect(report.stats.rowsOnlyInWal).toBe(1);
    expect(report.findings).toEqual([]);
  });

  it('does not judge rows when there is no state DB, nor a file with no usable session_meta', async () => {
    writeThreadRollout(s, lost, 0);
    expect(only(await run(s), 'missing-thread-row')).toEqual([]);
    writeDb(s, []);
    writeEmptyRollout(s.home, { id: kept, startedAt: Date.parse('2026-05-03T08:05:00Z') });
    const report = await run(s);
    expect(kinds(report)).toEqual([`missing-thread-row ${lost}`, `unreadable-rollout ${kept}`]);
    expect(report.stats.problems.map((p) => p.what)).toContain('empty rollout files');
  });
});
