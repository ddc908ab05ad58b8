import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDesktopLogStats, readDesktopLogFile } from '../../src/sources/desktop-log/read-file.js';
import type { DesktopLogEntry } from '../../src/sources/desktop-log/types.js';
import { desktopLine, renderValue, writeDesktopLog } from './desktop-log.js';

const ID = '019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5';
const AT = Date.UTC(2026, 4, 13, 9, 12, 44, 120);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-desktop-builder-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('desktopLine', () => {
  it('writes the stamp, level, component, tags, message and sorted pairs', () => {
    expect(
      desktopLine({
        ts: AT,
        level: 'error',
        component: 'electron-message-handler',
        tags: ['desktop-notifications', 'global-error'],
        message: 'Request failed',
        fields: {
          method: 'thread/resume',
          error: { code: -32603, message: 'failed to read thread' },
          conversationId: ID,
          errorMessage: '',
          skipped: undefined,
          durationMs: 12,
          isRemote: false,
          previousId: null,
          reason: 'said "no"',
        },
      }),
    ).toBe(
      `2026-05-13T09:12:44.120Z error [electron-message-handler] [desktop-notifications][global-error] Request failed conversationId=${ID} ` +
        'durationMs=12 error={"code":-32603,"message":"failed to read thread"} errorMessage="" isRemote=false method=thread/resume previousId=null reason="said \\"no\\""',
    );
  });

  it('defaults to info and no component', () => {
    expect(desktopLine({ ts: '2026-05-13T09:12:44.120Z', message: 'Launching app' })).toBe('2026-05-13T09:12:44.120Z info Launching app');
  });

  it('quotes only what needs it', () => {
    expect(renderValue('turn/start')).toBe('turn/start');
    expect(renderValue('a b')).toBe('"a b"');
    expect(renderValue('C:\\Users\\u "x"')).toBe('"C:\\\\Users\\\\u \\"x\\""');
    expect(renderValue(['a'])).toBe('["a"]');
  });
});

describe('writeDesktopLog', () => {
  it('names the file like Desktop and writes the lines', () => {
    const path = writeDesktopLog(dir, {
      date: AT,
      uuid: '5665250b-2bd7-41b4-ae8b-8bfad293a06d',
      pid: 21412,
      lines: ['Launching app', { ts: AT, component: 'StdioConnection', message: 'stdio_transport_spawned', fields: { pid: 21413 } }],
    });
    expect(relative(dir, path).split(sep).join('/')).toBe('2026/05/13/codex-desktop-5665250b-2bd7-41b4-ae8b-8bfad293a06d-21412-t0-i1-091244-0.log');
    expect(readFileSync(path, 'utf8')).toBe('Launching app\n2026-05-13T09:12:44.120Z info [StdioConnection] stdio_transport_spawned pid=21413\n');
  });

  it('derives a stable uuid, and honours crlf and a missing final newline', () => {
    const a = writeDesktopLog(dir, { date: AT, lines: ['x', 'y'], crlf: true, finalNewline: false });
    const b = writeDesktopLog(join(dir, 'again'), { date: AT, lines: [] });
    expect(relative(dir, a).split(sep).join('/')).toMatch(
      /^2026\/05\/13\/codex-desktop-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-4612-t0-i1-091244-0\.log$/,
    );
    expect(relative(join(dir, 'again'), b)).toBe(relative(dir, a));
    expect(readFileSync(a, 'utf8')).toBe('x\r\ny');
    expect(readFileSync(b, 'utf8')).toBe('');
  });

  it('what it writes reads back as written', async () => {
    const fields = { conversationId: ID, error: { code: -32600, message: 'a } b "c"' }, errorMessage: 'multi\nline', method: 'turn/start' };
    const path = writeDesktopLog(dir, {
      date: AT,
      lines: [{ ts: AT, level: 'warning', component: 'AppServerConnection', message: 'response_routed', fields }],
    });
    const entries: DesktopLogEntry[] = [];
    await readDesktopLogFile(path, (e) => entries.push(e), emptyDesktopLogStats());
    expect(entries.map((e) => [e.ts, e.level, e.component, e.message, e.fields])).toEqual([
      [
        AT,
        'warning',
        'AppServerConnection',
        'response_routed',
        { conversationId: ID, error: '{"code":-32600,"message":"a } b \\"c\\""}', errorMessage: 'multi\nline', method: 'turn/start' },
      ],
    ]);
  });
});
