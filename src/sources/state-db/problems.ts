import { basename } from 'node:path';
import type { ProblemCount } from '../../model/report.js';
import type { StateDbRead } from './types.js';
import { NEWEST_KNOWN_SCHEMA } from './user-state.js';

/** What the state DB's reader could not use: a -wal/-shm left without its database, or columns newer than it knows. */
export function stateDbProblems(db: StateDbRead): ProblemCount[] {
  return [...leftovers(db), ...newerSchema(db)];
}

/** A `-wal`/`-shm` without its database holds rows no reader can use: said as an input problem, with its shape. */
function leftovers(db: StateDbRead): ProblemCount[] {
  if (db.status !== 'missing' || db.leftovers === undefined) return [];
  const names = db.leftovers.map((p) => basename(p)).join(' and ');
  return [
    {
      what: `${names} without ${basename(db.path)} (a .gitignore of *.sqlite leaves this shape): the threads rows are not there to read`,
      count: 1,
      examples: db.leftovers,
    },
  ];
}

function newerSchema(db: StateDbRead): ProblemCount[] {
  if (db.status !== 'ok' || db.schemaVersion === null || db.schemaVersion <= NEWEST_KNOWN_SCHEMA) return [];
  return [
    {
      what: `state DB schema ${db.schemaVersion} is newer than the newest codex-logs knows (${NEWEST_KNOWN_SCHEMA}): columns added since are not read`,
      count: 1,
      examples: [db.path],
    },
  ];
}
