import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTuiHeader } from '../../../src/sources/tui-log/parse-line.js';
import { readTuiLogs } from '../../../src/sources/tui-log/read.js';
import { REPO_ROOT } from '../../e2e/run-cli.js';

const ID = '019c372e-2526-7e72-83e1-9cba8efad18d';

describe('parseTuiHeader', () => {
  it.each([
    [`2026-02-07T08:04:46.841045Z  INFO session_loop{thread_id=${ID}}: codex_core::codex: new`, 'info', ID],
    [
      `2026-02-07T08:04:46.841045Z ERROR thread_spawn{otel.name="thread_spawn"}:session_init:session_init.thread_persistence{thread_id=${ID.toUpperCase()}}: codex_core::session: failed to materialize thread persistence: disk full`,
      'error',
      ID,
    ],
    [`2026-02-07T08:04:46.841045Z  WARN codex_core::x: resume conversation_id=Some("${ID}")`, 'warn', ID],
    ['\u001b[2m2025-08-17T03:44:34.006374Z\u001b[0m \u001b[32m INFO\u001b[0m FunctionCall: {"command":["bash"]}', 'info', null],
    ['2026-04-07T15:22:20.300626Z  INFO list_models{refresh_strategy=online_if_uncached}: codex_core::models_manager::manager: new\r', 'info', null],
  ])('%s', (line, level, threadId) => {
    expect(parseTuiHeader(line)).toMatchObject({ level, threadId });
  });

  it.each(['  <head>', '    at async run (x.js:1:2)', '', 'ERROR codex_core::session: failed to record rollout items: x', 'not a log line'])(
    '%j is a continuation',
    (line) => {
      expect(parseTuiHeader(line)).toBeNull();
    },
  );
});

describe('readTuiLogs', () => {
  it('turns entries that name a thread into events, keeps error signatures, and counts every line', async () => {
    const home = mkdtempSync(join(tmpdir(), 'codex-logs-tui-'));
    try {
      mkdirSync(join(home, 'log'));
      writeFileSync(
        join(home, 'log', 'codex-tui.log'),
        [
          'stray banner line',
          `2026-02-07T08:04:46.841045Z  INFO session_loop{thread_id=${ID}}: codex_core::codex: new`,
          `2026-02-07T08:04:47.000000Z ERROR session_init.thread_persistence{thread_id=${ID}}: codex_core::session: failed to materialize thread persistence: No space left`,
          '  caused by: os error 28\r',
          '2026-02-07T08:04:48.000000Z  INFO codex_core::auth: Reloading auth',
        ].join('\n'),
      );
      const { events, stats } = await readTuiLogs(home, 100);
      expect(stats).toMatchObject({ lines: 5, entries: 3, continuationLines: 1, orphanLines: 1 });
      expect(events.map((e) => [e.line, e.level, e.source, e.seq, e.errorMessage !== null])).toEqual([
        [2, 'info', 'tui-log', 100, false],
        [3, 'error', 'tui-log', 101, true],
      ]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  const corpusLines = join(REPO_ROOT, '..', 'shared', 'corpus', 'tui-logs', 'tui-log-lines.txt');
  it.skipIf(!existsSync(corpusLines))('survives every real shape in the corpus, finding the headers and their thread ids', () => {
    const lines = readFileSync(corpusLines, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    const headers = lines.map(parseTuiHeader).filter((h) => h !== null);
    // Every line that starts with a time stamp once colour codes are gone is an entry; nothing else is.
    const stamped = lines.filter((l) => /^\d{4}-\d\d-\d\dT/.test(l.replace(/\u001b\[[0-9;]*m/g, '')));
    expect(headers.length).toBe(stamped.length);
    expect(headers.length).toBeGreaterThan(400);
    expect(headers.filter((h) => h!.threadId !== null).length).toBeGreaterThan(20);
    expect(new Set(headers.map((h) => h!.level))).toEqual(
      new Set(['info', 'warn', 'error', 'debug', 'trace'].filter((l) => headers.some((h) => h!.level === l))),
    );
  });
});
