import { mkdirSync, rmSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeThreadId, rolloutRelPath, writeLegacyRollout, writeRollout } from '../../builders/rollouts.js';
import { at, idAt, kinds, only, rowFor, run, writeDb, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();

const a = idAt(0, 'a');
const b = idAt(5, 'b');
const c = idAt(9, 'c');

describe('archive-mismatch (F8)', () => {
  it('flags a row that is archived while its rollout sits in sessions/, and archived_at disagreeing with archived', async () => {
    const inSessions = writeThreadRollout(s, a, 0);
    const archived = writeThreadRollout(s, b, 5, { root: 'archived_sessions' });
    writeDb(s, [
      rowFor(inSessions, s.home, { archived: true, archivedAt: 1_777_800_000 }),
      rowFor(archived, s.home, { archived: false, archivedAt: 1_777_800_000 }),
    ]);
    const found = only(await run(s), 'archive-mismatch');
    expect(found.map((f) => [f.threadId, f.summary])).toEqual([
      [a, 'the row is archived but its rollout is in sessions/'],
      [b, 'the row is not archived but its rollout is in archived_sessions/; archived = 0 but archived_at is set'],
    ]);
  });

  it('is quiet when row and folder agree', async () => {
    const inSessions = writeThreadRollout(s, a, 0);
    const archived = writeThreadRollout(s, b, 5, { root: 'archived_sessions' });
    writeDb(s, [rowFor(inSessions, s.home), rowFor(archived, s.home, { archived: true, archivedAt: 1_777_800_000 })]);
    expect(kinds(await run(s))).toEqual([]);
  });
});

describe('id-mismatch (F9)', () => {
  it("flags a file named for one id holding another id's session_meta", async () => {
    writeThreadRollout(s, a, 0, { fileNameId: b });
    writeDb(s, []);
    const report = await run(s);
    expect(only(report, 'id-mismatch').map((f) => f.threadId)).toEqual([a]);
  });

  it("flags a row pointing at another conversation's file", async () => {
    const other = writeThreadRollout(s, b, 5);
    const own = writeThreadRollout(s, a, 0);
    writeDb(s, [{ ...rowFor(own, s.home), rolloutPath: join(s.home, rolloutRelPath(other)) }, rowFor(other, s.home)]);
    expect(only(await run(s), 'id-mismatch').map((f) => f.threadId)).toEqual([a]);
  });

  it('is quiet for matching names, metas and rows', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, a, 0), s.home)]);
    expect(only(await run(s), 'id-mismatch')).toEqual([]);
  });
});

describe('duplicate-rollout (F10)', () => {
  it('flags an id with files in both roots, a .zst twin and a "(1)" copy', async () => {
    const spec = writeThreadRollout(s, a, 0);
    writeThreadRollout(s, a, 0, { root: 'archived_sessions' });
    writeThreadRollout(s, a, 0, { compressed: true });
    writeThreadRollout(s, a, 0, { copyIndex: 1 });
    writeDb(s, [rowFor(spec, s.home)]);
    const [finding] = only(await run(s), 'duplicate-rollout');
    expect(finding).toMatchObject({ threadId: a, count: 4 });
    expect(finding?.summary).toMatch(/both sessions\/ and archived_sessions\/.*plain and \.zst.*"\(N\)" copies/);
  });

  it('is quiet for one file per id', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, a, 0), s.home), rowFor(writeThreadRollout(s, b, 5), s.home)]);
    expect(only(await run(s), 'duplicate-rollout')).toEqual([]);
  });
});

describe('duplicate-rollout-path (F11)', () => {
  it('flags rows that share one rollout_path', async () => {
    const spec = writeThreadRollout(s, a, 0);
    const bSpec = writeThreadRollout(s, b, 5);
    writeDb(s, [rowFor(spec, s.home), { ...rowFor(bSpec, s.home), rolloutPath: join(s.home, rolloutRelPath(spec)) }]);
    const [finding] = only(await run(s), 'duplicate-rollout-path');
    expect(finding).toMatchObject({ count: 2 });
    expect(finding?.summary).toContain(a);
    expect(finding?.summary).toContain(b);
  });

  it('is quiet when every row has its own path', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, a, 0), s.home), rowFor(writeThreadRollout(s, b, 5), s.home)]);
    expect(only(await run(s), 'duplicate-rollout-path')).toEqual([]);
  });
});

describe('unreadable-rollout (F14)', () => {
  it('flags damaged heads and a torn last line', async () => {
    const bad = join(s.home, 'sessions', '2026', '05', '03', `rollout-2026-05-03T08-05-00-${b}.jsonl`);
    mkdirSync(join(s.home, 'sessions', '2026', '05', '03'), { recursive: true });
    writeFileSync(bad, '{"timestamp":"2026-05-03T08:05:00.000Z","type":"turn_context","payload":{}}\n');
    const torn = writeThreadRollout(s, c, 9);
    appendFileSync(join(s.home, rolloutRelPath(torn)), '{"timestamp":"2026-05-03T08:10:00.000Z","type":"event_msg","pay');
    writeDb(s, [rowFor(torn, s.home)]);
    const found = only(await run(s), 'unreadable-rollout');
    expect(found.map((f) => [f.threadId, f.severity])).toEqual([
      [b, 'medium'],
      [c, 'low'],
    ]);
    expect(found[0]?.summary).toContain('does not start with session_meta');
    expect(found[1]?.summary).toContain('torn line');
  });

  it('is quiet for whole rollouts, plain or compressed', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, a, 0), s.home), rowFor(writeThreadRollout(s, b, 5, { compressed: true }), s.home)]);
    expect(only(await run(s), 'unreadable-rollout')).toEqual([]);
  });
});

describe('unfinished-turn (F15)', () => {
  it('flags a rollout idle for an hour whose last turn never ended', async () => {
    const spec = writeThreadRollout(s, a, 0, {
      turns: [
        { at: at(1), userMessage: 'x', complete: true },
        { at: at(3), userMessage: 'y', complete: false },
      ],
    });
    writeDb(s, [rowFor(spec, s.home)]);
    const [finding] = only(await run(s), 'unfinished-turn');
    expect(finding?.threadId).toBe(a);
  });

  it('is quiet for completed or aborted turns, and for a turn still running', async () => {
    const done = writeThreadRollout(s, a, 0, { turns: [{ at: at(1), userMessage: 'x', complete: true }] });
    const aborted = writeThreadRollout(s, b, 5, { turns: [{ at: at(6), userMessage: 'x', aborted: true }] });
    const running = writeThreadRollout(s, c, 9, { turns: [{ at: at(10), userMessage: 'x', complete: false }], mtime: Date.now() });
    writeDb(s, [rowFor(done, s.home), rowFor(aborted, s.home), rowFor(running, s.home)]);
    expect(only(await run(s), 'unfinished-turn')).toEqual([]);
  });
});

describe('time-skew (F16)', () => {
  it('flags an id whose time disagrees with the row, and updated before created', async () => {
    const spec = writeThreadRollout(s, a, 0);
    writeDb(s, [rowFor(spec, s.home, { createdAt: Math.floor(at(0) / 1000) + 7200, updatedAt: Math.floor(at(0) / 1000) })]);
    const [finding] = only(await run(s), 'time-skew');
    expect(finding?.summary).toMatch(/id time .* vs created_at/);
    expect(finding?.summary).toMatch(/updated_at .* is before created_at/);
  });

  it('accepts file names in any local zone, and a few seconds between id and session_meta', async () => {
    const east = writeThreadRollout(s, a, 0, { localOffsetMinutes: 9 * 60 + 30 });
    const west = writeRollout(s.home, { id: makeThreadId(at(5), 'w'), startedAt: at(5) + 4000, localOffsetMinutes: -7 * 60 });
    void west;
    writeDb(s, [rowFor(east, s.home)]);
    expect(only(await run(s), 'time-skew')).toEqual([]);
  });
});

describe('hidden-thread (F17)', () => {
  it.each([17, 42] as const)('schema %i: flags an unarchived row with nothing to show in the sidebar', async (schemaVersion) => {
    const spec = writeThreadRollout(s, a, 0);
    writeDb(s, [rowFor(spec, s.home, { firstUserMessage: '', preview: '' })], { schemaVersion });
    expect(only(await run(s), 'hidden-thread').map((f) => f.threadId)).toEqual([a]);
  });

  it('is quiet for archived rows, subagents, and rows with a first message', async () => {
    const one = writeThreadRollout(s, a, 0, { root: 'archived_sessions' });
    const two = writeThreadRollout(s, b, 5);
    const three = writeThreadRollout(s, c, 9);
    const sub = JSON.stringify({ subagent: { thread_spawn: { parent_thread_id: c, depth: 1 } } });
    writeDb(s, [
      rowFor(one, s.home, { archived: true, archivedAt: 1, firstUserMessage: '', preview: '' }),
      rowFor(two, s.home, { source: sub, firstUserMessage: '', preview: '' }),
      rowFor(three, s.home, { firstUserMessage: 'hi', preview: 'hi' }),
    ]);
    expect(only(await run(s), 'hidden-thread')).toEqual([]);
  });
});

describe('compression-debris (F22)', () => {
  it('flags Codex temp files in the rollout folders and a stale compression lock', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, a, 0), s.home)]);
    writeFileSync(join(s.home, 'sessions', '2026', '05', '03', `.compress.rollout-x-${a}.jsonl.1.tmp`), 'x');
    mkdirSync(join(s.home, '.tmp'));
    const lock = join(s.home, '.tmp', 'rollout-compression.lock');
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 7 * 3_600_000);
    utimesSync(lock, old, old);
    const [finding] = only(await run(s), 'compression-debris');
    expect(finding).toMatchObject({ count: 2, threadId: null });
  });

  it('is quiet for a fresh lock and ordinary files', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, a, 0), s.home)]);
    mkdirSync(join(s.home, '.tmp'));
    writeFileSync(join(s.home, '.tmp', 'rollout-compression.lock'), '');
    writeFileSync(join(s.home, 'sessions', '2026', '05', '03', 'notes.txt'), 'x');
    expect(only(await run(s), 'compression-debris')).toEqual([]);
    rmSync(join(s.home, '.tmp'), { recursive: true });
  });
});

describe('legacy rollouts', () => {
  it('are unreadable-rollout (low), not missing-thread-row', async () => {
    const legacy = makeThreadId(at(0), 'legacy').replace(/^(.{14})7/, '$14');
    writeLegacyRollout(s.home, { id: legacy, startedAt: at(0), messages: [{ role: 'user', text: 'hi' }] });
    writeDb(s, []);
    const report = await run(s);
    expect(report.findings.map((f) => [f.kind, f.severity, f.threadId])).toEqual([['unreadable-rollout', 'low', legacy]]);
    expect(report.findings[0]?.summary).toMatch(/legacy format/);
  });
});
