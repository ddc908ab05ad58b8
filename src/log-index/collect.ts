import { dirname } from 'node:path';
import type { Filters, SourceRead } from '../model/report.js';
import type { TimelineEvent } from '../model/timeline-event.js';
import { chooseInputs, readHome, type ChosenInputs, type InputOptions } from '../sources/collect.js';
import { findDesktopLogFiles } from '../sources/desktop-log/discover.js';
import { emptyDesktopLogStats, type ByteRange } from '../sources/desktop-log/read-file.js';
import type { DesktopLogStats, SkippedFile } from '../sources/desktop-log/types.js';
import { emptyLogVersionsTally, MAX_BUNDLE_PATHS, observeTime, settleLogVersions, type LogVersionsTally } from '../sources/desktop-log/versions.js';
import type { EphemeralRequest } from '../model/ephemeral-request.js';
import { desktopLogProblems } from '../sources/desktop-log/problems.js';
import { historyProblems, readHistory } from '../sources/home/history.js';
import { logDbProblems, readLogDbThreads } from '../sources/log-db/threads.js';
import { queuedItemEvents, queueDbProblems, readQueueDb, type QueueDbRead } from '../sources/queue-db/read.js';
import { stateDbPath } from '../sources/state-db/locate.js';
import { emptyTuiLogStats, readTuiLogs, tuiLogProblems } from '../sources/tui-log/read.js';
import type { Sources } from '../sources/types.js';
import { logDbThreadEvents } from './events.js';
import { createFileIdentities, type FileIdentities } from './file-identity.js';
import { createLogTimelineFolder, type LogTimelineFolder } from './fold.js';
import { bytesToRead, fileInfo, planShares, type Share } from './plan.js';
import { foldShares, foldThreads } from './pool.js';
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
  const desktop = await indexDesktopLogs(logs.path === null ? null : logFiles, skippedFiles, folder, opts);
  const logStats = desktop.stats;

  const dbPath = stateDbPath(codexHome.path, opts.env);
  const logEvents = await readLogEvents({ codexHome, sqliteHome: dirname(dbPath) }, desktop.nextSeq, folder);
  const logTimelines = folder.finish();
  const logTexts = createLogTexts(desktop.identities, { readAhead: desktop.threads > 1 });
  if (opts.deferTexts !== true) logStats.linesChangedDuringRun += logTexts.fill(timelineEvents(logTimelines.values()));

  const home = await readHome({ logs, codexHome, dbPath, logFiles: logFiles.length });
  return {
    ...home.records,
    ...logEvents.records,
    logTimelines,
    logStats,
    logVersions: settleLogVersions(desktop.versions),
    ephemeralRequests: desktop.ephemeral,
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
  ephemeral: EphemeralRequest[];
  identities: FileIdentities;
  /** The `seq` of the next event, after the last Desktop one. */
  nextSeq: number;
  /** The threads the logs were folded on. */
  threads: number;
}

/**
 * The Desktop logs, map-reduced: cut into shares (plan.ts), each read and folded where it is read, on a thread of
 * the pool (pool.ts, share.ts), and the shares' partials absorbed here in file order into the run's fold, which then
 * takes the other sources' events. The first share is folded in this thread straight into the run's fold; with one
 * thread the whole log set is that share, a single pass. `files` is null without a logs folder.
 */
async function indexDesktopLogs(
  files: string[] | null,
  skippedFiles: SkippedFile[],
  folder: LogTimelineFolder,
  opts: CollectOptions,
): Promise<DesktopLogIndex> {
  const stats = { ...emptyDesktopLogStats(), skippedFiles: [...skippedFiles] };
  const versions = emptyLogVersionsTally();
  const ephemeral: EphemeralRequest[] = [];
  const identities = createFileIdentities();
  if (files === null) return { stats, versions, ephemeral, identities, nextSeq: 0, threads: 1 };
  const since = opts.filters?.since ?? null;
  const until = opts.filters?.until ?? null;
  // Each file looked at once: a folder of a million small logs pays for every stat.
  const infos = files.map(fileInfo);
  const logBytes = bytesToRead(files, infos, since, until);
  const threads = foldThreads(logBytes, opts.env);
  const plan = planShares(files, { shareBytes: shareBytesFor(logBytes, threads, opts.env), since, until, onOpened: identities.opened, infos });
  // Files not opened are reported first, as discovery's skips are: in file order, before those the reader met.
  stats.skippedFiles.push(...plan.skipped);
  const bytesTotal = plan.shares.reduce((n, share) => n + share.bytes, 0);
  const filesTotal = files.length - plan.skipped.length;
  let filesDone = 0;
  // Bytes of the shares absorbed, and of every share read so far (shares ahead of the next to absorb included).
  let bytesDone = 0;
  let bytesRead = 0;
  let seq = 0;
  // Lines of the ranges of a cut file read so far, which the next range's line numbers count from.
  let linesAbove = 0;
  const keepWhole = opts.keepEventsOf === 'all' ? 'all' : [...new Set([...(opts.filters?.threads ?? []), ...(opts.keepEventsOf ?? [])])];
  await foldShares(
    plan.shares,
    { since, until, keepWhole },
    threads,
    {
      onShare(index, outcome) {
        const share = plan.shares[index]!;
        const range = share.files[0]?.range;
        const lineOffset = range === undefined || range.start === 0 ? 0 : linesAbove;
        if ('failed' in outcome) {
          for (const file of share.files) stats.skippedFiles.push({ path: file.path, reason: 'unreadable', detail: rangeDetail(file.range, outcome.failed) });
        } else {
          const { result } = outcome;
          if (result.partial !== null) folder.absorb(result.partial, { seq, line: lineOffset });
          seq += result.seqCount;
          addStats(stats, result.stats);
          mergeVersions(versions, result.versions);
          for (const request of result.ephemeral) ephemeral.push({ ...request, line: request.line + lineOffset });
          identities.adopt(result.identities);
          linesAbove = lineOffset + result.stats.lines;
        }
        filesDone += range === undefined ? share.files.length : isLastRange(plan.shares[index + 1], share) ? 1 : 0;
        bytesDone += share.bytes;
        bytesRead = Math.max(bytesRead, bytesDone);
        opts.onLogProgress?.({ filesDone, filesTotal, bytesDone: bytesRead, bytesTotal });
      },
      ...(opts.onLogProgress === undefined
        ? {}
        : {
            onBytes: (bytes: number) => {
              bytesRead = Math.max(bytesRead, bytes);
              opts.onLogProgress!({ filesDone, filesTotal, bytesDone: bytesRead, bytesTotal });
            },
          }),
    },
    opts.env,
    folder,
  );
  return { stats, versions, ephemeral, identities, nextSeq: seq, threads };
}

/** Whether `share`, a range of a cut file, is its last: the next share is not another range of the same file. */
function isLastRange(next: Share | undefined, share: Share): boolean {
  const nextRange = next?.files[0];
  return nextRange?.range === undefined || nextRange.path !== share.files[0]!.path || nextRange.range.start === 0;
}

function rangeDetail(range: ByteRange | undefined, why: string): string {
  return range === undefined ? why : `${why} (bytes ${range.start}-${range.end})`;
}

/**
 * About how many bytes a share reads: CODEX_LOGS_SHARE_BYTES when set (the tests cut small logs so), else each
 * thread's part of the logs, 4 MiB at least. One share per thread: a partial holds a sample for every conversation
 * the share met, and conversations are spread over all the logs, so each share costs as much to send and absorb as
 * the whole run's sample (16 shares of 1 GiB doubled the CPU a run took). One thread reads the logs as one share.
 */
function shareBytesFor(logBytes: number, threads: number, env: NodeJS.ProcessEnv | undefined): number {
  const asked = Number((env ?? process.env).CODEX_LOGS_SHARE_BYTES);
  if (Number.isInteger(asked) && asked > 0) return asked;
  if (threads <= 1) return Number.POSITIVE_INFINITY;
  return Math.max(4 * MiB, Math.ceil(logBytes / threads));
}

const MiB = 1024 * 1024;

/** Adds a share's reading counts to the run's; its skipped files come after those before it. */
function addStats(into: DesktopLogStats, share: DesktopLogStats): void {
  for (const key of Object.keys(into) as (keyof DesktopLogStats)[]) {
    if (key === 'skippedFiles') into.skippedFiles.push(...share.skippedFiles);
    else into[key] += share[key];
  }
}

/** A share's versions and time span added to the run's, as reading its lines here in turn would add them. */
function mergeVersions(into: LogVersionsTally, share: LogVersionsTally): void {
  for (const v of share.appServerVersions) if (!into.appServerVersions.includes(v)) into.appServerVersions.push(v);
  for (const v of share.desktopVersions) if (!into.desktopVersions.includes(v)) into.desktopVersions.push(v);
  for (const v of share.appBundlePaths) if (into.appBundlePaths.length < MAX_BUNDLE_PATHS && !into.appBundlePaths.includes(v)) into.appBundlePaths.push(v);
  if (!Number.isNaN(share.firstTs)) observeTime(share.firstTs, into);
  if (!Number.isNaN(share.lastTs)) observeTime(share.lastTs, into);
}

function keepAllOf(opts: CollectOptions): (threadId: string) => boolean {
  if (opts.keepEventsOf === 'all') return () => true;
  const wanted = new Set([...(opts.filters?.threads ?? []), ...(opts.keepEventsOf ?? [])]);
  return (id) => wanted.has(id);
}
