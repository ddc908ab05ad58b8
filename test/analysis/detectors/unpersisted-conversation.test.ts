import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRepairs } from '../../../src/analysis/repair-plan.js';
import { repairAdvice } from '../../../src/render/report/repair-advice.js';
import { writeHistory } from '../../builders/history.js';
import { at, created, idAt, kinds, only, routed, routedError, rowFor, run, sideChat, useScenario, writeDb, writeLog, writeThreadRollout } from '../scenario.js';

const s = useScenario();

const parent = idAt(0, 'parent');
const side = idAt(10, 'side');

describe('unpersisted-conversation (F1)', () => {
  it('flags a side chat that got inject_items and turns, and that Desktop later asked to resume, but has no row and no rollout, naming its parent', async () => {
    const spec = writeThreadRollout(s, parent, 0);
    writeDb(s, [rowFor(spec, s.home)]);
    const logPath = writeLog(s, [
      routed(0, 'thread/start', parent),
      routed(1, 'turn/start', parent),
      ...sideChat(10, side, parent, 2),
      routed(40, 'thread/resume', side),
    ]);
    const report = await run(s);
    expect(kinds(report)).toEqual([`unpersisted-conversation ${side}`]);
    const [finding] = only(report, 'unpersisted-conversation');
    expect(finding?.severity).toBe('critical');
    expect(finding?.summary).toContain(parent);
    expect(finding?.summary).toMatch(/2 turn\/start and 1 thread\/inject_items/);
    expect(finding?.cause).toMatch(/ephemeral/);
    expect(finding?.evidence.every((e) => e.file === logPath && e.line >= 1)).toBe(true);
    // The creation line comes first, so a reader sees where the id came from.
    expect(finding?.evidence[0]?.text).toContain('Conversation created');
  });

  it('does not flag a thread/start with no turn after it (deferred persistence)', async () => {
    writeDb(s, []);
    const fresh = idAt(5, 'fresh');
    writeLog(s, [routed(5, 'thread/start', fresh), routed(6, 'thread/read', fresh)]);
    // Only the info finding that explains a log-only conversation (F2).
    expect((await run(s)).findings.map((f) => [f.kind, f.severity, f.threadId])).toEqual([['unmaterialized-thread', 'info', fresh]]);
  });

  it('does not count a turn/start that failed as a turn', async () => {
    writeDb(s, []);
    const fresh = idAt(5, 'fresh');
    writeLog(s, [routed(5, 'thread/start', fresh), routedError(6, 'turn/start', fresh, -32600, 'thread not found')]);
    const report = await run(s);
    expect(only(report, 'unpersisted-conversation')).toEqual([]);
    expect(kinds(report)).toEqual([`request-failed ${fresh}`, `unmaterialized-thread ${fresh}`]);
  });

  it('does not flag a conversation whose rollout exists even without a row (that is missing-thread-row)', async () => {
    writeDb(s, []);
    writeThreadRollout(s, parent, 0);
    writeLog(s, [routed(0, 'thread/start', parent), routed(0.05, 'turn/start', parent)]);
    expect(kinds(await run(s))).toEqual([`missing-thread-row ${parent}`]);
  });

  it('does not flag a conversation with a row whose rollout is archived', async () => {
    const spec = writeThreadRollout(s, parent, 0, { root: 'archived_sessions' });
    writeDb(s, [rowFor(spec, s.home, { archived: true, archivedAt: 1_778_000_000 })]);
    writeLog(s, [routed(1, 'turn/start', parent)]);
    expect((await run(s)).findings).toEqual([]);
  });

  it('does not take placeholders for thread ids', async () => {
    writeDb(s, []);
    writeLog(s, [
      routed(1, 'turn/start', null),
      routed(2, 'turn/start', 'none'),
      routed(3, 'turn/start', 'client-new-thread:3b0c9d55-4e0b-4c2e-9d0f-0a3b8c1f7e21'),
      routed(4, 'turn/start', '019ef957-...-0e6'),
    ]);
    const report = await run(s);
    expect(report.findings).toEqual([]);
    expect(report.stats.conversations).toBe(0);
  });

  it('is still judged from the rollout folders when the state DB is unreadable, at high severity', async () => {
    writeThreadRollout(s, parent, 0);
    writeFileSync(join(s.home, 'state_5.sqlite'), 'not a database at all, just text');
    writeLog(s, [...sideChat(10, side, parent), routed(40, 'thread/resume', side)]);
    const report = await run(s);
    expect(kinds(report)).toEqual([`state-db-unreadable -`, `unpersisted-conversation ${side}`]);
    const [finding] = only(report, 'unpersisted-conversation');
    expect(finding?.severity).toBe('high');
    expect(finding?.summary).toMatch(/state DB could not be read/);
  });

  it('says once that nothing can be judged when there is no persisted state at all', async () => {
    rmSync(s.home, { recursive: true, force: true });
    writeLog(s, [...sideChat(10, side, parent), routed(20, 'turn/start', parent)]);
    const report = await run(s, {}, { home: null });
    expect(only(report, 'unpersisted-conversation')).toEqual([]);
    const [info] = only(report, 'no-persisted-state');
    expect(info).toMatchObject({ severity: 'info', threadId: null, count: 2 });
  });
});

describe('unpersisted-conversation of ephemeral threads (never persisted by design)', () => {
  const persistedParent = () => writeDb(s, [rowFor(writeThreadRollout(s, parent, 0), s.home)]);

  it('lowers an ephemeral side chat that nothing asked for again to low, saying so', async () => {
    persistedParent();
    writeLog(s, [routed(1, 'turn/start', parent), ...sideChat(10, side, parent, 2)]);
    const [finding] = only(await run(s), 'unpersisted-conversation');
    expect(finding?.severity).toBe('low');
    expect(finding?.summary).toMatch(/ephemeral by design, and nothing asked for it again$/);
    expect(finding?.cause).toContain(`thread/fork of ${parent} with ephemeral: true`);
  });

  it('keeps a side chat critical when a later resume or fork asked for it, tried or failed', async () => {
    for (const later of [routed(40, 'thread/resume', side), routedError(40, 'thread/fork', side, -32600, `no rollout found for thread id ${side}`)]) {
      persistedParent();
      writeLog(s, [...sideChat(10, side, parent), later]);
      expect(only(await run(s), 'unpersisted-conversation').map((f) => f.severity)).toEqual(['critical']);
    }
  });

  it('keeps a fork critical when its fork request did not ask for an ephemeral thread', async () => {
    persistedParent();
    writeLog(s, [routed(10, 'thread/fork', parent), created(10, side, parent), routed(11, 'turn/start', side)]);
    expect(only(await run(s), 'unpersisted-conversation').map((f) => f.severity)).toEqual(['critical']);
  });

  it('reports a thread started with ephemeral: true (codex exec --ephemeral) at info, from a flag or from params', async () => {
    persistedParent();
    const flagged = idAt(20, 'exec-flag');
    const inParams = idAt(30, 'exec-params');
    writeLog(s, [
      routed(20, 'thread/start', flagged, { ephemeral: true }),
      routed(21, 'turn/start', flagged),
      routed(30, 'thread/start', inParams, { params: { cwd: '/tmp/job', ephemeral: true } }),
      routed(31, 'turn/start', inParams),
    ]);
    const found = only(await run(s), 'unpersisted-conversation');
    expect(found.map((f) => [f.threadId, f.severity])).toEqual(
      [
        [flagged, 'info'],
        [inParams, 'info'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(found[0]?.cause).toContain('codex exec --ephemeral');
  });

  it('keeps a thread started without the flag critical', async () => {
    persistedParent();
    const plain = idAt(20, 'plain');
    writeLog(s, [routed(20, 'thread/start', plain, { ephemeral: false }), routed(21, 'turn/start', plain)]);
    expect(only(await run(s), 'unpersisted-conversation').map((f) => f.severity)).toEqual(['critical']);
  });
});

describe('unpersisted-conversation from history.jsonl', () => {
  it('counts prompts the user submitted as turns, and never keeps their text', async () => {
    const kept = idAt(0, 'kept');
    const lost = idAt(7, 'lost');
    writeDb(s, [rowFor(writeThreadRollout(s, kept, 0), s.home)]);
    writeFileSync(
      join(s.home, 'history.jsonl'),
      `${[kept, lost, lost].map((id, i) => JSON.stringify({ session_id: id, ts: 1_777_795_800 + i, text: `secret prompt ${i}` })).join('\n')}\nnot json\n`,
    );
    const report = await run(s, {}, { logs: false });
    expect(kinds(report)).toEqual([`unpersisted-conversation ${lost}`]);
    const [finding] = only(report, 'unpersisted-conversation');
    expect(finding?.summary).toBe('Conversation received 2 prompts (per history.jsonl) but has no threads row and no rollout file');
    expect(JSON.stringify(report)).not.toContain('secret prompt');
    expect(report.stats.problems).toContainEqual({ what: 'history.jsonl lines without a session id (skipped)', count: 1, examples: [] });
  });
});

describe('unpersisted-conversation without a state DB file', () => {
  it('names the -wal/-shm-without-database shape as an input problem, not as an unreadable DB', async () => {
    const kept = idAt(0, 'kept');
    const lost = idAt(7, 'lost');
    writeThreadRollout(s, kept, 0);
    writeDb(s, [], { walOnlyThreads: [rowFor({ id: kept, startedAt: at(0) }, s.home)] });
    // What a `.gitignore` of `*.sqlite` leaves of a committed home.
    rmSync(join(s.home, 'state_5.sqlite'));
    writeHistory(s.home, [{ sessionId: lost, at: at(8) }]);
    const report = await run(s, {}, { logs: false });
    expect(report.inputs.stateDbStatus).toBe('missing');
    expect(report.stats.problems).toContainEqual({
      what: 'state_5.sqlite-wal and state_5.sqlite-shm without state_5.sqlite (a .gitignore of *.sqlite leaves this shape): the threads rows are not there to read',
      count: 1,
      examples: [join(s.home, 'state_5.sqlite-wal'), join(s.home, 'state_5.sqlite-shm')],
    });
    const [finding] = only(report, 'unpersisted-conversation');
    expect(finding?.summary).toContain('(there is no state DB: only its state_5.sqlite-wal and state_5.sqlite-shm, so only the rollout roots were searched)');
    expect(finding?.summary).not.toContain('could not be read');
  });
});

describe('unpersisted-conversation in a CLI-only home', () => {
  it("says the rollout was deleted or not copied, at lower severity, when prompts came days after the id's creation", async () => {
    const kept = idAt(0, 'kept');
    const resumed = idAt(7, 'resumed');
    writeDb(s, [rowFor(writeThreadRollout(s, kept, 0), s.home)]);
    writeHistory(s.home, [
      { sessionId: resumed, at: at(8) },
      { sessionId: resumed, at: at(7 + 3 * 24 * 60) },
    ]);
    const report = await run(s, {}, { logs: false });
    const [finding] = only(report, 'unpersisted-conversation');
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toBe(
      'Conversation received 2 prompts (per history.jsonl), the last 3 days after its creation, but has no threads row and no rollout file: rollout deleted or not copied',
    );
    expect(finding?.cause).toContain('The CLI resumes a conversation only from its rollout');
    const plan = planRepairs(report.findings, {
      database: '',
      schemaVersion: 42,
      columns: [],
      rowFacts: new Map(),
      rollouts: new Map(),
      codexHome: s.home,
      recordedHome: null,
      separator: '/',
    });
    expect(plan.notes.map((n) => n.text)).toEqual([expect.stringContaining('The rollout existed once')]);
    // The incident report's advice says the same, not that the conversation was never written.
    expect(repairAdvice(report.findings)).toEqual([
      expect.stringMatching(/^- \*\*unpersisted-conversation \(rollout deleted or not copied\)\*\*: The rollout existed once/),
    ]);
  });

  it("stays critical when every prompt came within a day of the id's creation", async () => {
    const lost = idAt(7, 'lost');
    writeDb(s, [rowFor(writeThreadRollout(s, idAt(0, 'kept'), 0), s.home)]);
    writeHistory(s.home, [
      { sessionId: lost, at: at(8) },
      { sessionId: lost, at: at(7 + 23 * 60) },
    ]);
    const [finding] = only(await run(s, {}, { logs: false }), 'unpersisted-conversation');
    expect(finding?.severity).toBe('critical');
    expect(finding?.summary).not.toContain('deleted');
  });
});
