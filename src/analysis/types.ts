import type { DesktopLogStats } from '../sources/desktop-log/types.js';
import type { LogTimeline } from './log-timelines.js';
import type { LogVersions } from '../sources/desktop-log/versions.js';
import type { HomeExtras } from '../sources/home/extras.js';
import type { HistoryRead } from '../sources/home/history.js';
import type { LogDbThreads } from '../sources/log-db/threads.js';
import type { TuiLogStats } from '../sources/tui-log/read.js';
import type { ThreadHistoryRead } from '../sources/thread-history/read.js';
import type { RolloutFile, RolloutStats } from '../sources/rollouts/types.js';
import type { StateDbRead } from '../sources/state-db/types.js';
import type { SidebarCatalogRead } from '../sources/sidebar-catalog/read.js';
import type { EphemeralRequest } from './ephemeral.js';
import type { WriterLock } from '../sources/writer-locks/read.js';
import type { RolloutMigrationFiles } from '../sources/rollout-migration/read.js';
import type { StateDbBackup } from '../sources/state-db-backups/read.js';
import type { QueueDbRead } from '../sources/queue-db/read.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** `codex-home`: another file of the Codex home (the Desktop sidebar catalog, the queue DB, journals, locks, backups). */
export type EventSource = 'desktop-log' | 'rollout' | 'state-db' | 'log-db' | 'tui-log' | 'history' | 'codex-home';

/** What happened to a conversation, as far as one source line can tell. */
export type EventKind =
  | 'conversation-created'
  | 'thread-start'
  | 'turn-start'
  | 'inject-items'
  | 'fork'
  | 'resume'
  | 'resume-attempt'
  | 'read'
  | 'request'
  | 'request-failed'
  | 'unknown-conversation'
  | 'log'
  | 'rollout-created'
  /** A user message still in `queue_N.sqlite` `queued_items`: given, never sent as a turn. */
  | 'queued-message'
  /** A rollout a `thread/revert` wrote (`<thread id>_<rollout id>`), or Desktop's `thread/revert` request. */
  | 'thread-reverted'
  | 'row-created'
  | 'row-updated'
  | 'row-archived'
  | 'turn-started'
  | 'turn-complete'
  | 'turn-aborted'
  | 'user-message'
  | 'thread-renamed'
  | 'rollout-error';

export interface TimelineEvent {
  threadId: string;
  /** Epoch ms, or null when no source said when. */
  ts: number | null;
  source: EventSource;
  kind: EventKind;
  method: string | null;
  level: string | null;
  /** One line for people; never the full raw input. */
  text: string;
  file: string;
  /** 1-based line in `file`; 0 when the event does not come from a line (a DB row). */
  line: number;
  /** Order of the event within its file, to keep untimed lines in place when sorting. */
  seq: number;
  errorCode: number | null;
  errorMessage: string | null;
  /** The parent named by a fork (`forkedFromId`), when the line names one. */
  forkedFromId: string | null;
  /** For a turn the Desktop log routed to a persisted conversation: whether it reached disk. */
  turnStatus?: 'persisted' | 'unpersisted' | 'unknown';
  /**
   * While its text is deferred (`text` is empty), the byte offset of the event's header line in `file`: months of logs
   * keep 100,000s of sample events, and their text was most of the memory. A number, so it costs nothing; cleared
   * once the text is read back (fillDeferredTexts).
   */
  textAt?: number;
}

export interface Evidence {
  source: EventSource;
  file: string;
  line: number;
  ts: number | null;
  text: string;
  /** As TimelineEvent.textAt: the line's offset while its text is still to be read back. */
  textAt?: number;
}

export interface FindingRef {
  kind: string;
  threadId: string | null;
}

export interface Finding {
  kind: string;
  severity: Severity;
  threadId: string | null;
  summary: string;
  cause: string;
  evidence: Evidence[];
  /** For a symptom (a failed request), the finding that explains it. */
  explainedBy: FindingRef | null;
  /** How many instances a grouped finding stands for (1 for a single one). */
  count: number;
  /** Every conversation a grouped finding stands for, when it names them all (`list` counts it for each). */
  threadIds?: string[];
  /** The findings a group by cause merged (group-by-cause.ts), each about one conversation. */
  members?: Finding[];
}

/** Where the persisted state of a conversation lives, judged after re-rooting. */
export interface Persistence {
  threadRow: boolean;
  /** The row's rollout_path as recorded, or null without a row. */
  rolloutPath: string | null;
  /** The rollout file found on disk for this id (plain file, active or archived), or null. */
  rolloutFile: string | null;
  archived: boolean | null;
}

export interface ConversationSummary {
  id: string;
  firstSeen: number | null;
  lastSeen: number | null;
  /** uuidv7 creation time, when the id carries one. */
  createdFromId: number | null;
  forkedFromId: string | null;
  /** Log events kept for display (a sample for most conversations) and the persisted state's events. */
  events: TimelineEvent[];
  /** Log events read per `source/kind`, kept or not. */
  logEventCounts: Readonly<Record<string, number>>;
  /** Log events read but not kept in `events`; `timeline` and `report` show them all. */
  logEventsNotKept: number;
  persisted: Persistence;
}

/** What a row's rollout_path names once re-rooted onto the analysed home, as seen by lstat. */
export type PathKind = 'file' | 'directory' | 'other' | 'missing' | 'outside-home' | 'empty';

export interface RowPathCheck {
  threadId: string;
  recorded: string;
  /** The path that was checked on this machine (null for an empty path). */
  resolved: string | null;
  kind: PathKind;
  /** Kind of `<resolved>.zst`, which Codex also accepts. */
  compressedKind: PathKind | null;
}

export interface Inputs {
  logsDir: string | null;
  logsDirOrigin: 'argument' | 'platform-default' | 'none';
  logsDirFound: boolean;
  logFiles: number;
  codexHome: string | null;
  codexHomeOrigin: 'argument' | 'inside-logs-dir' | 'CODEX_HOME' | 'default';
  codexHomeFound: boolean;
  stateDb: string | null;
  stateDbStatus: 'ok' | 'missing' | 'unreadable';
  /** MAX(version) of `_sqlx_migrations` when the DB was read. */
  stateDbSchemaVersion: number | null;
  /** The home the state DB's paths were recorded under, when it differs from `codexHome`: recordedHomes[0]. */
  recordedHome: string | null;
  /** Every recorded home re-rooted onto `codexHome` (one home copied from two mounts has two). */
  recordedHomes: string[];
}

export interface Sources {
  inputs: Inputs;
  /** Every conversation's events from the Desktop, TUI and log-database logs and history.jsonl, folded per thread. */
  logTimelines: ReadonlyMap<string, LogTimeline>;
  logStats: DesktopLogStats;
  logVersions: LogVersions;
  /** Codex's tracing logs in `CODEX_HOME/log/`; their thread events are in `logTimelines` too. */
  tuiStats: TuiLogStats;
  /** `history.jsonl`; its prompts are `user-message` events in `logTimelines`. */
  history: HistoryRead;
  stateDb: StateDbRead;
  rollouts: RolloutFile[];
  rolloutStats: RolloutStats | null;
  rowPaths: RowPathCheck[];
  /** Threads named in Codex's log databases (`logs_N.sqlite`), summed up per thread. */
  logDb: LogDbThreads;
  /** Turns Codex's history projection (`thread_history_1.sqlite`) recorded, per thread. */
  threadHistory: ThreadHistoryRead;
  home: HomeExtras | null;
  /** Desktop log lines that asked for an ephemeral thread (`thread/start`/`thread/fork` with `ephemeral: true`). */
  ephemeralRequests?: EphemeralRequest[];
  /** `thread-writer-locks/<id>.lock` files by thread id (normal when present; they name a holder's start). */
  writerLocks?: Map<string, WriterLock>;
  /** The paginated rollout migration's journals and maintenance lock. */
  rolloutMigration?: RolloutMigrationFiles | null;
  /** `queue_N.sqlite` `queued_items`; its rows are `queued-message` events in `logTimelines` too. */
  queueDb?: QueueDbRead;
  /** State DBs Codex's corruption reset moved to `db-backups/sqlite-<secs>-<n>/`, each read from a private copy. */
  stateDbBackups?: StateDbBackup[];
  /** Desktop's sidebar catalog (`sqlite/codex-dev.db`); null or absent when the home has none. */
  sidebarCatalog?: SidebarCatalogRead | null;
  /** When the sources were read (epoch ms): ages such as a stale lock's are measured from it. */
  collectedAt: number;
}

export interface Filters {
  since: number | null;
  until: number | null;
  threads: string[];
}

export interface Stats {
  logFiles: number;
  logLines: number;
  logEntries: number;
  logEvents: number;
  /** Codex's own tracing logs (`CODEX_HOME/log/*.log`) read. */
  tuiLogFiles: number;
  tuiLogLines: number;
  /** Threads named in Codex's log databases. */
  logDbThreads: number;
  conversations: number;
  threadRows: number;
  rowsOnlyInWal: number;
  rolloutFiles: number;
  archivedRolloutFiles: number;
  problems: ProblemCount[];
  findingsBySeverity: Record<Severity, number>;
}

/** A count of input the tool could not fully use; nothing is dropped without one of these. */
export interface ProblemCount {
  what: string;
  count: number;
  examples: string[];
}

export interface Report {
  version: string;
  inputs: Inputs;
  stats: Stats;
  conversations: ConversationSummary[];
  findings: Finding[];
}
