/**
 * A Codex home and Desktop logs that give every finding kind a readable state DB allows (all but state-db-unreadable
 * and no-persisted-state, which need no or a broken DB), seeded with private data in every kind of file: a token, a
 * user name, an e-mail address and prompt text. Made for `collect`: its bundle must give the same findings and carry
 * none of the seeds.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import type { FindingKind } from '../../src/model/finding.js';
import { join } from 'node:path';
import { at, created, idAt, requestFailed, routed, rowFor, sideChat, T0, writeThreadRollout, type Scenario } from '../analysis/scenario.js';
import { writeDesktopLog, type DesktopLineSpec } from './desktop-log.js';
import { writeEmptyRollout, writeRollout } from './rollouts.js';
import { buildLooseDb, buildStateDb, type ThreadSeed } from './state-db.js';

/** Private data the bundle must not carry, each in a form redaction or leaving content out must catch. */
export const SEEDS = {
  user: 'zebulonquix',
  email: 'zebulon.quix@example.org',
  token: 'sk-proj-Zq8vT3kLm9Pw2Rx7Yb4Nc6Hd',
  prompt: 'Kumquat marmalade recipe for the invoice',
} as const;

const RECORDED_HOME = `/Users/${SEEDS.user}/.codex`;
const CWD = `/Users/${SEEDS.user}/code/invoices`;
const PROMPT = `${SEEDS.prompt} (mail ${SEEDS.email}, key ${SEEDS.token})`;

export const EVERY_KIND = [
  'archive-mismatch',
  'backfill-incomplete',
  'compression-debris',
  'duplicate-rollout',
  'duplicate-rollout-path',
  'empty-rollout-path',
  'external-row',
  'hidden-thread',
  'id-mismatch',
  'missing-fork-parent',
  'missing-rollout-file',
  'missing-spawn-parent',
  'missing-thread-row',
  'orphan-child-row',
  'request-failed',
  'rollout-path-not-a-file',
  'rollout-path-outside-home',
  'stale-spawn-edge',
  'time-skew',
  'unfinished-turn',
  'unmaterialized-thread',
  'unpersisted-conversation',
  'unpersisted-turns',
  'unreadable-rollout',
] as const satisfies readonly FindingKind[];

export function writeEveryFindingHome(s: Scenario): void {
  const id = (minutes: number, salt: string) => idAt(minutes, salt);
  const turn = (minutes: number, extra: object = {}) => ({ at: at(minutes), userMessage: PROMPT, agentMessage: `Sure, ${SEEDS.email}`, ...extra });
  const spec = (threadId: string, minutes: number, extra: object = {}) =>
    writeThreadRollout(s, threadId, minutes, { cwd: CWD, turns: [turn(minutes + 0.1)], ...extra });
  const row = (r: ReturnType<typeof spec>, extra: Partial<ThreadSeed> = {}): ThreadSeed =>
    rowFor(r, RECORDED_HOME, { cwd: CWD, title: PROMPT, firstUserMessage: PROMPT, preview: PROMPT, name: PROMPT, ...extra });

  const healthy = spec(id(0, 'healthy'), 0);
  const lostTurns = spec(id(5, 'lost-turns'), 5);
  const archivedInSessions = spec(id(10, 'archive-mismatch'), 10);
  const renamedFile = spec(id(15, 'id-mismatch'), 15, { fileNameId: id(15, 'other-name') });
  const duplicated = spec(id(20, 'duplicated'), 20);
  writeRollout(s.home, { id: duplicated.id, startedAt: at(20), copyIndex: 1, cwd: CWD, turns: [turn(20.1)] });
  const fork = spec(id(25, 'fork'), 25, { forkedFromId: id(24, 'gone-parent') });
  const subagent = spec(id(30, 'subagent'), 30, { source: { subagent: { thread_spawn: { parent_thread_id: id(29, 'gone-spawner'), depth: 1 } } } });
  writeEmptyRollout(s.home, { id: id(35, 'empty-file'), startedAt: at(35) });
  const torn = spec(id(36, 'torn'), 36, {
    finalNewline: false,
    rawLines: (lines: string[]) => [...lines, `{"timestamp":"2026-05-03T08:37:00.000Z","type":"response_item","payload":{"text":"${SEEDS.prompt}`],
  });
  const unfinished = spec(id(40, 'unfinished'), 40, { turns: [turn(40.1, { complete: false })] });
  const skewed = spec(id(45, 'skewed'), 45);
  const hidden = spec(id(50, 'hidden'), 50);
  const external = spec(id(55, 'external'), 55);
  const orphanRollout = spec(id(60, 'no-row'), 60);
  const child = spec(id(65, 'spawned-child'), 65);
  const spawner = spec(id(64, 'spawner'), 64);
  const sharedA = spec(id(70, 'shared-a'), 70);
  const sharedB = id(71, 'shared-b');
  void orphanRollout;

  buildStateDb(join(s.home, 'state_5.sqlite'), {
    schemaVersion: 42,
    backfillStatus: 'running',
    threads: [
      row(healthy),
      row(lostTurns),
      row(archivedInSessions, { archived: true }),
      row(renamedFile),
      row(duplicated),
      row(fork),
      row(subagent),
      row(torn),
      row(unfinished),
      row(skewed, { updatedAt: Math.floor(at(45) / 1000) - 3600 }),
      row(hidden, { firstUserMessage: '', preview: '', title: '' }),
      row(external, { source: 'my-importer', cliVersion: 'importer 2.0' }),
      row(spawner),
      row(child, { archived: true }),
      row(sharedA),
      { ...row(sharedA), id: sharedB },
      {
        id: id(80, 'missing-file'),
        rolloutPath: `${RECORDED_HOME}/sessions/2026/05/03/rollout-2026-05-03T09-20-00-${id(80, 'missing-file')}.jsonl`,
        cwd: CWD,
        title: PROMPT,
        firstUserMessage: PROMPT,
      },
      { id: id(81, 'empty-path'), rolloutPath: '', cwd: CWD, title: PROMPT, firstUserMessage: PROMPT },
      { id: id(82, 'a-folder'), rolloutPath: RECORDED_HOME, cwd: CWD, title: PROMPT, firstUserMessage: PROMPT },
      { id: id(83, 'outside'), rolloutPath: '/etc/passwd', cwd: CWD, title: PROMPT, firstUserMessage: PROMPT },
    ],
    spawnEdges: [{ parent: spawner.id, child: child.id, status: 'open' }],
    walOnlyThreads: [row(spec(id(90, 'wal-only'), 90))],
  });

  // Codex's own databases beside the state DB, with prompts and secrets in their text.
  buildLooseDb(join(s.home, 'logs_2.sqlite'), {
    logs: {
      rows: [
        {
          id: 1,
          ts: Math.floor(at(100) / 1000),
          ts_nanos: 0,
          level: 'INFO',
          target: 'codex_core::codex',
          feedback_log_body: `op.dispatch.user_input text="${PROMPT}"`,
          module_path: null,
          file: null,
          line: null,
          thread_id: id(100, 'log-db-only'),
          process_uuid: null,
          estimated_bytes: 10,
        },
        {
          id: 2,
          ts: Math.floor(at(101) / 1000),
          ts_nanos: 0,
          level: 'WARN',
          target: 'codex_core::auth',
          feedback_log_body: `token ${SEEDS.token} for ${SEEDS.email} in /Users/${SEEDS.user}/x`,
          module_path: null,
          file: null,
          line: null,
          thread_id: healthy.id,
          process_uuid: null,
          estimated_bytes: 10,
        },
      ],
    },
  });
  buildLooseDb(join(s.home, 'thread_history_1.sqlite'), {
    thread_turns: {
      rows: [
        {
          thread_id: healthy.id,
          turn_id: 't1',
          rollout_ordinal: 1,
          status: 'completed',
          error_json: null,
          started_at: Math.floor(at(0.1) / 1000),
          completed_at: Math.floor(at(0.2) / 1000),
          duration_ms: 4000,
        },
      ],
    },
    thread_items: {
      rows: [
        { thread_id: healthy.id, turn_id: 't1', item_id: 'i1', rollout_ordinal: 1, item_json: JSON.stringify({ text: PROMPT }), item_type: 'user_message' },
      ],
    },
  });

  writeFileSync(join(s.home, 'history.jsonl'), `${JSON.stringify({ session_id: healthy.id, ts: Math.floor(at(0.1) / 1000), text: PROMPT })}\n`);
  writeFileSync(
    join(s.home, 'session_index.jsonl'),
    `${JSON.stringify({ id: id(120, 'named-then-deleted'), thread_name: PROMPT, updated_at: '2026-05-03T10:00:00Z' })}\n`,
  );
  mkdirSync(join(s.home, 'log'), { recursive: true });
  writeFileSync(
    join(s.home, 'log', 'codex-tui.log'),
    `2026-05-03T08:00:10.000000Z  INFO session_loop{thread_id=${healthy.id}}: codex_core::codex: user said ${PROMPT}\n` +
      `2026-05-03T08:00:11.000000Z ERROR codex_core::rollout: failed to materialize thread persistence for thread_id=${healthy.id} at /Users/${SEEDS.user}/.codex\n` +
      `2026-05-03T08:00:12.000000Z  INFO codex_core::exec: tool output ${PROMPT}\n`,
  );
  // Debris of an interrupted compression: a temporary file and a lock untouched for days.
  const day = join(s.home, 'sessions', '2026', '05', '03');
  writeFileSync(join(day, `.compress.${healthy.id}.tmp`), PROMPT);
  mkdirSync(join(s.home, '.tmp'), { recursive: true });
  writeFileSync(join(s.home, '.tmp', 'rollout-compression.lock'), '');
  utimesSync(join(s.home, '.tmp', 'rollout-compression.lock'), new Date(T0), new Date(T0));

  const side = id(130, 'side-chat');
  const lines: DesktopLineSpec[] = [
    {
      ts: at(-1),
      level: 'info',
      component: 'StdioConnection',
      message: 'stdio_transport_spawned',
      fields: { command: `/Users/${SEEDS.user}/Applications/Codex.app/codex`, pid: 4612 },
    },
    routed(0.05, 'thread/start', healthy.id),
    routed(0.1, 'turn/start', healthy.id),
    routed(5.1, 'turn/start', lostTurns.id),
    routed(35, 'turn/start', lostTurns.id),
    routed(110, 'thread/start', id(110, 'never-materialized')),
    ...sideChat(130, side, healthy.id, 2),
    created(131, id(131, 'another')),
    requestFailed(140, side, 'thread/resume', -32600, `no rollout found for thread id ${side}`),
    {
      ts: at(141),
      level: 'warning',
      component: 'electron-fetch-handler',
      message: 'fetch retry',
      fields: { url: `https://chatgpt.com/api?login=${SEEDS.email}&access_token=${SEEDS.token}`, hostId: 'remote-ssh-discovered:build-box.internal' },
    },
  ];
  writeDesktopLog(s.logs, { date: lines[0]!.ts, pid: 4612, lines });
}
