import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import type { Sources } from '../../src/sources/types.js';
import { emptyDesktopLogStats } from '../../src/sources/desktop-log/read-file.js';
import { emptyLogVersions } from '../../src/sources/desktop-log/versions.js';
import { emptyTuiLogStats } from '../../src/sources/tui-log/read.js';
import { createFileIdentities } from '../../src/log-index/file-identity.js';
import { createLogTexts } from '../../src/log-index/texts.js';

/** A hand-built report, so reporters are tested apart from the analysis. */
export function makeReport(overrides: Partial<Report> = {}): Report {
  return {
    version: '9.9.9',
    inputs: {
      logsDir: '/work/case/logs',
      logsDirOrigin: 'argument',
      logsDirFound: true,
      logFiles: 2,
      codexHome: '/work/case/home',
      codexHomeOrigin: 'inside-logs-dir',
      codexHomeFound: true,
      stateDb: '/work/case/home/state_5.sqlite',
      stateDbStatus: 'ok',
      stateDbSchemaVersion: 29,
      recordedHome: null,
      recordedHomes: [],
      codexHomeBelow: null,
    },
    stats: {
      logFiles: 2,
      logLines: 40,
      logEntries: 38,
      logEvents: 20,
      tuiLogFiles: 0,
      tuiLogLines: 0,
      logDbThreads: 0,
      conversations: 3,
      threadRows: 2,
      rowsOnlyInWal: 1,
      rolloutFiles: 2,
      archivedRolloutFiles: 0,
      problems: [],
      findingsBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    },
    conversations: [],
    findings: [],
    ...overrides,
  };
}

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    kind: 'unpersisted-conversation',
    severity: 'critical',
    threadId: '019decfe-a771-7380-ac92-fec89615facd',
    summary: 'Side chat received 1 turn/start',
    cause: 'Side chats are ephemeral.',
    evidence: [
      {
        source: 'desktop-log',
        file: '/work/case/logs/2026/05/03/a-very-long-desktop-log-file-name-that-would-not-fit-in-a-narrow-table-column.log',
        line: 14,
        ts: Date.parse('2026-05-03T08:40:05.251Z'),
        text: 'info Conversation created',
      },
    ],
    explainedBy: null,
    count: 1,
    ...overrides,
  };
}

export function withFindings(findings: Finding[]): Report {
  const report = makeReport({ findings });
  for (const f of findings) report.stats.findingsBySeverity[f.severity] += 1;
  return report;
}

/** Sources that hold nothing, for renderers that also look at what was read (the report's environment). */
export function emptySources(): Sources {
  return {
    inputs: withFindings([]).inputs,
    logTimelines: new Map(),
    logStats: emptyDesktopLogStats(),
    logVersions: emptyLogVersions(),
    tuiStats: emptyTuiLogStats(),
    history: { path: null, entries: 0, badLines: 0 },
    stateDb: { status: 'missing', path: '/x/state_5.sqlite' },
    rollouts: [],
    rolloutStats: null,
    rowPaths: [],
    logDb: { threads: [], files: [], unreadable: [] },
    threadHistory: { path: null, threads: new Map(), error: null },
    home: null,
    logTexts: createLogTexts(createFileIdentities()),
    collectedAt: 0,
    problems: [],
  };
}
