import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRolloutHead } from '../../src/sources/rollouts/read-head.js';
import { rolloutLines, rolloutRelPath } from '../builders/rollouts.js';
import { idAt, rowFor, run, useScenario, writeDb, writeThreadRollout } from './scenario.js';

const s = useScenario();

/**
 * Shapes of Codex 0.154 and of the login command, read as what they are: none of them is a finding or an input
 * problem. These tests hold the behaviour in place; the shapes were read correctly before (see the commit message).
 */
describe('Codex 0.154 homes', () => {
  it("reads paginated rollouts (ordinal on every record, token_usage_record) and guardian rollouts carrying the parent's session_id", async () => {
    const parent = idAt(0, 'parent');
    const guardian = idAt(2, 'guardian');
    const main = writeThreadRollout(s, parent, 0, { paginated: true, metaExtra: { history_mode: 'paginated', session_id: parent } });
    const child = writeThreadRollout(s, guardian, 2, {
      paginated: true,
      source: { subagent: { other: 'guardian' } },
      metaExtra: { history_mode: 'paginated', session_id: parent },
    });
    expect(rolloutLines(main).every((l) => 'ordinal' in (JSON.parse(l) as object))).toBe(true);
    expect(rolloutLines(main).some((l) => l.includes('"type":"token_usage_record"'))).toBe(true);
    writeDb(s, [
      rowFor(main, s.home, { historyMode: 'paginated' }),
      rowFor(child, s.home, { source: '{"subagent":{"other":"guardian"}}', historyMode: 'paginated' }),
    ]);
    const report = await run(s, {}, { logs: false });
    expect(report.findings).toEqual([]);
    expect(report.stats.problems).toEqual([]);
    // The guardian is its own conversation, not its parent's.
    expect(report.conversations.map((c) => c.id).sort()).toEqual([parent, guardian].sort());
    expect(await readRolloutHead(join(s.home, rolloutRelPath(child)))).toMatchObject({ status: 'ok', id: guardian, parentThreadId: null });
  });
});

describe('log/codex-login.log', () => {
  it('is not a TUI log of a thread: read without thread events and without problem counts', async () => {
    writeDb(s, [rowFor(writeThreadRollout(s, idAt(0, 'kept'), 0), s.home)]);
    mkdirSync(join(s.home, 'log'), { recursive: true });
    writeFileSync(
      join(s.home, 'log', 'codex-login.log'),
      [
        'Starting local login server on http://localhost:1455.',
        'If your browser did not open, navigate to this URL to authenticate:',
        '2026-05-03T08:00:01.000000Z  INFO codex_login::server: login server listening port=1455',
        '2026-05-03T08:00:09.000000Z ERROR codex_login::server: token exchange failed: 403 Forbidden',
        '',
      ].join('\n'),
    );
    const report = await run(s, {}, { logs: false });
    expect(report.findings).toEqual([]);
    expect(report.stats.problems).toEqual([]);
    expect(report.stats.tuiLogFiles).toBe(0);
  });
});
