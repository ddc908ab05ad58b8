import { describe, expect, it } from 'vitest';
import {
  idAt,
  kinds,
  only,
  requestFailed,
  routed,
  routedError,
  rowFor,
  run,
  sideChat,
  writeDb,
  writeLog,
  writeThreadRollout,
  useScenario,
} from '../scenario.js';

const s = useScenario();

const parent = idAt(0, 'parent');
const side = idAt(10, 'side');
const EISDIR = 'failed to read thread: thread-store internal error: failed to read thread /Users/alice/.codex: Is a directory (os error 21)';

describe('request-failed', () => {
  it("links a side chat's failed fork and resume to its unpersisted-conversation finding", async () => {
    const spec = writeThreadRollout(s, parent, 0);
    writeDb(s, [rowFor(spec, s.home)]);
    writeLog(s, [
      ...sideChat(10, side, parent),
      routedError(60, 'thread/fork', side, -32600, `no rollout found for thread id ${side}`),
      requestFailed(61, side, 'thread/resume', -32603, EISDIR),
    ]);
    const failures = only(await run(s), 'request-failed');
    expect(failures.map((f) => f.summary).sort()).toEqual([
      `thread/fork failed: no rollout found for thread id ${side} (-32600)`,
      `thread/resume failed: ${EISDIR} (-32603)`,
    ]);
    for (const f of failures) {
      expect(f.severity).toBe('medium');
      expect(f.explainedBy).toEqual({ kind: 'unpersisted-conversation', threadId: side });
    }
  });

  it('groups repeats of the same failure with a count', async () => {
    writeDb(s, []);
    writeThreadRollout(s, parent, 0);
    writeLog(
      s,
      [1, 2, 3].map((m) => requestFailed(30 + m, parent, 'thread/resume', -32603, EISDIR)),
    );
    const [finding] = only(await run(s), 'request-failed');
    expect(finding).toMatchObject({ count: 3, explainedBy: { kind: 'missing-thread-row', threadId: parent } });
    expect(finding?.summary).toMatch(/failed 3 times/);
    expect(finding?.evidence).toHaveLength(3);
  });

  it('reports an unknown failure at low severity with no explanation', async () => {
    const spec = writeThreadRollout(s, parent, 0);
    writeDb(s, [rowFor(spec, s.home)]);
    writeLog(s, [routedError(5, 'turn/start', parent, -32001, 'server overloaded; retry later')]);
    const [finding] = only(await run(s), 'request-failed');
    expect(finding).toMatchObject({ severity: 'low', explainedBy: null });
  });

  it('does not report successful requests', async () => {
    const spec = writeThreadRollout(s, parent, 0);
    writeDb(s, [rowFor(spec, s.home)]);
    writeLog(s, [routed(1, 'thread/resume', parent), routed(2, 'thread/fork', parent), routed(3, 'thread/read', parent)]);
    expect(kinds(await run(s))).toEqual([]);
  });
});
