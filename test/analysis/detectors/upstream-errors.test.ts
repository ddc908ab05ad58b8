import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchErrorSignature } from '../../../src/model/error-signatures.js';
import { at, idAt, kinds, only, requestFailed, routed, routedError, rowFor, run, writeDb, writeLog, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();

const thread = idAt(0, 'paginated');
const stall = (id: string) =>
  `failed to project durable rollout for ${id}: thread-store internal error: thread history projection for ${id} expected ordinal 4211, got 4210`;

function persisted(...ids: string[]): void {
  writeDb(
    s,
    ids.map((id, i) => rowFor(writeThreadRollout(s, id, i), s.home, { historyMode: 'paginated' })),
  );
}

/** A line of CODEX_HOME/log/codex-tui.log naming the thread in its span, as tracing writes it. */
function writeTuiLog(lines: { minutes: number; id: string; text: string }[]): string {
  const path = join(s.home, 'log', 'codex-tui.log');
  mkdirSync(join(s.home, 'log'), { recursive: true });
  writeFileSync(
    path,
    lines
      .map((l) => `${new Date(at(l.minutes)).toISOString().replace('Z', '123Z')}  INFO session_loop{thread_id=${l.id}}: codex_core::codex: ${l.text}\n`)
      .join(''),
  );
  return path;
}

describe('history-projection-stall (C2, C3, C6)', () => {
  it('flags a conversation whose resume fails on a stalled projection, with the ordinals, and explains the failure', async () => {
    persisted(thread);
    writeLog(s, [requestFailed(30, thread, 'thread/resume', -32603, stall(thread)), requestFailed(31, thread, 'thread/resume', -32603, stall(thread))]);
    const report = await run(s);
    const [found] = only(report, 'history-projection-stall');
    expect(found).toMatchObject({ severity: 'high', threadId: thread, count: 2 });
    expect(found?.summary).toBe('Its paginated history projection is stalled at ordinal 4211 (the last durable one is 4210) (2 errors logged)');
    expect(only(report, 'request-failed')[0]?.explainedBy).toEqual({ kind: 'history-projection-stall', threadId: thread });
  });

  it("names a side chat that cannot fork on the parent's stalled projection, and an incomplete subagent prefix", async () => {
    const sub = idAt(3, 'subagent');
    persisted(thread, sub);
    writeLog(s, [
      routedError(
        30,
        'thread/fork',
        thread,
        -32603,
        `thread/fork failed: failed to prepare paginated fork: thread-store internal error: thread history projection for ${thread} expected ordinal 4211, got 4210`,
      ),
      requestFailed(
        40,
        sub,
        'thread/resume',
        -32603,
        `failed to resume local thread recorder: paginated subagent rollout at /Users/a/.codex/sessions/x.jsonl is incomplete: expected inherited prefix through ordinal 828, found final durable ordinal 827`,
      ),
    ]);
    const found = only(await run(s), 'history-projection-stall');
    expect(found.map((f) => [f.threadId, f.summary])).toEqual(
      [
        [thread, 'A fork or side chat of it could not start on the stalled projection at ordinal 4211 (the last durable one is 4210) (1 error logged)'],
        [sub, "Its subagent rollout's inherited prefix is incomplete at ordinal 828 (the last durable one is 827) (1 error logged)"],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
  });

  it('is quiet for other failures', async () => {
    persisted(thread);
    writeLog(s, [requestFailed(30, thread, 'thread/resume', -32603, 'thread not found')]);
    expect(only(await run(s), 'history-projection-stall')).toEqual([]);
  });
});

describe('active-writer-conflict (C4)', () => {
  const refused = (minutes: number) => ({
    ...requestFailed(minutes, thread, 'thread/resume', -32600, `thread ${thread} already has an active writer`),
    fields: {
      conversationId: thread,
      error: { code: -32600, message: `thread ${thread} already has an active writer` },
      method: 'thread/resume',
      source: 'thread_hydration',
    },
  });

  it('names the CLI session that logged the thread as the holder', async () => {
    persisted(thread);
    const tui = writeTuiLog([{ minutes: 20, id: thread, text: 'submission op=user_input' }]);
    writeLog(s, [refused(30), refused(31), refused(32)]);
    const report = await run(s);
    const [found] = only(report, 'active-writer-conflict');
    expect(found).toMatchObject({ severity: 'medium', threadId: thread, count: 3 });
    expect(found?.summary).toBe(
      `Resuming was refused 3 times: the thread already has an active writer (a Codex CLI/TUI session that logged it in codex-tui.log up to ${new Date(at(20) + 0.123).toISOString()})`,
    );
    expect(found?.evidence.map((e) => e.file)).toContain(tui);
    expect(only(report, 'request-failed')[0]?.explainedBy).toEqual({ kind: 'active-writer-conflict', threadId: thread });
  });

  it('falls back to the lock file, and says so when nothing names the holder', async () => {
    persisted(thread);
    writeLog(s, [refused(30)]);
    expect(only(await run(s), 'active-writer-conflict')[0]?.summary).toMatch(
      /\(another Codex process \(a CLI `codex resume`, a second app-server or Desktop window\); the logs here do not say which\)$/,
    );
    mkdirSync(join(s.home, 'thread-writer-locks'), { recursive: true });
    writeFileSync(join(s.home, 'thread-writer-locks', `${thread}.lock`), '');
    writeFileSync(join(s.home, 'thread-writer-locks', '.coordination.lock'), '');
    const [found] = only(await run(s), 'active-writer-conflict');
    expect(found?.summary).toMatch(/another Codex process, which took its writer lock first \(lock file created /);
    expect(found?.evidence.map((e) => e.source)).toContain('codex-home');
  });

  it('never flags lock files on their own', async () => {
    persisted(thread);
    mkdirSync(join(s.home, 'thread-writer-locks'), { recursive: true });
    writeFileSync(join(s.home, 'thread-writer-locks', `${thread}.lock`), '');
    writeFileSync(join(s.home, 'thread-writer-locks', '.coordination.lock'), '');
    writeLog(s, [routed(30, 'thread/resume', thread)]);
    expect(kinds(await run(s))).toEqual([]);
  });
});

describe('client/server version skew (C5)', () => {
  it('is a request-failed with the protocol cause and the versions the logs name', async () => {
    persisted(thread);
    writeLog(s, [
      {
        ts: at(1),
        level: 'info',
        component: 'AppServerConnection',
        message: 'Current reported app-server version:',
        fields: { currentVersion: '0.153.0', desktopVersion: '26.905.1' },
      },
      requestFailed(
        30,
        thread,
        'thread/resume',
        -32600,
        'Failed to resume chat: paginated threads do not support initialTurnsPage; use turnsBackwardsCursor and itemsBackwardsCursor',
      ),
    ]);
    const report = await run(s);
    expect(kinds(report)).toEqual([`request-failed ${thread}`]);
    const [found] = only(report, 'request-failed');
    expect(found?.severity).toBe('medium');
    expect(found?.cause).toMatch(/^The Desktop build and the app-server speak different protocol versions for paginated threads/);
    expect(found?.cause).toContain('Versions in these logs: Desktop 26.905.1; app-server 0.153.0.');
  });
});

describe('error signatures of Codex after August 2026', () => {
  it.each([
    ['projection-stall', 'thread history projection for 019e-x is behind durable rollout'],
    ['projection-stall', 'failed to project durable rollout for X: 3 rejected rollout lines cannot cover that gap'],
    ['projection-stall', 'deferring rejected rollout line until a later ordinal resolves it'],
    ['missing-source-rollout', 'invalid paginated history lineage for 019e-x: missing source rollout'],
    ['active-writer', 'thread 019e-x already has a live local writer'],
    ['version-skew', 'paginated threads require thread/turns/list and thread/items/list support'],
    ['revert-conflict', 'thread 019e-x changed while it was being reverted'],
    ['revert-conflict', 'current rollout for 019e-x belongs to another thread'],
    ['revert-conflict', 'thread 019e-x does not use paginated history'],
    ['revert-conflict', 'paginated rollout path `/x/rollout.jsonl` does not have a canonical rollout filename'],
    ['missing-projection-state', 'missing projection state for paginated thread 019e-x'],
    ['state-db-damaged', 'failed to initialize state runtime at /h: error returned from database: (code: 11) database disk image is malformed'],
    ['state-db-damaged', 'error returned from database: (code: 26) file is not a database'],
    [
      'state-db-damaged',
      'Codex local database at /h/state_5.sqlite appears damaged. Moving it into a backup folder so the app server can rebuild it from saved data.',
    ],
    ['state-db-damaged', 'Moved damaged Codex local database file /a to /b'],
    ['state-db-unavailable', 'sqlite state db unavailable for thread 019e-x'],
    ['state-db-unavailable', 'failed to initialize state runtime at /h: error returned from database: (code: 5) database is locked'],
    ['state-db-unavailable', 'failed to initialize sqlite state runtime under /h: migration 57 was previously applied but has been modified'],
    ['state-db-unavailable', 'failed to open queue DB at /h/queue_1.sqlite: locked'],
    ['state-db-unavailable', 'failed to migrate thread history DB at /h/thread_history_1.sqlite: VersionMismatch'],
    ['local-data-busy', "Codex couldn't start because another Codex process is using its local data."],
    ['thread-not-located', 'failed to locate thread id 019e-x: io error'],
    ['thread-not-located', 'failed to locate archived thread id 019e-x'],
    ['thread-not-located', 'no archived rollout found for thread id 019e-x'],
    ['thread-not-located', 'pending thread metadata already exists: 019e-x'],
    ['thread-not-located', 'failed to read thread metadata for 019e-x: busy'],
    ['rollout-migration-failed', 'rollout migration failed: legacy_rollout_conversion_failed'],
    ['delete-blocked-by-fork', 'cannot delete thread 019e-x: forked history still references it'],
  ])('%s: %s', (id, message) => {
    expect(matchErrorSignature(message)?.id).toBe(id);
  });

  it.each(['thread history projection for x is up to date', 'paginated threads support cursors', 'thread x has no writer', 'a database'])(
    'matches nothing new in "%s"',
    (message) => {
      expect(matchErrorSignature(message)).toBeNull();
    },
  );
});
