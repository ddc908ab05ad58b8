import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectSources } from '../../src/log-index/collect.js';
import { writeHistory } from '../builders/history.js';
import { writeDesktopLog } from '../builders/desktop-log.js';
import { idAt, useScenario, writeThreadRollout } from '../analysis/scenario.js';

const s = useScenario();

describe('collectSources', () => {
  it("keeps every reader's problems, in the order the readers read: Desktop logs, TUI logs, history, then the home", async () => {
    writeDesktopLog(s.logs, { date: Date.UTC(2026, 4, 3), uuid: '6ef37613-40a4-47e7-8f21-3223b73d4efe', pid: 1, lines: ['no timestamp here'] });
    mkdirSync(join(s.home, 'log'), { recursive: true });
    writeFileSync(join(s.home, 'log', 'codex-tui.log'), 'before any entry\n');
    writeHistory(s.home, [], ['{"ts":1}']);
    writeThreadRollout(s, idAt(0, 'kept'), 0);
    writeFileSync(join(s.home, 'sessions', 'notes.txt'), 'x');
    const sources = await collectSources({ logsDir: s.logs, codexHome: s.home, env: {}, home: join(s.root, 'no-user-home') });
    expect(sources.problems.map((p) => [p.what, p.count])).toEqual([
      ['log entries without a timestamp (kept in file order)', 1],
      ['lines before the first entry of a Codex TUI log', 1],
      ['history.jsonl lines without a session id (skipped)', 1],
      ['other files under sessions/ and archived_sessions/ (skipped)', 1],
    ]);
  });
});
