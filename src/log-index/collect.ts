import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Filters } from '../model/report.js';
import { chooseInputs, readHome, type InputOptions } from '../sources/collect.js';
import { findDesktopLogFiles } from '../sources/desktop-log/discover.js';
import { createPlainLineParser } from '../sources/desktop-log/plain-line.js';
import { emptyDesktopLogStats, readDesktopLogs } from '../sources/desktop-log/read-file.js';
import type { DesktopLogStats, SkippedFile } from '../sources/desktop-log/types.js';
import { emptyLogVersionsTally, observeTime, observeVersions, settleLogVersions, VERSION_NEEDLES, type LogVersionsTally } from '../sources/desktop-log/versions.js';
import { readHistory } from '../sources/home/history.js';
import { readLogDbThreads } from '../sources/log-db/threads.js';
import { queuedItemEvents, readQueueDb } from '../sources/queue-db/read.js';
import { stateDbPath } from '../sources/state-db/locate.js';
import { emptyTuiLogStats, readTuiLogs } from '../sources/tui-log/read.js';
import type { Sources } from '../sources/types.js';
import { createEphemeralTally, type EphemeralTally } from './ephemeral.js';
import { createPlainLineEvents, EVENT_FIELDS, EVENT_NEEDLES, logDbThreadEvents, logEntryToEvent, REPEATED_EVENT_FIELDS, type PlainLineEvents } from './events.js';
import { createFileIdentities, type FileIdentities } from './file-identity.js';
import { createLogTimelineFolder, type LogTimelineFolder } from './fold.js';
import { createLogTexts, timelineEvents } from './texts.js';

export interface CollectOptions extends InputOptions {
  /** --since/--until narrow the log events kept; the events of --thread conversations are all kept. */
  filters?: Filters;
  /** Conversations whose every log event is kept (a sample is kept otherwise): those to be shown whole. */
  keepEventsOf?: readonly string[] | 'all';
  /**
   * Leave kept Desktop events without their text (TimelineEvent.textAt) for the caller to fill once it no longer
   * needs the sources (Sources.logTexts; see loadReport): the texts then never share the heap with everything read.
   */
  deferTexts?: boolean;
  /** Called after each Desktop log file, for a progress display. */
  onLogProgress?: (p: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number }) => void;
  /** When the sources were read, for a copy read later (a bundle): default now. */
  collectedAt?: number;
}

/**
 * Reads every source the analysis joins: the log events of every kind (the Desktop logs streamed, then Codex's own
 * logs, history.jsonl, the log databases and the queue) folded into one timeline per conversation, then the rest of
 * the home (sources/collect.ts). Throws UsageError only for inputs the user named that do not exist.
 */
export async function collectSources(opts: CollectOptions): Promise<Sources> {
  const { logs, codexHome } = chooseInputs(opts);
  const folder = createLogTimelineFolder({
    since: opts.filters?.since ?? null,
    until: opts.filters?.until ?? null,
    keepAll: keepAllOf(opts),
  });
  let logFiles: string[] = [];
  let skippedFiles: SkippedFile[] = [];
  if (logs.path !== null) {
    const found = await findDesktopLogFiles(logs.path, { exclude: codexHome.exists ? [codexHome.path] : [] });
    logFiles = found.files;
    skippedFiles = found.skipped;
  }
  const desktop = await indexDesktopLogs(logs.path === null ? null : logFiles, skippedFiles, folder, opts.onLogProgress);
  let seq = desktop.nextSeq;
  const logStats = desktop.stats;

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
  const logTexts = createLogTexts(desktop.identities);
  if (opts.deferTexts !== true) logStats.linesChangedDuringRun += logTexts.fill(timelineEvents(logTimelines.values()));

  const home = await readHome({ logs, codexHome, dbPath, logFiles: logFiles.length });
  return {
    inputs: home.inputs,
    logTimelines,
    logStats,
    logVersions: settleLogVersions(desktop.versions),
    tuiStats: tui.stats,
    history: history.read,
    stateDb: home.stateDb,
    rollouts: home.rollouts,
    rolloutStats: home.rolloutStats,
    rowPaths: home.rowPaths,
    logDb,
    threadHistory: home.threadHistory,
    home: home.home,
    ephemeralRequests: desktop.ephemeral.requests,
    writerLocks: home.writerLocks,
    stateDbBackups: home.stateDbBackups,
    queueDb,
    rolloutMigration: home.rolloutMigration,
    sidebarCatalog: home.sidebarCatalog,
    logTexts,
    collectedAt: opts.collectedAt ?? Date.now(),
  };
}

/** What streaming the Desktop logs into the fold leaves besides the folded events. */
interface DesktopLogIndex {
  stats: DesktopLogStats;
  versions: LogVersionsTally;
  ephemeral: EphemeralTally;
  identities: FileIdentities;
  /** The `seq` of the next event, after the last Desktop one. */
  nextSeq: number;
}

/**
 * The hot path: every Desktop log line, one file after another, into events and into the fold as it is read. Lines
 * in Desktop's plain shape are read on their bytes (PlainLineEvents), the rest parsed into entries; texts are left
 * to be read back later by offset (texts.ts), from files known by their identity (file-identity.ts). `files` is null
 * without a logs folder.
 */
async function indexDesktopLogs(files: string[] | null, skippedFiles: SkippedFile[], folder: LogTimelineFolder, onLogProgress: CollectOptions['onLogProgress']): Promise<DesktopLogIndex> {
  let seq = 0;
  // Let go once the logs are read: it holds the parser's table of ids, which folding's finish() has no use for.
  let plainEvents: PlainLineEvents | null = createPlainLineEvents();
  let logStats = emptyDesktopLogStats();
  const logVersions = emptyLogVersionsTally();
  const ephemeral = createEphemeralTally();
  const identities = createFileIdentities();
  if (files !== null) {
    const logFiles = files;
    const bytesTotal = onLogProgress === undefined ? 0 : logFiles.reduce((n, f) => n + sizeOf(f), 0);
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
      { skippedFiles },
      onLogProgress === undefined
        ? undefined
        : (done, stats) => {
            filesDone = done;
            onLogProgress({ filesDone, filesTotal: logFiles.length, bytesDone: stats.bytes, bytesTotal });
          },
      {
        ...(onLogProgress === undefined ? {} : { onBytes: (bytesDone: number) => onLogProgress({ filesDone, filesTotal: logFiles.length, bytesDone, bytesTotal }) }),
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
        onOpened: identities.opened,
      },
    );
  }
  plainEvents = null;
  return { stats: logStats, versions: logVersions, ephemeral, identities, nextSeq: seq };
}

function keepAllOf(opts: CollectOptions): (threadId: string) => boolean {
  if (opts.keepEventsOf === 'all') return () => true;
  const wanted = new Set([...(opts.filters?.threads ?? []), ...(opts.keepEventsOf ?? [])]);
  return (id) => wanted.has(id);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
