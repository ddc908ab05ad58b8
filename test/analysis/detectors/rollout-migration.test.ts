import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rolloutRelPath } from '../../builders/rollouts.js';
import {
  writeMaintenanceLock,
  writeMigrationJournal,
  writeRolloutMigrationState,
  writeStagedMigrationFile,
  writeWriterLock,
} from '../../builders/codex-home-files.js';
import { at, idAt, kinds, only, rowFor, run, writeDb, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();

const migrated = idAt(0, 'migrated');
const other = idAt(5, 'other');

function schema59Home(): { migratedPath: string } {
  const a = writeThreadRollout(s, migrated, 0, { metaExtra: { history_mode: 'paginated' } });
  const b = writeThreadRollout(s, other, 5);
  writeDb(s, [rowFor(a, s.home, { historyMode: 'paginated' }), rowFor(b, s.home)], { schemaVersion: 59 });
  return { migratedPath: join(s.home, rolloutRelPath(a)) };
}

describe('state DB at schema 0059 and the paginated rollout migration (B2, B4, C11)', () => {
  it('reads a schema-59 home whose migration finished, with its locks, without a finding or a problem', async () => {
    schema59Home();
    writeRolloutMigrationState(join(s.home, 'state_5.sqlite'), {
      lastCheckedThreadId: other,
      updatedAt: Math.floor(at(60) / 1000),
      skipped: [{ rolloutPath: `${s.home}/sessions/x.jsonl`, reason: 'empty' }],
    });
    writeMaintenanceLock(s.home);
    writeWriterLock(s.home, migrated);
    const report = await run(s);
    expect(report.inputs.stateDbSchemaVersion).toBe(59);
    expect(kinds(report)).toEqual([]);
    expect(report.stats.problems).toEqual([]);
  });

  it('flags a migration whose journal is still there, with its staged file', async () => {
    const { migratedPath } = schema59Home();
    const journal = writeMigrationJournal(s.home, migrated, at(61));
    const staged = writeStagedMigrationFile(migratedPath);
    const report = await run(s);
    const [found] = only(report, 'rollout-migration-interrupted');
    expect(found).toMatchObject({ severity: 'medium', threadId: migrated });
    expect(found?.evidence.map((e) => [e.source, e.file])).toEqual([
      ['codex-home', journal],
      ['rollout', staged],
      ['state-db', join(s.home, 'state_5.sqlite')],
    ]);
    // The staged file is also debris of an interrupted rewrite, as compression leaves.
    expect(kinds(report)).toEqual(['compression-debris -', `rollout-migration-interrupted ${migrated}`]);
  });

  it('counts a state DB newer than the newest schema it knows', async () => {
    schema59Home();
    const db = new Database(join(s.home, 'state_5.sqlite'));
    db.prepare("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (60, 'future', 1, x'00', 1)").run();
    db.close();
    const report = await run(s);
    expect(report.stats.problems.map((p) => p.what)).toEqual([
      'state DB schema 60 is newer than the newest codex-logs knows (59): columns added since are not read',
    ]);
    expect(kinds(report)).toEqual([]);
  });
});
