import type { EphemeralRequest } from '../model/ephemeral-request.js';
import { createPlainLineParser } from '../sources/desktop-log/plain-line.js';
import { emptyDesktopLogStats, readDesktopLogFile } from '../sources/desktop-log/read-file.js';
import type { DesktopLogStats } from '../sources/desktop-log/types.js';
import { emptyLogVersionsTally, observeTime, observeVersions, VERSION_NEEDLES, type LogVersionsTally } from '../sources/desktop-log/versions.js';
import { createEphemeralTally, EPHEMERAL_NEEDLES } from './ephemeral.js';
import { createPlainLineEvents, EVENT_FIELDS, EVENT_NEEDLES, logEntryToEvent, REPEATED_EVENT_FIELDS, type PlainLineEvents } from './events.js';
import { createFileIdentities } from './file-identity.js';
import { createLogTimelineFolder, type LogTimelineFolder } from './fold.js';
import type { FoldPartial } from './partial.js';
import type { Share } from './plan.js';

/** A share and what its fold needs to know of the run: plain data, as it is posted to a worker. */
export interface ShareTask {
  share: Share;
  since: number | null;
  until: number | null;
  /** Conversations kept whole: 'all', or their ids. */
  keepWhole: 'all' | string[];
}

/** What one share leaves, to be merged in file order (see collect.ts). */
export interface ShareResult {
  /** Null when the share was folded straight into the run's fold (see foldShare's `into`). */
  partial: FoldPartial | null;
  stats: DesktopLogStats;
  versions: LogVersionsTally;
  ephemeral: EphemeralRequest[];
  identities: [string, string][];
  /** How many seq numbers the share used: the next share's start from there. */
  seqCount: number;
}

/**
 * The hot path: every Desktop log line of one share, file after file, into events and into the share's fold as it is
 * read. Lines in Desktop's plain shape are read on their bytes (PlainLineEvents), the rest parsed into entries; texts
 * are left to be read back later by offset (texts.ts). Runs on a worker (fold-worker.ts) or, for one thread, here.
 * Seq and line numbers count from the share's start. `onBytes` tells the bytes of the share read so far. `into`, for
 * the first share folded in this thread, is the run's fold, which its events then go to as they are read, with no
 * partial: with one thread, the whole run is that single pass.
 */
export async function foldShare(task: ShareTask, onBytes?: (bytes: number) => void, into?: LogTimelineFolder): Promise<ShareResult> {
  const keepWhole = task.keepWhole === 'all' ? null : new Set(task.keepWhole);
  const folder =
    into ?? createLogTimelineFolder({ since: task.since, until: task.until, keepAll: (id) => keepWhole === null || keepWhole.has(id), share: true });
  let seq = 0;
  const plainEvents: PlainLineEvents = createPlainLineEvents();
  const stats = emptyDesktopLogStats();
  const versions = emptyLogVersionsTally();
  const ephemeral = createEphemeralTally();
  const identities = createFileIdentities();
  const onEntry = (entry: Parameters<typeof logEntryToEvent>[0]): void => {
    observeVersions(entry, versions);
    const event = logEntryToEvent(entry, seq++, { deferText: true });
    if (event !== null) {
      ephemeral.observe(event, entry.fields);
      folder.add(event);
    }
  };
  const plain = {
    parse: createPlainLineParser(EVENT_FIELDS, REPEATED_EVENT_FIELDS),
    // Lines that may name versions go to observeVersions whole; of a plain line it needs only the time.
    fullParse: VERSION_NEEDLES,
    // Outside --since/--until the fold keeps no event, but a request for an ephemeral thread just before the window
    // may explain a conversation within it.
    ...(task.since === null && task.until === null ? {} : { window: { since: task.since, until: task.until, unless: EPHEMERAL_NEEDLES } }),
    onLine: (line: Parameters<PlainLineEvents['toEvent']>[0], file: string, lineNumber: number, offset: number) => {
      observeTime(line.ts, versions);
      const event = plainEvents.toEvent(line, file, lineNumber, offset, seq++);
      if (event !== null) {
        ephemeral.observe(event, line.fields);
        folder.add(event, plainEvents.lastIdKey());
      }
    },
  };
  for (const file of task.share.files) {
    await readDesktopLogFile(file.path, onEntry, stats, {
      needles: [...EVENT_NEEDLES, ...VERSION_NEEDLES],
      onUnparsedEntry: (ts) => observeTime(ts, versions),
      plain,
      onOpened: identities.opened,
      ...(file.range === undefined ? {} : { range: file.range }),
      ...(onBytes === undefined ? {} : { onBytes }),
    });
  }
  return {
    partial: into === undefined ? folder.partial() : null,
    stats,
    versions,
    ephemeral: ephemeral.requests,
    identities: identities.entries(),
    seqCount: seq,
  };
}
