import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyze, NO_FILTERS } from '../../../src/analysis/analyze.js';
import { buildInventory } from '../../../src/analysis/inventory.js';
import { collectSources } from '../../../src/log-index/collect.js';
import { readLogDbThreads } from '../../../src/sources/log-db/threads.js';
import { buildLooseDb } from '../../builders/state-db.js';
import { idAt, kinds, newScenario, only, removeScenario, rowFor, run, writeDb, writeThreadRollout, type Scenario } from '../../analysis/scenario.js';

const line = (id: number, threadId: string | null, body: string) => ({
  id,
  ts: 1_777_795_200 + id,
  ts_nanos: 250_000_000,
  level: 'INFO',
  target: 'codex_core::codex',
  feedback_log_body: body,
  module_path: null,
  file: null,
  line: null,
  thread_id: threadId,
  process_uuid: 'pid:1:x',
  estimated_bytes: 1,
});
const INPUT = 'session_loop{thread_id=X}:submission_dispatch{otel.name="op.dispatch.user_input" codex.op="user_input"}: handling';

describe('readLogDbThreads', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'codex-logs-log-db-threads-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sums up each thread: lines, span, and whether user input was dispatched', () => {
    const a = idAt(0, 'a');
    const b = idAt(1, 'b');
    buildLooseDb(join(dir, 'logs_2.sqlite'), {
      logs: {
        rows: [line(1, a, 'session_init'), line(2, a, INPUT), line(3, b, 'Shutting down'), line(4, null, 'no thread'), line(5, 'client-new-thread:x', 'x')],
      },
    });
    const { threads, files, unreadable } = readLogDbThreads(dir);
    expect(unreadable).toEqual([]);
    expect(files).toEqual([join(dir, 'logs_2.sqlite')]);
    expect(threads.sort((x, y) => x.firstTs - y.firstTs)).toEqual([
      {
        threadId: a,
        file: join(dir, 'logs_2.sqlite'),
        lines: 2,
        firstTs: 1_777_795_201_250,
        lastTs: 1_777_795_202_250,
        userInputLines: 1,
        firstRowId: 2,
        clientName: null,
      },
      {
        threadId: b,
        file: join(dir, 'logs_2.sqlite'),
        lines: 1,
        firstTs: 1_777_795_203_250,
        lastTs: 1_777_795_203_250,
        userInputLines: 0,
        firstRowId: 3,
        clientName: null,
      },
    ]);
  });
});

describe('log database threads in the analysis', () => {
  let s: Scenario;
  beforeEach(() => {
    s = newScenario();
  });
  afterEach(() => removeScenario(s));

  it('a thread that got user input per the log DB but has no row or rollout is unpersisted (F1); one without is unmaterialized (F2)', async () => {
    const ghost = idAt(2, 'ghost');
    const idle = idAt(3, 'idle');
    const kept = idAt(0, 'kept');
    writeDb(s, [rowFor(writeThreadRollout(s, kept, 0), s.home)]);
    buildLooseDb(join(s.home, 'logs_1.sqlite'), { logs: { rows: [line(1, ghost, INPUT), line(2, idle, 'Shutting down'), line(3, kept, INPUT)] } });
    const report = await run(s, {}, { logs: false });
    expect(kinds(report)).toEqual([`unmaterialized-thread ${idle}`, `unpersisted-conversation ${ghost}`]);
    expect(only(report, 'unpersisted-conversation')[0]?.summary).toBe(
      'Conversation received user input (per the app-server log database) but has no threads row and no rollout file',
    );
    expect(only(report, 'unpersisted-conversation')[0]?.evidence[0]).toMatchObject({ source: 'log-db', file: join(s.home, 'logs_1.sqlite') });
  });
});

describe('app_server.client_name in logs_2.sqlite', () => {
  let s: Scenario;
  beforeEach(() => {
    s = newScenario();
  });
  afterEach(() => removeScenario(s));

  const request = (client: string) =>
    `app_server.request{otel.name="thread/start" rpc.method="thread/start" rpc.transport="stdio" app_server.client_name="${client}" app_server.client_version="26.917.51856"}:app_server.thread_start.create_thread:thread_spawn:session_init: Configuring session`;

  it('gives the origin of a thread that only the log database knows', async () => {
    const desktop = idAt(2, 'desktop');
    const tui = idAt(3, 'tui');
    const other = idAt(4, 'other');
    writeDb(s, [rowFor(writeThreadRollout(s, idAt(0, 'kept'), 0), s.home)]);
    buildLooseDb(join(s.home, 'logs_2.sqlite'), {
      logs: {
        rows: [
          line(1, desktop, request('Codex Desktop')),
          line(2, tui, request('codex-tui')),
          line(3, other, request('buzz-acp')),
          line(4, desktop, 'Shutting down'),
        ],
      },
    });
    const sources = await collectSources({ logsDir: null, codexHome: s.home, env: {}, home: join(s.root, 'none'), filters: NO_FILTERS });
    expect(sources.logDb.threads.map((t) => [t.threadId, t.clientName])).toEqual([
      [desktop, 'Codex Desktop'],
      [tui, 'codex-tui'],
      [other, 'buzz-acp'],
    ]);
    const origins = new Map(buildInventory(analyze(sources), sources).map((e) => [e.id, e.origin]));
    expect([origins.get(desktop), origins.get(tui), origins.get(other)]).toEqual(['Desktop', 'cli', 'unknown']);
  });
});
