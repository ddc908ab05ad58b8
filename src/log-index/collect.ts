import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Filters, SourceRead } from '../model/report.js';
import type { TimelineEvent } from '../model/timeline-event.js';
import { chooseInputs, readHome, type ChosenInputs, type InputOptions } from '../sources/collect.js';
import { findDesktopLogFiles } from '../sources/desktop-log/discover.js';
import { createPlainLineParser } from '../sources/desktop-log/plain-line.js';
import { emptyDesktopLogStats, readDesktopLogs } from '../sources/desktop-log/read-file.js';
import type { DesktopLogStats, SkippedFile } from '../sources/desktop-log/types.js';
import { emptyLogVersionsTally, observeTime, observeVersions, settleLogVersions, VERSION_NEEDLES, type LogVersionsTally } from '../sources/desktop-log/versions.js';
import { desktopLogProblems } from '../sources/desktop-log/problems.js';
import { historyProblems, readHistory } from '../sources/home/history.js';
import { logDbProblems, readLogDbThreads } from '../sources/log-db/threads.js';
import { queuedItemEvents, queueDbProblems, readQueueDb, type QueueDbRead } from '../sources/queue-db/read.js';
import { stateDbPath } from '../sources/state-db/locate.js';
import { emptyTuiLogStats, readTuiLogs, tuiLogProblems } from '../sources/tui-log/read.js';
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
 * Reads every source the analysis joins: the log events of every kind (the Desktop logs streamed, then the readers of
 * LOG_EVENT_READERS) folded into one timeline per conversation, then the rest of the home (sources/collect.ts). Each
 * reader's problems are kept in the order they read. Throws UsageError only for inputs the user named that do not
 * exist.
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
  const logStats = desktop.stats;

  const dbPath = stateDbPath(codexHome.path, opts.env);
  const logEvents = await readLogEvents({ codexHome, sqliteHome: dirname(dbPath) }, desktop.nextSeq, folder);
  const logTimelines = folder.finish();
  const logTexts = createLogTexts(desktop.identities);
  if (opts.deferTexts !== true) logStats.linesChangedDuringRun += logTexts.fill(timelineEvents(logTimelines.values()));

  const home = await readHome({ logs, codexHome, dbPath, logFiles: logFiles.length });
  return {
    ...home.records,
    ...logEvents.records,
    logTimelines,
    logStats,
    logVersions: settleLogVersions(desktop.versions),
    ephemeralRequests: desktop.ephemeral.requests,
    logTexts,
    collectedAt: opts.collectedAt ?? Date.now(),
    problems: [...desktopLogProblems(logStats), ...logEvents.problems, ...home.problems],
  };
}

/** Where the readers of log events read: the Codex home, and the folder of its SQLite databases. */
interface LogEventsAt {
  codexHome: ChosenInputs['codexHome'];
  sqliteHome: string;
}

/** A reader whose records also make timeline events, folded with the Desktop log's. */
interface LogEventRead<R> extends SourceRead<R> {
  events: readonly TimelineEvent[];
}

type LogEventRecords = Pick<Sources, 'tuiStats' | 'history' | 'logDb'> & { queueDb: QueueDbRead };

/** The readers of log events after the Desktop logs, in the order their events are numbered (`seq`). */
const LOG_EVENT_READERS: { [K in keyof LogEventRecords]: (at: LogEventsAt, seq: number) => Promise<LogEventRead<LogEventRecords[K]>> } = {
  tuiStats: async (at, seq) => {
    const tui = at.codexHome.exists ? await readTuiLogs(at.codexHome.path, seq) : { events: [], stats: emptyTuiLogStats() };
    return { records: tui.stats, events: tui.events, problems: tuiLogProblems(tui.stats) };
  },
  history: async (at, seq) => {
    const history = at.codexHome.exists ? await readHistory(at.codexHome.path, seq) : { events: [], read: { path: null, entries: 0, badLines: 0 } };
    return { records: history.read, events: history.events, problems: historyProblems(history.read) };
  },
  logDb: async (at, seq) => {
    const logDb = readLogDbThreads(at.sqliteHome);
    return { records: logDb, events: logDbThreadEvents(logDb, seq), problems: logDbProblems(logDb) };
  },
  queueDb: async (at, seq) => {
    const queueDb = readQueueDb(at.sqliteHome);
    return { records: queueDb, events: queuedItemEvents(queueDb, seq), problems: queueDbProblems(queueDb) };
  },
};

/** Runs LOG_EVENT_READERS in order, each one's events into the fold, numbered on from `seq`. */
async function readLogEvents(at: LogEventsAt, seq: number, folder: LogTimelineFolder): Promise<SourceRead<LogEventRecords>> {
  const records = {} as LogEventRecords;
  const problems: SourceRead<LogEventRecords>['problems'] = [];
  const readOne = async <K extends keyof LogEventRecords>(field: K): Promise<void> => {
    const read = await LOG_EVENT_READERS[field](at, seq);
    for (const event of read.events) folder.add(event);
    seq += read.events.length;
    records[field] = read.records;
    problems.push(...read.problems);
  };
  for (const field of Object.keys(LOG_EVENT_READERS) as (keyof LogEventRecords)[]) await readOne(field);
  return { records, problems };
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
