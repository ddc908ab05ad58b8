import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLogDbEvents } from '../../../src/sources/log-db/read.js';
import { fileFingerprint } from '../../builders/fingerprint.js';
import { buildLooseDb } from '../../builders/state-db.js';

const ID = '019d6d67-1952-7e83-93ef-94497e3c15b6';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-log-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const row = (id: number, level: string, body: string, threadId: string | null = ID) => ({
  id,
  ts: 1_775_656_966 + id,
  ts_nanos: 540_447_000,
  level,
  target: 'codex_core::x',
  feedback_log_body: body,
  module_path: 'codex_core::x',
  file: 'core/src/x.rs',
  line: 147,
  thread_id: threadId,
  process_uuid: 'pid:1:a',
  estimated_bytes: 10,
});

describe('readLogDbEvents', () => {
  it("reads a thread's lines from every logs_N.sqlite, in time order, hiding info bodies unless asked", () => {
    buildLooseDb(join(dir, 'logs_1.sqlite'), {
      logs: { rows: [row(2, 'INFO', 'prompt text here'), row(1, 'WARN', 'failed to delete snapshot'), row(3, 'INFO', 'other', null)] },
    });
    buildLooseDb(join(dir, 'logs_2.sqlite'), { logs: { rows: [row(4, 'ERROR', 'state db discrepancy')] } });
    writeFileSync(join(dir, 'state_5.sqlite'), '');
    const before = fileFingerprint([join(dir, 'logs_1.sqlite'), join(dir, 'logs_2.sqlite')]);
    const { events, unreadable, omitted } = readLogDbEvents(dir, ID, { includeContent: false });
    expect(unreadable).toEqual([]);
    expect(omitted).toBe(0);
    expect(events.map((e) => [e.ts, e.level, e.source, e.file.endsWith('.sqlite')])).toEqual([
      [1_775_656_967 * 1000 + 540, 'warn', 'log-db', true],
      [1_775_656_968 * 1000 + 540, 'info', 'log-db', true],
      [1_775_656_970 * 1000 + 540, 'error', 'log-db', true],
    ]);
    expect(events[0]?.text).toBe('WARN codex_core::x: failed to delete snapshot (core/src/x.rs:147) [logs.id=1]');
    expect(events[1]?.text).toContain('(message not shown)');
    expect(readLogDbEvents(dir, ID, { includeContent: true }).events[1]?.text).toContain('prompt text here');
    expect(fileFingerprint([join(dir, 'logs_1.sqlite'), join(dir, 'logs_2.sqlite')])).toEqual(before);
  });

  it('counts what it leaves out and survives a damaged database', () => {
    buildLooseDb(join(dir, 'logs_1.sqlite'), { logs: { rows: [1, 2, 3].map((i) => row(i, 'WARN', 'x')) } });
    writeFileSync(join(dir, 'logs_2.sqlite'), 'not sqlite');
    const result = readLogDbEvents(dir, ID, { includeContent: false, limit: 2 });
    expect(result.events).toHaveLength(2);
    expect(result.omitted).toBe(1);
    expect(result.unreadable.map((u) => u.path)).toEqual([join(dir, 'logs_2.sqlite')]);
    expect(readLogDbEvents(join(dir, 'missing'), ID, { includeContent: false })).toEqual({ events: [], unreadable: [], omitted: 0 });
  });
});
