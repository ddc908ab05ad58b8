import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { sqliteDriver } from '../sources/sqlite-driver.js';
import type { RepairPlan } from '../model/repair.js';
import { UsageError } from '../util/errors.js';

export interface ApplyResult {
  backups: string[];
  applied: number;
}

/**
 * Executes a repair plan: only when no other process holds the database, only after a timestamped backup of the
 * database and its `-wal`/`-shm` beside the originals, and inside one transaction (all steps or none).
 */
export function applyRepairPlan(plan: RepairPlan, opts: { now?: Date; checkProcesses?: boolean } = {}): ApplyResult {
  if (plan.steps.length === 0) return { backups: [], applied: 0 };
  if (opts.checkProcesses !== false) refuseIfCodexRuns();
  const db = new (sqliteDriver())(plan.database, { fileMustExist: true, timeout: 0 });
  try {
    try {
      // The write lock first: if Codex holds the database, nothing is copied or changed.
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
        throw new UsageError(`${basename(plan.database)} is in use by another process (is Codex running?): quit Codex and run repair --apply again`);
      }
      throw err;
    }
    let backups: string[];
    try {
      backups = backUp(plan.database, opts.now ?? new Date());
      for (const step of plan.steps) {
        const result = db.prepare(step.sql).run(...step.params);
        if (result.changes !== 1) throw new UsageError(`repair of ${step.threadId} changed ${result.changes} rows instead of 1; nothing was changed`);
      }
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
    return { backups, applied: plan.steps.length };
  } finally {
    db.close();
  }
}

/** `state_5.sqlite.codex-logs-backup-20261124T160501Z`, and the same suffix for `-wal` and `-shm`. */
function backUp(dbPath: string, now: Date): string[] {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const copies: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    const source = `${dbPath}${suffix}`;
    if (!existsSync(source)) continue;
    const target = `${source}.codex-logs-backup-${stamp}`;
    copyFileSync(source, target);
    copies.push(target);
  }
  return copies;
}

/** A running Codex (Desktop's app-server, the CLI or the IDE extension) may hold rows in memory it will write back. */
function refuseIfCodexRuns(): void {
  const running = runningCodexProcesses();
  if (running.length > 0) {
    throw new UsageError(`Codex is running (${running.slice(0, 3).join(', ')}): quit it before repair --apply, so it cannot overwrite the repair`);
  }
}

function runningCodexProcesses(): string[] {
  if (process.platform === 'win32') return [];
  try {
    const out = execFileSync('ps', ['-A', '-o', 'comm='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out
      .split('\n')
      .map((line) => basename(line.trim()))
      .filter((name) => /^codex(-app-server)?$|^Codex( Helper.*)?$/.test(name));
  } catch {
    // No `ps` (minimal containers): the database lock check still stands.
    return [];
  }
}
