import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { readLogDbThreads } from './log-db/threads.js';
import { readThreadHistory } from './thread-history/read.js';
import { emptyTuiLogStats, readTuiLogs } from './tui-log/read.js';
import { homedir } from 'node:os';
import { EVENT_FIELDS, EVENT_NEEDLES, fillDeferredTexts, logDbThreadEvents, createPlainLineEvents, logEntryToEvent, type PlainLineEvents, REPEATED_EVENT_FIELDS, timelineEvents } from '../analysis/log-events.js';
import { detectRecordedHomes } from './home/reroot.js';
import { createEphemeralTally } from '../analysis/ephemeral.js';
import type { Filters, Inputs } from '../model/report.js';
import type { Sources } from './types.js';
import { createLogTimelineFolder } from '../analysis/log-timelines.js';
import { UsageError } from '../util/errors.js';
import { isFile } from '../util/path-kind.js';
import { defaultDesktopLogDirs, findDesktopLogFiles } from './desktop-log/discover.js';
import { emptyDesktopLogStats, readDesktopLogs } from './desktop-log/read-file.js';
import { createPlainLineParser } from './desktop-log/plain-line.js';
import { readLinesAt } from './desktop-log/reread.js';
import { emptyLogVersionsTally, observeTime, observeVersions, settleLogVersions, VERSION_NEEDLES } from './desktop-log/versions.js';
import { shareRowStrings } from './intern.js';
import { chooseCodexHome } from './home/discover.js';
import { readHomeExtras } from './home/extras.js';
import { readHistory } from './home/history.js';
import { checkRowPaths } from './home/row-paths.js';
import { findRollouts } from './rollouts/discover.js';
import { readSidebarCatalog } from './sidebar-catalog/read.js';
import { readWriterLocks } from './writer-locks/read.js';
import { readRolloutMigrationFiles } from './rollout-migration/read.js';
import { readStateDbBackups } from './state-db-backups/read.js';
import { queuedItemEvents, readQueueDb } from './queue-db/read.js';
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
  /** --since/--until narrow the log events kept; the events of --thread conversations are all kept. */
  filters?: Filters;
  /** Conversations whose every log event is kept (a sample is kept otherwise): those to be shown whole. */
  keepEventsOf?: readonly string[] | 'all';
  /**
   * Leave kept Desktop events without their text (TimelineEvent.textAt) for the caller to fill once it no longer
   * needs the sources (see loadReport): the texts then never share the heap with everything read.
   */
  deferTexts?: boolean;
  /** Called after each Desktop log file, for a progress display. */
  onLogProgress?: (p: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number }) => void;
  /** When the sources were read, for a copy read later (a bundle): default now. */
  collectedAt?: number;
}

/** Reads every source the analysis joins. Throws UsageError only for inputs the user named that do not exist. */
export async function collectSources(opts: CollectOptions): Promise<Sources> {
  const home = opts.home ?? homedir();
  const logs = chooseLogsDir(opts, home);
  const codexHome = chooseCodexHome({ argument: opts.codexHome, logsDir: logs.path, env: opts.env, home });
  if (opts.codexHome !== null && !codexHome.exists) throw new UsageError(`--codex-home ${opts.codexHome}: ${isFile(opts.codexHome) ? 'a file, not a folder (give the folder that holds state_5.sqlite and sessions/)' : 'no such directory'}`);

  const folder = createLogTimelineFolder({
    since: opts.filters?.since ?? null,
    until: opts.filters?.until ?? null,
    keepAll: keepAllOf(opts),
  });
  let seq = 0;
  // Let go once the logs are read: it holds the parser's table of ids, which folding's finish() has no use for.
  let plainEvents: PlainLineEvents | null = createPlainLineEvents();
  let logFiles: string[] = [];
  let logStats = emptyDesktopLogStats();
  const logVersions = emptyLogVersionsTally();
  const ephemeral = createEphemeralTally();
  if (logs.path !== null) {
    const found = await findDesktopLogFiles(logs.path, { exclude: codexHome.exists ? [codexHome.path] : [] });
    logFiles = found.files;
    const bytesTotal = opts.onLogProgress === undefined ? 0 : logFiles.reduce((n, f) => n + sizeOf(f), 0);
    let filesDone = 0;
    logStats = await readDesktopLogs(
      logFiles,
      (entry) => {
        observeVersions(entry, logVersions);
        const event = logEntryToEvent(entry, seq++, { deferText: true });
        if (event !== null) {
          ephemeral.observe(event, entry.fields);
          folder.add(event);
        }
      },
      { skippedFiles: found.skipped },
      opts.onLogProgress === undefined
        ? undefined
        : (done, stats) => {
            filesDone = done;
            opts.onLogProgress!({ filesDone, filesTotal: logFiles.length, bytesDone: stats.bytes, bytesTotal });
          },
      {
        ...(opts.onLogProgress === undefined ? {} : { onBytes: (bytesDone: number) => opts.onLogProgress!({ filesDone, filesTotal: logFiles.length, bytesDone, bytesTotal }) }),
        needles: [...EVENT_NEEDLES, ...VERSION_NEEDLES],
        onUnparsedEntry: (ts) => observeTime(ts, logVersions),
        plain: {
          parse: createPlainLineParser(EVENT_FIELDS, REPEATED_EVENT_FIELDS),
          // Lines that may name versions go to observeVersions whole; of a plain line it needs only the time.
          fullParse: VERSION_NEEDLES,
          onLine: (line, file, lineNumber, offset) => {
            observeTime(line.ts, logVersions);
            const event = plainEvents!.toEvent(line, file, lineNumber, offset, seq++);
            if (event !== null) {
              ephemeral.observe(event, line.fields);
              folder.add(event, plainEvents!.lastIdKey());
            }
          },
        },
      },
    );
  }
  plainEvents = null;

  const tui = codexHome.exists ? await readTuiLogs(codexHome.path, seq) : { events: [], stats: emptyTuiLogStats() };
  seq += tui.events.length;
  for (const event of tui.events) folder.add(event);
  const history = codexHome.exists ? await readHistory(codexHome.path, seq) : { events: [], read: { path: null, entries: 0, badLines: 0 } };
  seq += history.events.length;
  for (const event of history.events) folder.add(event);
  const dbPath = stateDbPath(codexHome.path, opts.env);
  const logDb = readLogDbThreads(dirname(dbPath));
  for (const event of logDbThreadEvents(logDb, seq)) folder.add(event);
  seq += logDb.threads.length;
  const queueDb = readQueueDb(dirname(dbPath));
  for (const event of queuedItemEvents(queueDb, seq)) folder.add(event);
  const logTimelines = folder.finish();
  if (opts.deferTexts !== true) logStats.linesChangedDuringRun += fillDeferredTexts(timelineEvents(logTimelines.values()), readLinesAt);
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
    logFiles: logFiles.length,
    codexHome: codexHome.path,
    codexHomeOrigin: codexHome.origin,
    codexHomeFound: codexHome.exists,
    stateDb: dbPath,
    stateDbStatus: stateDb.status,
    stateDbSchemaVersion: stateDb.status === 'ok' ? stateDb.schemaVersion : null,
    recordedHome: recordedHomes[0] ?? null,
    recordedHomes,
  };
  return {
    inputs,
    logTimelines,
    logStats,
    logVersions: settleLogVersions(logVersions),
    tuiStats: tui.stats,
    history: history.read,
    stateDb,
    rollouts: rollouts?.files ?? [],
    rolloutStats: rollouts?.stats ?? null,
    rowPaths: codexHome.exists ? checkRowPaths(rows, codexHome.path, recordedHomes, rollouts?.listing ?? null) : [],
    logDb,
    threadHistory: readThreadHistory(dirname(dbPath)),
    home: codexHome.exists ? await readHomeExtras(codexHome.path) : null,
    ephemeralRequests: ephemeral.requests,
    writerLocks: codexHome.exists ? readWriterLocks(codexHome.path) : new Map(),
    stateDbBackups: readStateDbBackups(dirname(dbPath)),
    queueDb,
    rolloutMigration: codexHome.exists ? readRolloutMigrationFiles(codexHome.path) : null,
    sidebarCatalog: codexHome.exists ? readSidebarCatalog(codexHome.path) : null,
    collectedAt: opts.collectedAt ?? Date.now(),
  };
}

function keepAllOf(opts: CollectOptions): (threadId: string) => boolean {
  if (opts.keepEventsOf === 'all') return () => true;
  const wanted = new Set([...(opts.filters?.threads ?? []), ...(opts.keepEventsOf ?? [])]);
  return (id) => wanted.has(id);
}

export function chooseLogsDir(opts: CollectOptions, home: string): { path: string | null; origin: Inputs['logsDirOrigin'] } {
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

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
