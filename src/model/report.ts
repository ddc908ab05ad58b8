import type { Finding, Severity } from './finding.js';
import type { TimelineEvent } from './timeline-event.js';

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
  /**
   * When the Codex home named by --codex-home or $CODEX_HOME holds neither a state DB nor sessions/, the shallowest
   * folder below it that does (a home copied with its parent folder). Only a hint: it was not read.
   */
  codexHomeBelow: string | null;
  stateDb: string | null;
  stateDbStatus: 'ok' | 'missing' | 'unreadable';
  /** MAX(version) of `_sqlx_migrations` when the DB was read. */
  stateDbSchemaVersion: number | null;
  /** The home the state DB's paths were recorded under, when it differs from `codexHome`: recordedHomes[0]. */
  recordedHome: string | null;
  /** Every recorded home re-rooted onto `codexHome` (one home copied from two mounts has two). */
  recordedHomes: string[];
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

/**
 * The contract of every reader in `sources/<kind>/`: the typed records it read, and what it could not read as counted
 * problems (none when it read everything), so that no layer above has to know a reader's own stats to find them.
 */
export interface SourceRead<R> {
  records: R;
  problems: ProblemCount[];
}

export interface Report {
  version: string;
  inputs: Inputs;
  stats: Stats;
  conversations: ConversationSummary[];
  findings: Finding[];
}
