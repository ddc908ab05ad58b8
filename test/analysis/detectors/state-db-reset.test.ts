import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moveToDbBackup, writeUserState } from '../../builders/codex-home-files.js';
import { fileFingerprint } from '../../builders/fingerprint.js';
import type { RolloutSpec } from '../../builders/rollouts.js';
import { at, idAt, kinds, only, rowFor, run, writeDb, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();

const a = idAt(0, 'a');
const b = idAt(5, 'b');
const c = idAt(9, 'c');
const resetAt = at(60 * 24);
/** What the user set before the reset: two names, a pin, a section, a project. */
const USER_STATE = {
  names: { [a]: 'Invoice totals', [b]: 'Tax rounding' },
  pinned: [a],
  sections: [{ id: 'sec-1', name: 'Billing', threads: [b] }],
  projects: [{ id: 'proj-1', name: 'invoice-service', threads: [a, b] }],
};

function homeWithUserState(): { specs: RolloutSpec[]; backup: string } {
  const specs = [writeThreadRollout(s, a, 0), writeThreadRollout(s, b, 5), writeThreadRollout(s, c, 9)];
  writeDb(
    s,
    specs.map((spec) => rowFor(spec, s.home)),
    { schemaVersion: 59 },
  );
  writeUserState(join(s.home, 'state_5.sqlite'), USER_STATE);
  const backup = moveToDbBackup(join(s.home, 'state_5.sqlite'), resetAt);
  return { specs, backup };
}

describe('state-db-reset (C7: a corruption reset and what it lost)', () => {
  it('says what only the backup still holds: names, pins, sections and projects', async () => {
    const { specs, backup } = homeWithUserState();
    // The fresh database Codex made, refilled by backfill: rows, without what users set; c not yet rebuilt.
    writeDb(
      s,
      specs.slice(0, 2).map((spec) => rowFor(spec, s.home)),
      { schemaVersion: 59 },
    );
    const before = fileFingerprint(readdirSync(backup).map((f) => join(backup, f)));
    const report = await run(s);
    const [found] = only(report, 'state-db-reset');
    expect(found).toMatchObject({ severity: 'high', threadId: null, count: 9 });
    expect(found?.summary).toBe(
      `Codex reset the state DB on ${new Date(resetAt).toISOString()} (moved to db-backups/sqlite-${Math.floor(resetAt / 1000)}-0/): only the backup still holds 2 thread names, 1 pin, 1 section (1 thread in them), 1 project (2 threads in them); 1 threads row of the backup is not in the live DB yet`,
    );
    expect(found?.evidence.map((e) => e.text)).toEqual([
      "state DB moved aside by Codex's corruption reset",
      `thread ${a}: name "Invoice totals", pinned, project "invoice-service" only in the backup`,
      `thread ${b}: name "Tax rounding", section "Billing", project "invoice-service" only in the backup`,
    ]);
    expect(found?.evidence[0]?.file).toBe(join(backup, 'state_5.sqlite'));
    expect(found?.cause).toContain('sqlite3 -readonly');
    expect(fileFingerprint(readdirSync(backup).map((f) => join(backup, f)))).toEqual(before);
  });

  it('is low when the live DB has everything users set in the backup again', async () => {
    const { specs } = homeWithUserState();
    writeDb(
      s,
      specs.map((spec) => rowFor(spec, s.home)),
      { schemaVersion: 59 },
    );
    writeUserState(join(s.home, 'state_5.sqlite'), USER_STATE);
    const [found] = only(await run(s), 'state-db-reset');
    expect(found?.severity).toBe('low');
    expect(found?.summary).toMatch(/: the live DB has everything users set in the backup$/);
  });

  it('reports a reset whose backup cannot be read, and goes on', async () => {
    const specs = [writeThreadRollout(s, a, 0)];
    writeDb(
      s,
      specs.map((spec) => rowFor(spec, s.home)),
      { schemaVersion: 59 },
    );
    moveToDbBackup(join(s.home, 'state_5.sqlite'), resetAt, { damage: true });
    writeDb(
      s,
      specs.map((spec) => rowFor(spec, s.home)),
      { schemaVersion: 59 },
    );
    const report = await run(s);
    const [found] = only(report, 'state-db-reset');
    expect(found?.severity).toBe('medium');
    expect(found?.summary).toMatch(/the backup could not be read \(.+\), so what the reset lost is unknown$/);
    expect(kinds(report)).toEqual(['state-db-reset -']);
  });

  it('is quiet without db-backups/', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, a, 0), s.home)], { schemaVersion: 59 });
    expect(kinds(await run(s))).toEqual([]);
  });
});
