import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { readLogDbThreads } from './log-db/threads.js';
import { readThreadHistory } from './thread-history/read.js';
import { emptyTuiLogStats, readTuiLogs } from './tui-log/read.js';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { logEntryToEvent } from '../analysis/log-events.js';
import { detectRecordedHome } from '../analysis/reroot.js';
import type { Inputs, Sources, TimelineEvent } from '../analysis/types.js';
import { UsageError } from '../errors.js';
import { defaultDesktopLogDirs, findDesktopLogFiles } from './desktop-log/discover.js';
import { emptyDesktopLogStats, readDesktopLogs } from './desktop-log/read-file.js';
import { emptyLogVersions, observeVersions } from './desktop-log/versions.js';
import { chooseCodexHome } from './home/discover.js';
import { readHomeExtras } from './home/extras.js';
import { readHistory } from './home/history.js';
import { checkRowPaths } from './home/row-paths.js';
import { findRollouts } from './rollouts/discover.js';
import { stateDbPath } from './state-db/locate.js';
import { readStateDb } from './state-db/read.js';
import type { StateDbRead } from './state-db/types.js';

export interface CollectOptions {
  /** LOGS_DIR as given on the command line, or null for the platform's Desktop log folder. */
  logsDir: string | null;
  codexHome: string | null;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  /** Called after each Desktop log file, for a progress display. */
  onLogProgress?: (p: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number }) => void;
}

/** Reads every source the analysis joins. Throws UsageError only for inputs the user named that do not exist. */
export async function collectSources(opts: CollectOptions): Promise<Sources> {
  const home = opts.home ?? homedir();
  const logs = chooseLogsDir(opts, home);
  const codexHome = chooseCodexHome({ argument: opts.codexHome, logsDir: logs.path, env: opts.env, home });
  if (opts.codexHome !== null && !codexHome.exists) throw new UsageError(`--codex-home ${opts.codexHome}: no such directory`);

  const logEvents: TimelineEvent[] = [];
  let logFiles: string[] = [];
  let logStats = emptyDesktopLogStats();
  const logVersions = emptyLogVersions();
  if (logs.path !== null) {
    const found = await findDesktopLogFiles(logs.path, { exclude: codexHome.exists ? [codexHome.path] : [] });
    logFiles = found.files;
    const bytesTotal = opts.onLogProgress === undefined ? 0 : logFiles.reduce((n, f) => n + sizeOf(f), 0);
    let seq = 0;
    logStats = await readDesktopLogs(
      logFiles,
      (entry) => {
        observeVersions(entry, logVersions);
        const event = logEntryToEvent(entry, seq++);
        if (event !== null) logEvents.push(event);
      },
      { skippedFiles: found.skipped },
      opts.onLogProgress === undefined
        ? undefined
        : (filesDone, stats) => opts.onLogProgress!({ filesDone, filesTotal: logFiles.length, bytesDone: stats.bytes, bytesTotal }),
    );
  }

  const tui = codexHome.exists ? await readTuiLogs(codexHome.path, logEvents.length) : { events: [], stats: emptyTuiLogStats() };
  logEvents.push(...tui.events);
  const history = codexHome.exists ? await readHistory(codexHome.path, logEvents.length) : { events: [], read: { path: null, entries: 0, badLines: 0 } };
  logEvents.push(...history.events);
  const dbPath = stateDbPath(codexHome.path, opts.env);
  const stateDb: StateDbRead = readStateDb(dbPath);
  const rollouts = codexHome.exists ? await findRollouts(codexHome.path) : null;
  const rows = stateDb.status === 'ok' ? stateDb.threads : [];
  const recordedHome = detectRecordedHome(
    rows.map((row) => row.rolloutPath),
    codexHome.path,
  );
  const inputs: Inputs = {
    logsDir: logs.path,
    logsDirOrigin: logs.origin,
    logsDirFound: logs.path !== null && existsSync(logs.path),
    logFiles: logFiles.length,
    codexHome: codexHome.path,
    codexHomeOrigin: codexHome.origin,
    codexHomeFound: codexHome.exists,
    stateDb: dbPath,
    stateDbStatus: stateDb.status,
    stateDbSchemaVersion: stateDb.status === 'ok' ? stateDb.schemaVersion : null,
    recordedHome,
  };
  return {
    inputs,
    logEvents,
    logStats,
    logVersions,
    tuiStats: tui.stats,
    history: history.read,
    stateDb,
    rollouts: rollouts?.files ?? [],
    rolloutStats: rollouts?.stats ?? null,
    rowPaths: codexHome.exists ? checkRowPaths(rows, codexHome.path, recordedHome) : [],
    logDb: readLogDbThreads(dirname(dbPath)),
    threadHistory: readThreadHistory(dirname(dbPath)),
    home: codexHome.exists ? await readHomeExtras(codexHome.path) : null,
    collectedAt: Date.now(),
  };
}

function chooseLogsDir(opts: CollectOptions, home: string): { path: string | null; origin: Inputs['logsDirOrigin'] } {
  if (opts.logsDir !== null) {
    const path = resolve(opts.logsDir);
    if (!existsSync(path)) throw new UsageError(`LOGS_DIR ${opts.logsDir}: no such file or directory`);
    return { path, origin: 'argument' };
  }
  const candidates = defaultDesktopLogDirs(opts.platform ?? process.platform, opts.env, home);
  const existing = candidates.find((dir) => existsSync(dir));
  if (existing !== undefined) return { path: existing, origin: 'platform-default' };
  return { path: candidates[0] ?? null, origin: candidates.length > 0 ? 'platform-default' : 'none' };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
