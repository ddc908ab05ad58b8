import type { StateDbBackup } from '../../sources/state-db-backups/read.js';
import type { UserState } from '../../sources/state-db/user-state.js';
import type { Evidence, Finding, FindingKind, Severity } from '../../model/finding.js';
import type { AnalysisContext } from '../context.js';
import { finding, MAX_EVIDENCE, type Detector } from './detector.js';

const EMPTY: UserState = { threads: new Map(), sections: new Map(), projects: new Map() };

/**
 * C7: Codex reset its state DB after finding it damaged: the old file sits in `db-backups/sqlite-<secs>-<n>/`, the
 * live one was started empty and refilled by backfill. Rows come back from the rollouts; what users set (names, pins,
 * sections, projects) does not. Compares each backup with the live DB and says what only the backup still holds.
 */
export const stateDbReset: Detector = {
  kind: 'state-db-reset',
  detect(ctx) {
    const backups = ctx.sources.stateDbBackups ?? [];
    return backups.map((backup) => describe(this.kind, ctx, backup));
  },
};

interface Lost {
  names: number;
  pins: number;
  sectionMembers: number;
  projectMembers: number;
  sections: string[];
  projects: string[];
  examples: string[];
  rowsGone: number;
}

function describe(kind: FindingKind, ctx: AnalysisContext, backup: StateDbBackup): Finding {
  const when = backup.movedAtMs === null ? '' : ` on ${new Date(backup.movedAtMs).toISOString()}`;
  const folder = `${backup.dir.split(/[\\/]/).slice(-2).join('/')}/`;
  const evidence: Evidence[] = [
    {
      source: 'codex-home',
      file: backup.dbPath ?? backup.dir,
      line: 0,
      ts: backup.movedAtMs,
      text: `state DB moved aside by Codex's corruption reset${backup.dbPath === null ? ' (no state DB inside)' : ''}`,
    },
  ];
  const cause =
    'Codex found its local database damaged (`database disk image is malformed`, `file is not a database`, or a failed quick_check), moved it with its -wal/-shm into db-backups/ and started with an empty one (openai/codex#24006, openai/codex#40652). Backfill rebuilds rows from the rollouts; names, pins, sections and projects are not in the rollouts and stay only in the backup.';
  if (backup.status !== 'ok') {
    return finding({
      kind,
      severity: 'medium',
      threadId: null,
      summary: `Codex reset the state DB${when} (moved to ${folder}); the backup ${backup.status === 'no-state-db' ? 'holds no state DB' : `could not be read (${backup.error})`}, so what the reset lost is unknown`,
      cause,
      evidence,
    });
  }
  const live = ctx.stateDb.status === 'ok' ? (ctx.stateDb.userState ?? EMPTY) : EMPTY;
  const lost = compare(backup.userState ?? EMPTY, live, backup.threadIds, new Set(ctx.rowsById.keys()));
  const parts = [
    plural(lost.names, 'thread name'),
    plural(lost.pins, 'pin'),
    lost.sectionMembers > 0 || lost.sections.length > 0
      ? `${plural(lost.sections.length, 'section')} (${plural(lost.sectionMembers, 'thread')} in them)`
      : null,
    lost.projectMembers > 0 || lost.projects.length > 0
      ? `${plural(lost.projects.length, 'project')} (${plural(lost.projectMembers, 'thread')} in them)`
      : null,
  ].filter((p): p is string => p !== null && !p.startsWith('0 '));
  const userLoss = lost.names + lost.pins + lost.sectionMembers + lost.projectMembers + lost.sections.length + lost.projects.length;
  const rows = lost.rowsGone > 0 ? `; ${plural(lost.rowsGone, 'threads row')} of the backup ${lost.rowsGone === 1 ? 'is' : 'are'} not in the live DB yet` : '';
  const severity: Severity = userLoss > 0 ? 'high' : lost.rowsGone > 0 ? 'medium' : 'low';
  for (const text of lost.examples.slice(0, MAX_EVIDENCE - 1)) evidence.push({ source: 'codex-home', file: backup.dbPath!, line: 0, ts: null, text });
  return finding({
    kind,
    severity,
    threadId: null,
    count: Math.max(1, userLoss + lost.rowsGone),
    summary: `Codex reset the state DB${when} (moved to ${folder}): ${parts.length > 0 ? `only the backup still holds ${parts.join(', ')}` : 'the live DB has everything users set in the backup'}${rows}`,
    cause:
      userLoss > 0
        ? `${cause} To restore them, quit Codex and copy them from the backup (read-only: \`sqlite3 -readonly <backup> "SELECT id, name, is_pinned, thread_section_id, project_id FROM threads"\`, then the matching UPDATEs on the live DB, with its thread_sections and projects rows first).`
        : cause,
    evidence,
  });
}

function compare(backup: UserState, live: UserState, backupIds: ReadonlySet<string>, liveIds: ReadonlySet<string>): Lost {
  const lost: Lost = { names: 0, pins: 0, sectionMembers: 0, projectMembers: 0, sections: [], projects: [], examples: [], rowsGone: 0 };
  for (const [id, was] of backup.threads) {
    const now = live.threads.get(id);
    const missing: string[] = [];
    if (was.name !== null && (now?.name ?? null) === null) {
      lost.names += 1;
      missing.push(`name ${JSON.stringify(was.name)}`);
    }
    if (was.pinned && !(now?.pinned ?? false)) {
      lost.pins += 1;
      missing.push('pinned');
    }
    if (was.sectionId !== null && (now?.sectionId ?? null) === null) {
      lost.sectionMembers += 1;
      missing.push(`section ${JSON.stringify(backup.sections.get(was.sectionId) ?? was.sectionId)}`);
    }
    if (was.projectId !== null && (now?.projectId ?? null) === null) {
      lost.projectMembers += 1;
      missing.push(`project ${JSON.stringify(backup.projects.get(was.projectId) ?? was.projectId)}`);
    }
    if (missing.length > 0) lost.examples.push(`thread ${id}: ${missing.join(', ')} only in the backup`);
  }
  for (const [id, name] of backup.sections) if (!live.sections.has(id)) lost.sections.push(name);
  for (const [id, name] of backup.projects) if (!live.projects.has(id)) lost.projects.push(name);
  for (const id of backupIds) if (!liveIds.has(id)) lost.rowsGone += 1;
  return lost;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
