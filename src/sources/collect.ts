import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import type { Inputs, SourceRead } from '../model/report.js';
import { UsageError } from '../util/errors.js';
import { isFile } from '../util/path-kind.js';
import { defaultDesktopLogDirs } from './desktop-log/discover.js';
import { chooseCodexHome, type CodexHomeChoice, homeBelow } from './home/discover.js';
import { readHomeExtras } from './home/extras.js';
import { detectRecordedHomes } from './home/reroot.js';
import { checkRowPaths, rowPathProblems } from './home/row-paths.js';
import { shareRowStrings } from './intern.js';
import { readRolloutMigrationFiles } from './rollout-migration/read.js';
import { findRollouts } from './rollouts/discover.js';
import { rolloutProblems } from './rollouts/problems.js';
import { readSidebarCatalog, sidebarCatalogProblems } from './sidebar-catalog/read.js';
import { readStateDbBackups } from './state-db-backups/read.js';
import { stateDbProblems } from './state-db/problems.js';
import { readStateDb } from './state-db/read.js';
import type { StateDbRead } from './state-db/types.js';
import { readThreadHistory, threadHistoryProblems } from './thread-history/read.js';
import type { Sources } from './types.js';
import { readWriterLocks } from './writer-locks/read.js';

/** Where to read from, as the command line names it. */
export interface InputOptions {
  /** LOGS_DIR as given on the command line, or null for the platform's Desktop log folder. */
  logsDir: string | null;
  codexHome: string | null;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

export interface LogsDirChoice {
  path: string | null;
  origin: Inputs['logsDirOrigin'];
}

export interface ChosenInputs {
  logs: LogsDirChoice;
  codexHome: CodexHomeChoice;
}

/** The logs folder and the Codex home to read. Throws UsageError only for inputs the user named that do not exist. */
export function chooseInputs(opts: InputOptions): ChosenInputs {
  const home = opts.home ?? homedir();
  const logs = chooseLogsDir(opts, home);
  const codexHome = chooseCodexHome({ argument: opts.codexHome, logsDir: logs.path, env: opts.env, home });
  if (opts.codexHome !== null && !codexHome.exists)
    throw new UsageError(
      `--codex-home ${opts.codexHome}: ${isFile(opts.codexHome) ? 'a file, not a folder (give the folder that holds state_5.sqlite and sessions/)' : 'no such directory'}`,
    );
  return { logs, codexHome };
}

/** What the Codex home holds besides its logs, read after them (log-index/collect.ts reads the logs). */
export type HomeReads = Pick<
  Sources,
  | 'inputs'
  | 'stateDb'
  | 'rollouts'
  | 'rolloutStats'
  | 'rowPaths'
  | 'threadHistory'
  | 'home'
  | 'writerLocks'
  | 'stateDbBackups'
  | 'rolloutMigration'
  | 'sidebarCatalog'
>;

/**
 * Reads the state DB, the rollouts and every other file of the home, and says where everything was read from.
 * `logFiles` is how many Desktop logs were found; `dbPath` where the state DB is.
 */
export async function readHome(at: ChosenInputs & { dbPath: string; logFiles: number }): Promise<SourceRead<HomeReads>> {
  const { logs, codexHome, dbPath } = at;
  const stateDb: StateDbRead = readStateDb(dbPath);
  const rollouts = codexHome.exists ? await findRollouts(codexHome.path) : null;
  const rows = stateDb.status === 'ok' ? stateDb.threads : [];
  if (rollouts !== null) shareRowStrings(rows, rollouts.files);
  const recordedHomes = detectRecordedHomes(
    rows.map((row) => row.rolloutPath),
    codexHome.path,
    new Set((rollouts?.files ?? []).map((f) => f.relPath)),
  );
  const inputs: Inputs = {
    logsDir: logs.path,
    logsDirOrigin: logs.origin,
    logsDirFound: logs.path !== null && existsSync(logs.path),
    logFiles: at.logFiles,
    codexHome: codexHome.path,
    codexHomeOrigin: codexHome.origin,
    codexHomeFound: codexHome.exists,
    codexHomeBelow: homeBelow(codexHome),
    stateDb: dbPath,
    stateDbStatus: stateDb.status,
    stateDbSchemaVersion: stateDb.status === 'ok' ? stateDb.schemaVersion : null,
    recordedHome: recordedHomes[0] ?? null,
    recordedHomes,
  };
  const records: HomeReads = {
    inputs,
    stateDb,
    rollouts: rollouts?.files ?? [],
    rolloutStats: rollouts?.stats ?? null,
    rowPaths: codexHome.exists ? checkRowPaths(rows, codexHome.path, recordedHomes, rollouts?.listing ?? null) : [],
    threadHistory: readThreadHistory(dirname(dbPath)),
    home: codexHome.exists ? await readHomeExtras(codexHome.path) : null,
    writerLocks: codexHome.exists ? readWriterLocks(codexHome.path) : new Map(),
    stateDbBackups: readStateDbBackups(dirname(dbPath)),
    rolloutMigration: codexHome.exists ? readRolloutMigrationFiles(codexHome.path) : null,
    sidebarCatalog: codexHome.exists ? readSidebarCatalog(codexHome.path) : null,
  };
  const problems = [
    ...rolloutProblems(records.rollouts, records.rolloutStats),
    ...rowPathProblems(records.rowPaths),
    ...stateDbProblems(stateDb),
    ...threadHistoryProblems(records.threadHistory),
    ...sidebarCatalogProblems(records.sidebarCatalog ?? null),
  ];
  return { records, problems };
}

export function chooseLogsDir(opts: InputOptions, home: string): LogsDirChoice {
  if (opts.logsDir !== null) {
    const path = resolve(opts.logsDir);
    if (!existsSync(path)) throw new UsageError(`LOGS_DIR ${opts.logsDir}: no such file or directory`);
    if (isFile(path) && !/\.log$/i.test(path)) throw new UsageError(`LOGS_DIR ${opts.logsDir}: ${notALogFolder(path)}`);
    return { path, origin: 'argument' };
  }
  const candidates = defaultDesktopLogDirs(opts.platform ?? process.platform, opts.env, home);
  const existing = candidates.find((dir) => existsSync(dir));
  if (existing !== undefined) return { path: existing, origin: 'platform-default' };
  return { path: candidates[0] ?? null, origin: candidates.length > 0 ? 'platform-default' : 'none' };
}

/** LOGS_DIR is a folder, or one Desktop log (`*.log`); any other file was skipped and left nothing to judge. */
function notALogFolder(path: string): string {
  const name = basename(path);
  if (/^state_\d+\.sqlite$/.test(name)) return `a Codex state database, not a folder of Desktop logs (give its folder as --codex-home ${dirname(path)})`;
  return 'a file, not a folder of Desktop logs (give the folder that holds the *.log files, or one *.log file)';
}
