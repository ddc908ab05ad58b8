import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, idAt, kinds, only, requestFailed, rowFor, run, writeDb, writeLog, writeThreadRollout, useScenario } from '../scenario.js';
import { rolloutRelPath } from '../../builders/rollouts.js';

const s = useScenario();

const a = idAt(0, 'a');
const b = idAt(5, 'b');
const c = idAt(9, 'c');

describe('missing-rollout-file (F4)', () => {
  it('flags a row whose rollout_path names no file, high when no rollout exists anywhere', async () => {
    const spec = writeThreadRollout(s, a, 0);
    const ok = writeThreadRollout(s, b, 5);
    rmSync(join(s.home, rolloutRelPath(spec)));
    writeDb(s, [rowFor(spec, s.home), rowFor(ok, s.home)]);
    const report = await run(s);
    expect(kinds(report)).toEqual([`missing-rollout-file ${a}`]);
    const [finding] = only(report, 'missing-rollout-file');
    expect(finding?.severity).toBe('high');
    expect(finding?.evidence[0]).toMatchObject({ source: 'state-db', file: join(s.home, 'state_5.sqlite'), line: 0 });
  });

  it('is medium when the rollout lives at another path (archived without the row following)', async () => {
    const archived = writeThreadRollout(s, a, 0, { root: 'archived_sessions' });
    writeDb(s, [rowFor({ ...archived, root: 'sessions' }, s.home)]);
    const [finding] = only(await run(s), 'missing-rollout-file');
    expect(finding?.severity).toBe('medium');
    expect(finding?.summary).toContain('archived_sessions/');
    expect(finding?.evidence.map((e) => e.source)).toEqual(['state-db', 'rollout']);
  });

  it('accepts the compressed `.zst` sibling, as Codex does', async () => {
    const spec = writeThreadRollout(s, a, 0, { compressed: true });
    writeDb(s, [rowFor({ ...spec, compressed: false }, s.home)]);
    expect(only(await run(s), 'missing-rollout-file')).toEqual([]);
  });

  it('groups every dangling row into one finding when the home has no rollout folders', async () => {
    const rows = (
      [
        [a, 0],
        [b, 5],
        [c, 9],
      ] as const
    ).map(([id, minutes]) => rowFor({ id, startedAt: at(minutes) }, '/Users/alice/.codex'));
    writeDb(s, rows);
    const report = await run(s);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ kind: 'missing-rollout-file', threadId: null, count: 3, severity: 'high' });
    expect(report.findings[0]?.evidence).toHaveLength(3);
    expect(report.inputs.recordedHome).toBe('/Users/alice/.codex');
  });

  it('re-roots rows recorded on a Mac before judging them', async () => {
    const mac = writeThreadRollout(s, a, 0);
    const other = writeThreadRollout(s, b, 5);
    writeDb(s, [rowFor(mac, '/Users/alice/.codex'), rowFor(other, '/Users/alice/.codex')]);
    const report = await run(s);
    expect(report.findings).toEqual([]);
    expect(report.inputs.recordedHome).toBe('/Users/alice/.codex');
  });

  it('re-roots rows recorded on Windows (native separators, any case) before judging them', async () => {
    const win = writeThreadRollout(s, b, 5, { root: 'archived_sessions' });
    const winPath = `C:\\Users\\Alice\\.codex\\${rolloutRelPath(win).replace(/\//g, '\\')}`;
    writeDb(s, [{ ...rowFor(win, 'x'), rolloutPath: winPath, archived: true, archivedAt: Math.floor(at(6) / 1000) }]);
    const report = await run(s);
    expect(report.findings).toEqual([]);
    expect(report.inputs.recordedHome).toBe('C:\\Users\\Alice\\.codex');
  });

  it('judges a row recorded under a second, minority home as outside (F7) when its rollout is not in the home', async () => {
    const mac = writeThreadRollout(s, a, 0);
    const other = writeThreadRollout(s, c, 9);
    const winPath = `C:\\Users\\alice\\.codex\\${rolloutRelPath({ id: b, startedAt: at(5) }).replace(/\//g, '\\')}`;
    writeDb(s, [
      rowFor(mac, '/Users/alice/.codex'),
      rowFor(other, '/Users/alice/.codex'),
      { ...rowFor({ id: b, startedAt: at(5) }, 'x'), rolloutPath: winPath },
    ]);
    expect(kinds(await run(s))).toEqual([`rollout-path-outside-home ${b}`]);
  });

  it('re-roots every recorded home whose rollouts are in the analysed home (a container and its host)', async () => {
    const inContainer = writeThreadRollout(s, a, 0);
    const fromHost = writeThreadRollout(s, b, 5);
    const hostGone = { id: c, startedAt: at(9) };
    writeDb(s, [rowFor(inContainer, '/root/.codex'), rowFor(fromHost, '/source/alice/proj/.codex'), rowFor(hostGone, '/source/alice/proj/.codex')]);
    const report = await run(s);
    // The host's row whose rollout is absent counts as missing, not outside: its home is known.
    expect(kinds(report)).toEqual([`missing-rollout-file ${c}`]);
    expect(report.inputs.recordedHomes).toEqual(['/source/alice/proj/.codex', '/root/.codex']);
    expect(report.inputs.recordedHome).toBe('/source/alice/proj/.codex');
    const persisted = new Map(report.conversations.map((conv) => [conv.id, conv.persisted.rolloutFile !== null]));
    expect(persisted).toEqual(
      new Map([
        [a, true],
        [b, true],
        [c, false],
      ]),
    );
  });

  it('re-roots both homes of a tie, whichever the rows name first', async () => {
    const first = writeThreadRollout(s, a, 0);
    const second = writeThreadRollout(s, b, 5);
    writeDb(s, [rowFor(first, '/codex-home'), rowFor(second, '/Users/bob/.codex')]);
    const report = await run(s);
    expect(report.findings).toEqual([]);
    expect(report.inputs.recordedHomes).toEqual(['/codex-home', '/Users/bob/.codex']);
  });

  it('never looks at a path outside the analysed home, and counts it', async () => {
    writeThreadRollout(s, a, 0);
    writeDb(s, [{ id: a, rolloutPath: '/etc/passwd', createdAt: 1_778_000_000, updatedAt: 1_778_000_000 }]);
    const report = await run(s);
    expect(only(report, 'missing-rollout-file')).toEqual([]);
    expect(report.stats.problems).toContainEqual({ what: 'rollout paths outside the analysed home (not read)', count: 1, examples: ['/etc/passwd'] });
  });
});

describe('empty-rollout-path (F5)', () => {
  it('flags an empty rollout_path, and a failed resume on it is explained by it', async () => {
    const spec = writeThreadRollout(s, a, 0);
    writeDb(s, [{ ...rowFor(spec, s.home), rolloutPath: '' }]);
    writeLog(s, [
      requestFailed(
        30,
        a,
        'thread/resume',
        -32603,
        `failed to read thread: thread-store internal error: failed to read thread ${s.home}: Is a directory (os error 21)`,
      ),
    ]);
    const report = await run(s);
    expect(kinds(report)).toEqual([`empty-rollout-path ${a}`, `request-failed ${a}`]);
    expect(only(report, 'empty-rollout-path')[0]?.severity).toBe('high');
    expect(only(report, 'request-failed')[0]?.explainedBy).toEqual({ kind: 'empty-rollout-path', threadId: a });
  });

  it('does not flag a row with a real path', async () => {
    const spec = writeThreadRollout(s, a, 0);
    writeDb(s, [rowFor(spec, s.home)]);
    expect((await run(s)).findings).toEqual([]);
  });
});

describe('rollout-path-not-a-file (F6)', () => {
  it('flags a rollout_path that is the Codex home itself, recorded on another machine', async () => {
    const spec = writeThreadRollout(s, a, 0);
    const other = writeThreadRollout(s, b, 5);
    writeDb(s, [{ ...rowFor(spec, '/Users/alice/.codex'), rolloutPath: '/Users/alice/.codex' }, rowFor(other, '/Users/alice/.codex')]);
    const report = await run(s);
    expect(kinds(report)).toEqual([`rollout-path-not-a-file ${a}`]);
    expect(only(report, 'rollout-path-not-a-file')[0]?.summary).toMatch(/the Codex home directory itself/);
  });

  it('flags a rollout_path that is a directory inside sessions/', async () => {
    const spec = writeThreadRollout(s, a, 0);
    const dir = join(s.home, 'sessions', '2026', '05', '03', 'not-a-file.jsonl');
    mkdirSync(dir, { recursive: true });
    writeDb(s, [{ ...rowFor(spec, s.home), rolloutPath: dir }]);
    const [finding] = only(await run(s), 'rollout-path-not-a-file');
    expect(finding?.summary).toMatch(/is a directory/);
  });
});
