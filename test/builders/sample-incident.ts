/**
 * The seed incident (codex-formats.md §4, openai/codex#20944) as files: a miniature of an affected Mac, made with the
 * project's own builders. `npm run sample-logs` writes it to sample-logs/; the end-to-end tests write it to a
 * temporary folder. Deterministic: the same content every run (SQLite page bytes aside).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDesktopLog, type DesktopLineSpec } from './desktop-log.js';
import { makeThreadId, rolloutRelPath, writeRollout, type RolloutSpec } from './rollouts.js';
import { buildSidebarCatalog } from './sidebar-catalog.js';
import { buildStateDb, type ThreadSeed } from './state-db.js';

/** Alice's Mac: the home the rows were recorded under, and her zone (CEST, UTC+2) for rollout file names. */
const RECORDED_HOME = '/Users/alice/.codex';
const OFFSET = 120;
const CWD = '/Users/alice/code/invoice-service';
const DESKTOP_VERSION = '26.429.1';
const APP_SERVER_VERSION = '0.128.0-alpha.1';

const t = (iso: string) => Date.parse(iso);

/** The conversations of the incident, by role. */
export interface SampleIncident {
  healthy: string;
  archived: string;
  cliOnly: string;
  walOnly: string;
  parent: string;
  sideA: string;
  sideB: string;
  deferred: string;
  lostTail: string;
  catalogLost: string;
}

/** Writes `<target>/desktop-logs/` and `<target>/codex-home/` (replacing earlier copies) and `<target>/README.md`. */
export function writeSampleIncident(target: string): SampleIncident {
  const logsRoot = join(target, 'desktop-logs');
  const home = join(target, 'codex-home');

  // Conversations. Ids are UUIDv7, so each carries its creation time.
  const healthy = makeThreadId(t('2026-05-03T07:58:02.114Z'), 'healthy-refactor');
  const archived = makeThreadId(t('2026-05-01T15:20:40.310Z'), 'archived-spike');
  const cliOnly = makeThreadId(t('2026-05-02T18:02:09.775Z'), 'cli-migration');
  const walOnly = makeThreadId(t('2026-05-04T08:41:12.501Z'), 'fresh-after-restart');
  const parent = makeThreadId(t('2026-05-03T08:10:31.902Z'), 'parent-lost-row');
  const sideA = makeThreadId(t('2026-05-03T08:40:05.233Z'), 'side-chat-a');
  const sideB = makeThreadId(t('2026-05-03T09:05:47.618Z'), 'side-chat-b');
  const deferred = makeThreadId(t('2026-05-04T09:12:00.040Z'), 'deferred-start');
  const lostTail = makeThreadId(t('2026-05-04T08:35:00.410Z'), 'lost-last-turns');
  const catalogLost = makeThreadId(t('2026-05-02T10:14:22.640Z'), 'sidebar-catalog-lost');

  rmSync(logsRoot, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });

  // --- Codex home --------------------------------------------------------------------------------------------
  const rollouts: RolloutSpec[] = [
    rollout(healthy, '2026-05-03T07:58:02.114Z', ['2026-05-03T07:58:30.000Z', '2026-05-03T08:05:12.000Z'], 'Refactor the invoice totals'),
    rollout(archived, '2026-05-01T15:20:40.310Z', ['2026-05-01T15:21:02.000Z'], 'Spike: PDF export', 'archived_sessions'),
    { ...rollout(cliOnly, '2026-05-02T18:02:09.775Z', ['2026-05-02T18:02:40.000Z'], 'Migrate the test runner'), originator: 'codex_cli_rs', source: 'cli' },
    rollout(walOnly, '2026-05-04T08:41:12.501Z', ['2026-05-04T08:41:30.000Z'], 'Check the CI failure'),
    // Two turns reached disk; the two the Desktop log routed later (09:01, 09:03) never did.
    rollout(lostTail, '2026-05-04T08:35:00.410Z', ['2026-05-04T08:35:20.000Z', '2026-05-04T08:38:00.000Z'], 'Speed up the invoice export'),
    rollout(
      parent,
      '2026-05-03T08:10:31.902Z',
      ['2026-05-03T08:10:50.000Z', '2026-05-03T08:25:03.000Z', '2026-05-03T09:30:17.000Z'],
      'Fix rounding in tax lines',
    ),
    rollout(catalogLost, '2026-05-02T10:14:22.640Z', ['2026-05-02T10:14:40.000Z', '2026-05-02T10:31:05.000Z'], 'Draft the release notes'),
  ];
  const recordedPaths = new Map<string, string>();
  for (const spec of rollouts) {
    writeRollout(home, spec);
    recordedPaths.set(spec.id, `${RECORDED_HOME}/${rolloutRelPath(spec)}`);
  }

  const row = (id: string, title: string, extra: Partial<ThreadSeed> = {}): ThreadSeed => {
    const created = Math.floor((rollouts.find((r) => r.id === id)!.startedAt as number) / 1000);
    return {
      id,
      rolloutPath: recordedPaths.get(id)!,
      createdAt: created,
      updatedAt: created + 900,
      source: 'vscode',
      cwd: CWD,
      title,
      firstUserMessage: title,
      cliVersion: APP_SERVER_VERSION,
      ...extra,
    };
  };
  buildStateDb(join(home, 'state_5.sqlite'), {
    schemaVersion: 29,
    backfillStatus: 'complete',
    // The parent's row is missing: it was lost (codex-formats.md §4: it had to be restored by hand).
    threads: [
      row(healthy, 'Refactor the invoice totals'),
      row(archived, 'Spike: PDF export', { archived: true, archivedAt: t('2026-05-02T09:00:00Z') / 1000 }),
      row(cliOnly, 'Migrate the test runner', { source: 'cli' }),
      row(lostTail, 'Speed up the invoice export', { updatedAt: Math.floor(t('2026-05-04T08:38:05.000Z') / 1000) }),
      row(catalogLost, 'Draft the release notes'),
    ],
    // Codex is running: its newest row is committed in the -wal file and not yet checkpointed.
    walOnlyThreads: [row(walOnly, 'Check the CI failure')],
  });

  // Desktop's sidebar catalog never finished its first build after the update (C1, #30385): it lists the other
  // conversations (the parent too: Desktop saw it start, before its row was lost) but not the release-notes chat,
  // whose row and rollout are intact.
  buildSidebarCatalog(home, {
    entries: [healthy, cliOnly, parent, lostTail, walOnly].map((threadId) => ({ threadId })),
    syncState: { initialBuildComplete: false, watermarkUpdatedAt: null, lastFullReconciledAt: null },
    mtime: t('2026-05-04T09:14:00.000Z'),
  });

  // --- Desktop logs ------------------------------------------------------------------------------------------
  const info = (ts: string, component: string, message: string, fields: DesktopLineSpec['fields'] = {}): DesktopLineSpec => ({
    ts,
    level: 'info',
    component,
    message,
    fields,
  });
  const routed = (ts: string, method: string, conversationId: string | null, extra: DesktopLineSpec['fields'] = {}): DesktopLineSpec =>
    info(ts, 'AppServerConnection', 'response_routed', { conversationId, durationMs: 41, errorCode: null, method, requestId: requestId(ts, method), ...extra });

  const dayOne: (string | DesktopLineSpec)[] = [
    'Launching Codex Desktop 26.429.1 (arm64)',
    info('2026-05-03T07:55:10.004Z', 'StdioConnection', 'stdio_transport_spawned', { command: '/Applications/Codex.app/Contents/Resources/codex', pid: 5121 }),
    info('2026-05-03T07:55:10.412Z', 'AppServerConnection', 'Current reported app-server version:', {
      currentVersion: APP_SERVER_VERSION,
      desktopVersion: DESKTOP_VERSION,
    }),
    routed('2026-05-03T07:55:11.020Z', 'thread/list', null),
    routed('2026-05-03T07:58:02.180Z', 'thread/start', healthy),
    info('2026-05-03T07:58:02.185Z', 'electron-message-handler', 'Conversation created', { conversationId: healthy }),
    routed('2026-05-03T07:58:30.020Z', 'turn/start', healthy),
    routed('2026-05-03T08:05:12.030Z', 'turn/start', healthy),
    routed('2026-05-03T08:10:31.950Z', 'thread/start', parent),
    info('2026-05-03T08:10:31.955Z', 'electron-message-handler', 'Conversation created', { conversationId: parent }),
    routed('2026-05-03T08:10:50.011Z', 'turn/start', parent),
    routed('2026-05-03T08:25:03.040Z', 'turn/start', parent),
    // Side chat A: /side forks the parent ephemerally; the new id only ever lives in memory.
    routed('2026-05-03T08:40:05.240Z', 'thread/fork', parent, { ephemeral: true }),
    info('2026-05-03T08:40:05.251Z', 'electron-message-handler', 'Conversation created', { conversationId: sideA, forkedFromId: parent }),
    routed('2026-05-03T08:40:05.610Z', 'thread/inject_items', sideA),
    routed('2026-05-03T08:40:06.002Z', 'turn/start', sideA),
    routed('2026-05-03T08:44:51.317Z', 'turn/start', sideA),
    info('2026-05-03T08:52:00.000Z', 'electron-message-handler', 'Received item/completed for unknown conversation', {
      conversationId: 'client-new-thread:3b0c9d55-4e0b-4c2e-9d0f-0a3b8c1f7e21',
    }),
    // Side chat B.
    routed('2026-05-03T09:05:47.630Z', 'thread/fork', parent, { ephemeral: true }),
    info('2026-05-03T09:05:47.641Z', 'electron-message-handler', 'Conversation created', { conversationId: sideB, forkedFromId: parent }),
    routed('2026-05-03T09:05:48.004Z', 'thread/inject_items', sideB),
    routed('2026-05-03T09:05:48.377Z', 'turn/start', sideB),
    routed('2026-05-03T09:30:17.020Z', 'turn/start', parent),
    {
      ts: '2026-05-03T09:31:02.400Z',
      level: 'warning',
      component: 'electron-fetch-handler',
      message: 'fetch retry',
      fields: { attempt: 2, url: 'https://chatgpt.com/backend-api/wham/usage' },
    },
    '    at async Object.fetchWithRetry (/Applications/Codex.app/Contents/Resources/app.asar/.vite/build/main.js:812:19)',
  ];

  const launch = '2026-05-04T08:30:02.118Z';
  const eisdir = `failed to read thread: thread-store internal error: failed to read thread ${RECORDED_HOME}: Is a directory (os error 21)`;
  const resumeFailed = (ts: string, conversationId: string, message: string): DesktopLineSpec => ({
    ts,
    level: 'error',
    component: 'electron-message-handler',
    message: 'Request failed',
    fields: { conversationId, error: { code: -32603, message }, method: 'thread/resume', source: 'thread_hydration' },
  });
  const dayTwo: (string | DesktopLineSpec)[] = [
    info(launch, 'StdioConnection', 'stdio_transport_spawned', { command: '/Applications/Codex.app/Contents/Resources/codex', pid: 7433 }),
    info('2026-05-04T08:30:02.530Z', 'AppServerConnection', 'Current reported app-server version:', {
      currentVersion: APP_SERVER_VERSION,
      desktopVersion: DESKTOP_VERSION,
    }),
    routed('2026-05-04T08:30:03.100Z', 'thread/list', null),
    info('2026-05-04T08:31:40.200Z', 'electron-message-handler', 'maybe_resume_started', {
      conversationId: sideA,
      hostId: 'local',
      previousResumeState: 'needs_resume',
    }),
    routed('2026-05-04T08:31:40.262Z', 'thread/fork', sideA, {
      durationMs: 6,
      errorCode: -32600,
      errorMessage: `no rollout found for thread id ${sideA}`,
    }),
    info('2026-05-04T08:31:40.270Z', 'electron-message-handler', 'Conversation state not found', { conversationId: sideA }),
    routed('2026-05-04T08:35:00.470Z', 'thread/start', lostTail),
    routed('2026-05-04T08:35:20.011Z', 'turn/start', lostTail),
    routed('2026-05-04T08:38:00.020Z', 'turn/start', lostTail),
    routed('2026-05-04T08:41:12.560Z', 'thread/start', walOnly),
    routed('2026-05-04T08:41:30.010Z', 'turn/start', walOnly),
    info('2026-05-04T08:52:19.804Z', 'electron-message-handler', 'maybe_resume_started', {
      conversationId: sideB,
      hostId: 'local',
      previousResumeState: 'needs_resume',
    }),
    resumeFailed('2026-05-04T08:52:19.871Z', sideB, eisdir),
    info('2026-05-04T08:58:44.010Z', 'electron-message-handler', 'maybe_resume_started', {
      conversationId: parent,
      hostId: 'local',
      previousResumeState: 'needs_resume',
    }),
    resumeFailed('2026-05-04T08:58:44.093Z', parent, eisdir),
    routed('2026-05-04T09:01:10.300Z', 'turn/start', lostTail),
    routed('2026-05-04T09:03:40.120Z', 'turn/start', lostTail),
    // A new chat that was opened and left without a message: deferred persistence, not a problem.
    routed('2026-05-04T09:12:00.090Z', 'thread/start', deferred),
    routed('2026-05-04T09:14:31.400Z', 'thread/read', healthy),
  ];

  writeDesktopLog(logsRoot, { date: '2026-05-03T07:55:09Z', pid: 5121, lines: dayOne });
  writeDesktopLog(logsRoot, { date: launch, pid: 7433, lines: dayTwo });

  writeFileSync(
    join(target, 'README.md'),
    `# sample-logs

A miniature of a Mac hit by the side-chat persistence bug (openai/codex#20944), generated by
\`npm run sample-logs\` (scripts/make-sample-logs.ts) with the project's own builders. Do not edit by hand.

- \`desktop-logs/2026/05/0{3,4}/\`: two days of Codex Desktop ${DESKTOP_VERSION} logs (app-server ${APP_SERVER_VERSION}).
- \`codex-home/\`: Alice's \`~/.codex\`, copied off her machine (rollout paths still say \`${RECORDED_HOME}\`):
  \`state_5.sqlite\` at schema 29 (one row committed only in the \`-wal\`, as while Codex runs), rollouts in
  \`sessions/\` and \`archived_sessions/\`, and Desktop's sidebar catalog \`sqlite/codex-dev.db\`.

What happened:

| Conversation | Story | Expected finding |
|---|---|---|
| \`${parent}\` | parent chat; its rollout exists but its \`threads\` row was lost; its resume fails with EISDIR | \`missing-thread-row\`, \`request-failed\` |
| \`${sideA}\` | side chat of the parent: inject_items + 2 turns, never persisted; later \`thread/fork\` fails with "no rollout found" | \`unpersisted-conversation\`, \`request-failed\` |
| \`${sideB}\` | side chat of the parent: inject_items + 1 turn, never persisted; later \`thread/resume\` fails with "Is a directory (os error 21)" | \`unpersisted-conversation\`, \`request-failed\` |
| \`${healthy}\` | healthy Desktop chat | none |
| \`${archived}\` | healthy archived chat | none |
| \`${cliOnly}\` | healthy CLI session, not in the Desktop log | none |
| \`${walOnly}\` | healthy chat whose row is only in the \`-wal\` | none |
| \`${lostTail}\` | persisted chat whose last two turns (09:01, 09:03 on day 2) never reached disk | \`unpersisted-turns\` |
| \`${deferred}\` | \`thread/start\` with no message (deferred persistence) | \`unmaterialized-thread\` (info: nothing lost) |
| \`${catalogLost}\` | healthy chat (row and rollout intact) that the Desktop sidebar catalog lost: its first build never finished | \`sidebar-catalog-missing\` |

Run: \`node dist/cli.js analyze sample-logs\`
`,
  );
  return { healthy, archived, cliOnly, walOnly, parent, sideA, sideB, deferred, lostTail, catalogLost };
}

function rollout(id: string, startedAt: string, turnTimes: string[], userMessage: string, root: RolloutSpec['root'] = 'sessions'): RolloutSpec {
  return {
    id,
    root,
    startedAt: t(startedAt),
    localOffsetMinutes: OFFSET,
    cwd: CWD,
    originator: 'Codex Desktop',
    cliVersion: APP_SERVER_VERSION,
    source: 'vscode',
    turns: turnTimes.map((at, i) => ({ at: t(at), userMessage: i === 0 ? userMessage : `Follow-up ${i}`, agentMessage: 'Done.', complete: true })),
  };
}

/** Desktop request ids are UUIDs; derived from the line so the sample is reproducible. */
function requestId(ts: string, method: string): string {
  return makeThreadId(t(ts), `request:${method}`).replace(/^(.{14})7/, '$14');
}
