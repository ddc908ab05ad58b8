import type { LogTexts } from '../model/deferred-text.js';
import type { EphemeralRequest } from '../model/ephemeral-request.js';
import type { LogTimeline } from '../model/log-timeline.js';
import type { Inputs, ProblemCount, RowPathCheck } from '../model/report.js';
import type { DesktopLogStats } from './desktop-log/types.js';
import type { LogVersions } from './desktop-log/versions.js';
import type { HomeExtras } from './home/extras.js';
import type { HistoryRead } from './home/history.js';
import type { LogDbThreads } from './log-db/threads.js';
import type { QueueDbRead } from './queue-db/read.js';
import type { RolloutMigrationFiles } from './rollout-migration/read.js';
import type { RolloutFile, RolloutStats } from './rollouts/types.js';
import type { SidebarCatalogRead } from './sidebar-catalog/read.js';
import type { StateDbBackup } from './state-db-backups/read.js';
import type { StateDbRead } from './state-db/types.js';
import type { ThreadHistoryRead } from './thread-history/read.js';
import type { TuiLogStats } from './tui-log/read.js';
import type { WriterLock } from './writer-locks/read.js';

/** Everything read for one run, merged: what the analysis joins. Made by collectSources. */
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
  /** Reads back the texts of kept Desktop events left without one (CollectOptions.deferTexts), and of their evidence. */
  logTexts: LogTexts;
  /** When the sources were read (epoch ms): ages such as a stale lock's are measured from it. */
  collectedAt: number;
  /** What every reader could not read, in the order they read (each reader's SourceRead.problems). */
  problems: ProblemCount[];
}
