import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Sources } from '../../sources/types.js';
import { redact } from '../../render/redact.js';
import { BUNDLE_HOME, BUNDLE_LOGS, type Manifest, type ManifestFile } from '../../sources/bundle/layout.js';
import { sha256Of } from '../../sources/bundle/open.js';
import { STATE_DB_FILE_NAME } from '../../sources/state-db/locate.js';
import { cutLines, desktopLogRule, MAX_LINE_CHARS, historyRule, sessionIndexRule, tuiLogRule, type LineRule } from './cut-lines.js';
import { cutRollout } from './cut-rollout.js';
import { MIGRATION_JOURNAL_DIR } from '../../sources/rollout-migration/read.js';
import { SIDEBAR_CATALOG_REL_PATH } from '../../sources/sidebar-catalog/read.js';
import { WRITER_LOCK_DIR } from '../../sources/writer-locks/read.js';
import { snapshotDatabase, type SnapshotOptions } from './snapshot-db.js';

/** What the sidebar-catalog reader reads (src/sources/sidebar-catalog/read.ts): the rest of Desktop's database stays home. */
const SIDEBAR_CATALOG_KEPT: NonNullable<SnapshotOptions['keepOnly']> = {
  local_thread_catalog: ['thread_id', 'host_id', 'missing_candidate'],
  local_thread_catalog_sync_state: ['host_id', 'initial_build_complete', 'watermark_updated_at', 'last_full_reconciled_at'],
};

export interface StageOptions {
  /** The folder the bundle's tree is written into (private, empty). */
  stage: string;
  sources: Sources;
  /** Desktop log files found under LOGS_DIR, and that folder (or file). */
  logFiles: readonly string[];
  logsRoot: string | null;
  window: Manifest['window'];
  includeContent: boolean;
  onStep: (what: string) => void;
}

export interface Staged {
  /** Bundle path → origin and cut, for MANIFEST.json. */
  entries: Map<string, { origin: string | null; cut: string | null }>;
  leftOut: Manifest['leftOut'];
  counts: { databases: string[]; logFiles: number; logLines: number; rollouts: number };
}

/** Writes the bundle's tree: database snapshots, cut rollouts and logs, the home's small files. Reads only. */
export async function stageBundle(opts: StageOptions): Promise<Staged> {
  const staged: Staged = { entries: new Map(), leftOut: [], counts: { databases: [], logFiles: 0, logLines: 0, rollouts: 0 } };
  const home = join(opts.stage, BUNDLE_HOME);
  mkdirSync(home, { recursive: true });
  mkdirSync(join(opts.stage, BUNDLE_LOGS), { recursive: true });
  const { sources } = opts;
  const note = (what: string, count: number, why: string) => {
    if (count > 0) staged.leftOut.push({ what, count, why });
  };
  const record = (inBundle: string, origin: string | null, cut: string | null, mtimeMs: number | null) => {
    if (mtimeMs !== null) utimesSync(inBundle, new Date(mtimeMs), new Date(mtimeMs));
    staged.entries.set(bundlePath(opts.stage, inBundle), { origin: origin === null ? null : redact(origin), cut });
  };

  await stageDatabases(opts, home, staged, record, note);
  if (sources.inputs.codexHomeFound && sources.inputs.codexHome !== null) await stageHome(opts, sources.inputs.codexHome, home, staged, record, note);
  await stageDesktopLogs(opts, staged, record, note);
  return staged;
}

type RecordFile = (inBundle: string, origin: string | null, cut: string | null, mtimeMs: number | null) => void;
type NoteLeftOut = (what: string, count: number, why: string) => void;

async function stageDatabases(opts: StageOptions, home: string, staged: Staged, record: RecordFile, note: NoteLeftOut): Promise<void> {
  const { inputs } = opts.sources;
  if (inputs.stateDb === null) return;
  const databases: string[] = [];
  if (inputs.stateDbStatus === 'ok') databases.push(inputs.stateDb);
  else if (inputs.stateDbStatus === 'unreadable') {
    // An empty file reads back as unreadable too, so the bundle still says the state DB was there and broken.
    const dest = join(home, STATE_DB_FILE_NAME);
    writeFileSync(dest, '', { mode: 0o600 });
    record(dest, inputs.stateDb, 'empty stand-in: the original could not be read, so no snapshot could be made', null);
  }
  if (opts.sources.threadHistory.path !== null && opts.sources.threadHistory.error === null) databases.push(opts.sources.threadHistory.path);
  databases.push(...opts.sources.logDb.files);
  if (opts.sources.queueDb?.path != null && opts.sources.queueDb.error == null) databases.push(opts.sources.queueDb.path);
  note('log databases', opts.sources.logDb.unreadable.length, 'they could not be read');
  // Where each database lives in the bundle's home: beside the state DB, or at its own place (the sidebar catalog,
  // the state DBs a corruption reset moved to db-backups/), so that reading the bundle finds them where Codex does.
  const placed: { from: string; to: string; keepOnly?: SnapshotOptions['keepOnly'] }[] = databases.map((db) => ({ from: db, to: join(home, basename(db)) }));
  const catalog = opts.sources.sidebarCatalog;
  if (catalog !== null && catalog !== undefined && catalog.status === 'ok')
    placed.push({ from: catalog.path, to: join(home, ...SIDEBAR_CATALOG_REL_PATH.split('/')), keepOnly: SIDEBAR_CATALOG_KEPT });
  for (const backup of opts.sources.stateDbBackups ?? []) {
    if (backup.dbPath === null || backup.status !== 'ok') continue;
    placed.push({ from: backup.dbPath, to: join(home, 'db-backups', basename(backup.dir), basename(backup.dbPath)) });
  }
  for (const { from: db, to: dest, keepOnly } of placed) {
    opts.onStep(`snapshot of ${basename(db)}`);
    mkdirSync(dirname(dest), { recursive: true });
    const snap = await snapshotDatabase(db, dest, { includeContent: opts.includeContent, ...(keepOnly === undefined ? {} : { keepOnly }) });
    const blanked = Object.entries(snap.blanked).map(([column, n]) => `${column} (${n})`);
    const cut = [
      `online-backup snapshot${snap.walIncluded ? ' including the -wal' : ''}`,
      blanked.length > 0 ? `content left out of ${blanked.join(', ')}` : null,
      snap.redactedCells > 0 ? `${snap.redactedCells} text cells redacted` : null,
      snap.droppedTables.length > 0 ? `full-text tables dropped: ${snap.droppedTables.join(', ')}` : null,
    ].filter((p): p is string => p !== null);
    record(dest, db, cut.join('; '), null);
    staged.counts.databases.push(basename(db));
  }
}

async function stageHome(opts: StageOptions, codexHome: string, home: string, staged: Staged, record: RecordFile, note: NoteLeftOut): Promise<void> {
  const { sources } = opts;
  const stats = sources.rolloutStats;
  for (const root of ['sessions', 'archived_sessions'] as const) {
    if ((root === 'sessions' ? stats?.sessionsRootExists : stats?.archivedRootExists) === true) mkdirSync(join(home, root), { recursive: true });
  }
  opts.onStep(`${sources.rollouts.length} rollouts`);
  let unreadable = 0;
  for (const file of sources.rollouts) {
    const cut = await cutRollout(file, { includeContent: opts.includeContent });
    if (cut.bytes === null) {
      unreadable += 1;
      continue;
    }
    const dest = join(home, safeRelative(file.relPath));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, cut.bytes, { mode: 0o600 });
    record(dest, file.path, cut.cut, file.mtimeMs);
    staged.counts.rollouts += 1;
  }
  note('rollouts', unreadable, 'their first line could not be read');
  note('other files in the rollout folders', stats?.otherFiles ?? 0, 'not rollouts (counted by analyze; Codex temporary files are kept empty)');
  // Codex's temporary files and compression lock matter by name and age only (F22).
  for (const rel of stats?.tempFiles ?? []) emptyStandIn(join(codexHome, rel), join(home, safeRelative(rel)), record);
  const lock = sources.home?.compressionLock;
  if (lock) emptyStandIn(lock.path, join(home, '.tmp', 'rollout-compression.lock'), record);
  // So do the paginated migration's journals and lock, and the thread writers' locks (an interrupted migration, the
  // holder of a thread).
  for (const journal of sources.rolloutMigration?.journals ?? []) emptyStandIn(journal.path, join(home, MIGRATION_JOURNAL_DIR, basename(journal.path)), record);
  const maintenance = sources.rolloutMigration?.maintenanceLock;
  if (maintenance) emptyStandIn(maintenance.path, join(home, '.tmp', basename(maintenance.path)), record);
  for (const writer of sources.writerLocks?.values() ?? []) emptyStandIn(writer.path, join(home, WRITER_LOCK_DIR, basename(writer.path)), record);
  // A row whose path is a folder inside the home (F6) needs that folder to exist in the copy too.
  for (const check of sources.rowPaths) {
    if (check.kind !== 'directory' || check.resolved === null) continue;
    const rel = relative(codexHome, check.resolved);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
    mkdirSync(join(home, safeRelative(rel.split(sep).join('/'))), { recursive: true });
  }
  const lineFiles: [string | null | undefined, string, LineRule, string][] = [
    [
      sources.home?.sessionIndex?.path,
      'session_index.jsonl',
      sessionIndexRule(opts.includeContent),
      opts.includeContent ? 'redacted' : 'thread names left out',
    ],
    [sources.history.path, 'history.jsonl', historyRule(opts.includeContent), opts.includeContent ? 'redacted' : 'prompt text left out'],
    ...sources.tuiStats.files.map((f): [string, string, LineRule, string] => [
      f,
      `log/${basename(f)}`,
      tuiLogRule(opts.includeContent),
      'only entries that name a conversation, redacted',
    ]),
  ];
  for (const [from, rel, rule, why] of lineFiles) {
    if (from === null || from === undefined) continue;
    const dest = join(home, rel);
    mkdirSync(dirname(dest), { recursive: true });
    const cut = await cutLines(from, dest, rule);
    record(dest, from, `${why}; ${cut.kept} lines kept, ${cut.dropped + cut.tooLong} left out${tooLong(cut.tooLong)}`, mtimeOf(from));
  }
}

async function stageDesktopLogs(opts: StageOptions, staged: Staged, record: RecordFile, note: NoteLeftOut): Promise<void> {
  opts.onStep(`${opts.logFiles.length} Desktop log files`);
  let outside = 0;
  for (const file of opts.logFiles) {
    const rel = opts.logsRoot === null || opts.logsRoot === file ? basename(file) : relative(opts.logsRoot, file).split(sep).join('/');
    const dest = join(opts.stage, BUNDLE_LOGS, safeRelative(redact(rel)));
    mkdirSync(dirname(dest), { recursive: true });
    const cut = await cutLines(file, dest, desktopLogRule(opts.window));
    if (cut.kept === 0) {
      rmSync(dest);
      outside += 1;
      continue;
    }
    staged.counts.logFiles += 1;
    staged.counts.logLines += cut.kept;
    record(dest, file, `${cut.dropped > 0 ? `${cut.dropped} lines outside the window left out; ` : ''}redacted${tooLong(cut.tooLong)}`, mtimeOf(file));
  }
  note('Desktop log files', outside, 'no time-stamped line in the window');
}

function tooLong(lines: number): string {
  return lines > 0 ? `; ${lines} lines longer than ${MAX_LINE_CHARS} characters left out` : '';
}

function emptyStandIn(from: string, dest: string, record: RecordFile): void {
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, '', { mode: 0o600 });
  record(dest, from, 'empty stand-in: only its name and age matter', mtimeOf(from));
}

/** A relative path with no way out of the folder it is joined to (names come from the user's disk). */
function safeRelative(rel: string): string {
  return rel
    .split('/')
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .join('/');
}

function bundlePath(stage: string, path: string): string {
  return relative(stage, path).split(sep).join('/');
}

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** Every file of the staged tree with its size and sha256, sorted by path. */
export async function manifestFiles(stage: string, entries: Staged['entries']): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const path of walk(stage)) {
    const rel = bundlePath(stage, path);
    const known = entries.get(rel);
    files.push({ path: rel, size: statSync(path).size, sha256: await sha256Of(path), origin: known?.origin ?? null, cut: known?.cut ?? null });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
