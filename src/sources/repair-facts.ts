import type { FoundRollout, RepairFacts, RowFacts } from '../model/repair.js';
import type { Report } from '../model/report.js';
import type { Sources } from './types.js';
import type { RolloutFile } from './rollouts/types.js';
import { inOpeningOrder } from './rollouts/opening-order.js';
import { readRowFacts } from './rollouts/row-facts.js';
import { readThreadColumnInfo } from './state-db/column-info.js';

/** What a repair plan needs from disk: the table's columns, and the rollouts of the conversations being repaired. */
export async function gatherRepairFacts(report: Report, sources: Sources): Promise<RepairFacts | null> {
  if (sources.stateDb.status !== 'ok' || report.inputs.codexHome === null) return null;
  const ids = new Set(report.findings.map((f) => f.threadId).filter((id): id is string => id !== null));
  const rollouts = new Map<string, FoundRollout>();
  const files = new Map<string, RolloutFile>();
  for (const file of inOpeningOrder(sources.rollouts)) {
    const id = file.head.status === 'ok' ? file.head.id : file.name?.id;
    if (id === undefined || !ids.has(id) || files.has(id)) continue;
    files.set(id, file);
    rollouts.set(id, { relPath: file.relPath, archived: file.root === 'archived_sessions' });
  }
  const rowFacts = new Map<string, RowFacts>();
  for (const f of report.findings) {
    if (f.kind !== 'missing-thread-row' || f.threadId === null) continue;
    const file = files.get(f.threadId);
    const facts = file === undefined ? null : await readRowFacts(file);
    if (facts !== null) rowFacts.set(f.threadId, facts);
  }
  return {
    database: sources.stateDb.path,
    schemaVersion: sources.stateDb.schemaVersion,
    columns: readThreadColumnInfo(sources.stateDb.path),
    rowFacts,
    rollouts,
    codexHome: report.inputs.codexHome,
    recordedHome: report.inputs.recordedHome,
    separator: process.platform === 'win32' ? '\\' : '/',
  };
}
