/**
 * The files newer Codex (after August 2026) keeps in its home beside the rollouts, written as upstream does
 * (upstream-delta-2026-12.md B2, B3, B5, B6): migration journals and staged files, the maintenance lock, writer locks,
 * corruption-reset backups and the queue database.
 */
import { copyFileSync, existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';

export type Instant = Date | number;

function touch(path: string, content = '', mtime?: Instant): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  if (mtime !== undefined) utimesSync(path, new Date(mtime), new Date(mtime));
  return path;
}

/** `rollout-migrations/<id>.pending`: the journal an interrupted migration leaves (its content is Codex's business). */
export function writeMigrationJournal(codexHome: string, threadId: string, mtime?: Instant): string {
  return touch(join(codexHome, 'rollout-migrations', `${threadId}.pending`), JSON.stringify({ thread_id: threadId, phase: 'published' }), mtime);
}

/** `.<rollout name>.paginated.tmp` beside the rollout at `rolloutPath`. */
export function writeStagedMigrationFile(rolloutPath: string, suffix: 'paginated' | 'decompressed' | 'paginated.zst' = 'paginated'): string {
  return touch(join(dirname(rolloutPath), `.${basename(rolloutPath)}.${suffix}.tmp`), '{"timestamp":"2026-09-01T00:00:00Z","type":"session_meta"');
}

export function writeMaintenanceLock(codexHome: string): string {
  return touch(join(codexHome, '.tmp', 'rollout-maintenance.lock'));
}

/** `thread-writer-locks/<id>.lock` and the coordination lock, empty as upstream leaves them. */
export function writeWriterLock(codexHome: string, threadId: string, mtime?: Instant): string {
  touch(join(codexHome, 'thread-writer-locks', '.coordination.lock'));
  return touch(join(codexHome, 'thread-writer-locks', `${threadId}.lock`), '', mtime);
}

/** Rows of `rollout_migration_state` and `rollout_migration_skipped_rollouts` (schema 0047+) in a built state DB. */
export function writeRolloutMigrationState(
  dbPath: string,
  spec: { lastCheckedThreadId: string | null; updatedAt: number; skipped?: { rolloutPath: string; reason: 'empty' | 'malformed_session_meta' }[] },
): void {
  const db = new Database(dbPath);
  try {
    db.prepare("INSERT INTO rollout_migration_state VALUES ('legacy_to_paginated_v1', ?, ?, ?)").run(
      spec.updatedAt - 60,
      spec.lastCheckedThreadId,
      spec.updatedAt,
    );
    const skip = db.prepare("INSERT INTO rollout_migration_skipped_rollouts VALUES ('legacy_to_paginated_v1', ?, 0, 0, ?, ?)");
    for (const s of spec.skipped ?? []) skip.run(s.rolloutPath, s.reason, spec.updatedAt);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Sets the user-made state of a built state DB (schema 59): names, pins, sections, projects. */
export function writeUserState(
  dbPath: string,
  spec: {
    names?: Record<string, string>;
    pinned?: string[];
    sections?: { id: string; name: string; threads: string[] }[];
    projects?: { id: string; name: string; threads: string[] }[];
  },
): void {
  const db = new Database(dbPath);
  try {
    for (const [id, name] of Object.entries(spec.names ?? {})) db.prepare('UPDATE threads SET name = ? WHERE id = ?').run(name, id);
    for (const id of spec.pinned ?? []) db.prepare('UPDATE threads SET is_pinned = 1 WHERE id = ?').run(id);
    spec.sections?.forEach((s, i) => {
      db.prepare('INSERT INTO thread_sections (id, name) VALUES (?, ?)').run(s.id, s.name);
      for (const id of s.threads) db.prepare('UPDATE threads SET thread_section_id = ?, section_position = ? WHERE id = ?').run(s.id, (i + 1) * 1_000_000, id);
    });
    spec.projects?.forEach((p, i) => {
      db.prepare("INSERT INTO projects (id, name, metadata, position, created_at_ms, updated_at_ms) VALUES (?, ?, '{}', ?, 1777795200000, 1777795200000)").run(
        p.id,
        p.name,
        i,
      );
      for (const id of p.threads) db.prepare('UPDATE threads SET project_id = ? WHERE id = ?').run(p.id, id);
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/**
 * Codex's corruption reset (state/src/runtime/recovery.rs): the damaged DB and its -wal/-shm moved to
 * `<sqlite home>/db-backups/sqlite-<unix secs>-<n>/`. `damage` overwrites the moved file's header, as a corrupt file
 * would look; by default the backup stays readable (often the damage is in pages a read never touches).
 */
export function moveToDbBackup(dbPath: string, at: Instant, opts: { n?: number; damage?: boolean } = {}): string {
  const secs = Math.floor((typeof at === 'number' ? at : at.getTime()) / 1000);
  const dir = join(dirname(dbPath), 'db-backups', `sqlite-${secs}-${opts.n ?? 0}`);
  mkdirSync(dir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(`${dbPath}${suffix}`)) copyFileSync(`${dbPath}${suffix}`, join(dir, `${basename(dbPath)}${suffix}`));
  }
  if (opts.damage) writeFileSync(join(dir, basename(dbPath)), 'damaged: not a database any more');
  return dir;
}

/** `queue_1.sqlite` `queued_items` (upstream #36952, #39034): messages queued for a thread, not yet sent as turns. */
export function buildQueueDb(sqliteHome: string, items: { threadId: string; text: string; createdAtMs: number }[]): string {
  const path = join(sqliteHome, 'queue_1.sqlite');
  mkdirSync(sqliteHome, { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // codex-rs/state/queue_migrations/0001 and 0002 at upstream 343074d.
    db.exec(`CREATE TABLE queued_items (
    id TEXT PRIMARY KEY NOT NULL,
    thread_id TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    queue_order INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
)`);
    db.exec('CREATE UNIQUE INDEX queued_items_thread_order_idx\n    ON queued_items(thread_id, queue_order)');
    db.exec('CREATE TABLE queued_thread_revisions (\n    revision INTEGER PRIMARY KEY AUTOINCREMENT,\n    thread_id TEXT NOT NULL UNIQUE\n)');
    const insert = db.prepare('INSERT INTO queued_items VALUES (?, ?, ?, ?, ?, ?)');
    items.forEach((item, i) => {
      const payload = JSON.stringify({ type: 'userMessage', input: [{ type: 'text', text: item.text }] });
      insert.run(`q-${i}`, item.threadId, payload, i, item.createdAtMs, item.createdAtMs);
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return path;
}
