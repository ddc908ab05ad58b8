import { appendFileSync, chmodSync, fstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDesktopLogStats, readDesktopLogFile } from '../../../src/sources/desktop-log/read-file.js';
import type { DesktopLogEntry, DesktopLogStats } from '../../../src/sources/desktop-log/types.js';
import { desktopLine, writeDesktopLog } from '../../builders/desktop-log.js';

const ID = '019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5';
const OTHER = '019eb010-55c2-7e0a-8a41-0c3f77d2e901';
const LAUNCH = Date.UTC(2026, 5, 8, 11, 24, 40, 0);
const T1 = Date.UTC(2026, 5, 8, 11, 24, 48, 180);
const T2 = Date.UTC(2026, 5, 8, 11, 24, 48, 237);
const T3 = Date.UTC(2026, 5, 8, 11, 25, 1, 5);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-desktop-read-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function read(path: string, opts: { maxLineBytes?: number } = {}): Promise<{ entries: DesktopLogEntry[]; stats: DesktopLogStats }> {
  const entries: DesktopLogEntry[] = [];
  const stats = emptyDesktopLogStats();
  await readDesktopLogFile(path, (e) => entries.push(e), stats, opts);
  return { entries, stats };
}

function writeRaw(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function expectAccounted(stats: DesktopLogStats): void {
  expect(stats.entries + stats.continuationLines + stats.blankLines).toBe(stats.lines);
}

const created = desktopLine({ ts: T1, level: 'info', component: 'electron-message-handler', message: 'Conversation created', fields: { conversationId: ID } });
const routed = desktopLine({
  ts: T2,
  level: 'info',
  component: 'AppServerConnection',
  message: 'response_routed',
  fields: { conversationId: ID, durationMs: 12, errorCode: null, method: 'turn/start', requestId: '8f0c2d14-7a51-4c8e-b1f3-2e6a9d0b7c55' },
});
const failed = desktopLine({
  ts: T3,
  level: 'error',
  component: 'electron-message-handler',
  message: 'Request failed',
  fields: {
    conversationId: OTHER,
    error: { code: -32603, message: 'failed to read thread: Is a directory (os error 21)' },
    failureReason: 'unknown',
    method: 'thread/resume',
    source: 'resume',
  },
});

describe('readDesktopLogFile: a plain Desktop log', () => {
  it('gives one entry per line, with file, line number, time and fields', async () => {
    const path = writeDesktopLog(dir, { date: LAUNCH, lines: [created, routed, failed] });
    const { entries, stats } = await read(path);
    expect(entries).toEqual([
      {
        file: path,
        line: 1,
        ts: T1,
        timed: true,
        level: 'info',
        component: 'electron-message-handler',
        tags: [],
        message: 'Conversation created',
        fields: { conversationId: ID },
        continuation: [],
        raw: created,
        rawOffset: 0,
      },
      {
        file: path,
        line: 2,
        ts: T2,
        timed: true,
        level: 'info',
        component: 'AppServerConnection',
        tags: [],
        message: 'response_routed',
        fields: { conversationId: ID, durationMs: '12', errorCode: 'null', method: 'turn/start', requestId: '8f0c2d14-7a51-4c8e-b1f3-2e6a9d0b7c55' },
        continuation: [],
        raw: routed,
        rawOffset: Buffer.byteLength(`${created}\n`),
      },
      {
        file: path,
        line: 3,
        ts: T3,
        timed: true,
        level: 'error',
        component: 'electron-message-handler',
        tags: [],
        message: 'Request failed',
        fields: {
          conversationId: OTHER,
          error: '{"code":-32603,"message":"failed to read thread: Is a directory (os error 21)"}',
          failureReason: 'unknown',
          method: 'thread/resume',
          source: 'resume',
        },
        continuation: [],
        raw: failed,
        rawOffset: Buffer.byteLength(`${created}\n${routed}\n`),
      },
    ]);
    const bytes = Buffer.byteLength(`${created}\n${routed}\n${failed}\n`);
    expect(stats).toEqual({ ...emptyDesktopLogStats(), filesRead: 1, bytes, lines: 3, entries: 3 });
  });
});

describe('readDesktopLogFile: line endings and encodings', () => {
  it('CRLF lines are counted and their CR removed', async () => {
    const path = writeDesktopLog(dir, { date: LAUNCH, lines: [created, routed], crlf: true });
    const { entries, stats } = await read(path);
    expect(entries.map((e) => e.raw)).toEqual([created, routed]);
    expect(entries[1]?.fields.requestId).toBe('8f0c2d14-7a51-4c8e-b1f3-2e6a9d0b7c55');
    expect(stats).toMatchObject({ lines: 2, entries: 2, crlfLines: 2, missingFinalNewline: 0 });
  });

  it('CR only on continuation lines (Windows tool output)', async () => {
    const path = writeRaw('mixed.log', `${created}\n  first\r\n  second\r\n${routed}\n`);
    const { entries, stats } = await read(path);
    expect(entries.map((e) => e.continuation)).toEqual([['  first', '  second'], []]);
    expect(stats).toMatchObject({ lines: 4, entries: 2, continuationLines: 2, crlfLines: 2 });
  });

  it('a missing final newline is counted and the last line still read', async () => {
    const path = writeDesktopLog(dir, { date: LAUNCH, lines: [created, routed], finalNewline: false });
    const { entries, stats } = await read(path);
    expect(entries.map((e) => e.message)).toEqual(['Conversation created', 'response_routed']);
    expect(entries[1]?.fields.requestId).toBe('8f0c2d14-7a51-4c8e-b1f3-2e6a9d0b7c55');
    expect(stats).toMatchObject({ lines: 2, entries: 2, missingFinalNewline: 1, bytes: Buffer.byteLength(`${created}\n${routed}`) });
  });

  it('invalid UTF-8 is counted per line and does not stop the file', async () => {
    const bad = Buffer.concat([
      Buffer.from('2026-06-08T11:24:48.200Z warning [IpcRouter] garbled name='),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(' next=1\n'),
    ]);
    const path = writeRaw('bad.log', Buffer.concat([Buffer.from(`${created}\n`), bad, Buffer.from(`${routed}\n`)]));
    const { entries, stats } = await read(path);
    expect(entries.map((e) => e.fields)).toEqual([
      { conversationId: ID },
      { name: '\uFFFD\uFFFD\uFFFD', next: '1' },
      { conversationId: ID, durationMs: '12', errorCode: 'null', method: 'turn/start', requestId: '8f0c2d14-7a51-4c8e-b1f3-2e6a9d0b7c55' },
    ]);
    expect(stats).toMatchObject({ lines: 3, entries: 3, invalidUtf8Lines: 1 });
  });

  it('a UTF-8 byte order mark does not hide the first stamp', async () => {
    const path = writeRaw('bom.log', `\uFEFF${created}\n`);
    const { entries } = await read(path);
    expect(entries.map((e) => ({ ts: e.ts, timed: e.timed, raw: e.raw }))).toEqual([{ ts: T1, timed: true, raw: created }]);
  });

  it('multi-byte text keeps its characters', async () => {
    const line = desktopLine({
      ts: T1,
      level: 'error',
      component: 'electron-message-handler',
      message: '恢复对话失败',
      fields: { errorMessage: 'Fehler beim Laden …' },
    });
    const { entries, stats } = await read(writeRaw('utf8.log', `${line}\n`));
    expect(entries.map((e) => [e.message, e.fields.errorMessage])).toEqual([['恢复对话失败', 'Fehler beim Laden …']]);
    expect(stats.invalidUtf8Lines).toBe(0);
  });
});

describe('readDesktopLogFile: files that are not logs', () => {
  it('a zero-byte file is read and counted as empty', async () => {
    const { entries, stats } = await read(writeRaw('empty.log', ''));
    expect(entries).toEqual([]);
    expect(stats).toEqual({ ...emptyDesktopLogStats(), filesRead: 1, emptyFiles: 1 });
  });

  it('a file with NUL bytes is skipped as binary', async () => {
    const path = writeRaw('binary.log', Buffer.concat([Buffer.from(`${created}\n`), Buffer.from([0x00, 0x05, 0x16, 0x07]), Buffer.from(`${routed}\n`)]));
    const { entries, stats } = await read(path);
    expect(entries).toEqual([]);
    const offset = Buffer.byteLength(`${created}\n`);
    expect(stats).toEqual({ ...emptyDesktopLogStats(), skippedFiles: [{ path, reason: 'binary', detail: `NUL byte at offset ${offset}` }] });
  });

  it('a log that Desktop appends to while it is read is read as it stood when opened', async () => {
    // Larger than one read, so that the appends land between reads.
    const lines = Array.from({ length: 12_000 }, (_, i) =>
      desktopLine({ ts: T1 + i, component: 'AppServerConnection', message: 'response_routed', fields: { conversationId: ID, method: 'thread/read', n: i } }),
    );
    const path = writeRaw('growing.log', `${lines.join('\n')}\n`);
    const size = Buffer.byteLength(`${lines.join('\n')}\n`);
    const stats = emptyDesktopLogStats();
    let seen = 0;
    await readDesktopLogFile(
      path,
      () => {
        seen += 1;
        if (seen % 1000 === 1) appendFileSync(path, `${routed}\n`.repeat(200));
      },
      stats,
    );
    expect(seen).toBe(lines.length);
    expect(stats).toMatchObject({ bytes: size, lines: lines.length, entries: lines.length, missingFinalNewline: 0 });
  });

  it('a log cut short while it is read ends where its data ends, counted', async () => {
    // Several 1 MiB reads: the reader reads one ahead of the lines it hands over, so a cut made while the first is
    // parsed shows from the third on.
    const lines = Array.from({ length: 30_000 }, (_, i) =>
      desktopLine({ ts: T1 + i, component: 'AppServerConnection', message: 'response_routed', fields: { conversationId: ID, method: 'thread/read', n: i } }),
    );
    const path = writeRaw('shrinking.log', `${lines.join('\n')}\n`);
    const stats = emptyDesktopLogStats();
    let seen = 0;
    await readDesktopLogFile(
      path,
      () => {
        seen += 1;
        if (seen === 1) truncateSync(path, 100_000);
      },
      stats,
    );
    // What was read before the cut is all there is: every line of it is an entry, none made up after it.
    expect(stats.bytes).toBeGreaterThan(100_000);
    expect(stats.bytes).toBeLessThan(Buffer.byteLength(lines.join('\n')));
    expect(seen).toBeLessThan(lines.length);
    expect(stats.entries).toBe(seen);
    expect(stats.lines).toBe(seen);
    expect(stats.filesRead).toBe(1);
    expect(stats.skippedFiles).toEqual([]);
  });

  it('a missing file is skipped as unreadable', async () => {
    const path = join(dir, 'vanished.log');
    const { stats } = await read(path);
    expect(stats).toEqual({ ...emptyDesktopLogStats(), skippedFiles: [{ path, reason: 'unreadable', detail: 'ENOENT' }] });
  });

  it('a directory is skipped as unreadable', async () => {
    const path = join(dir, 'folder.log');
    mkdirSync(path);
    const { stats } = await read(path);
    expect(stats.skippedFiles).toEqual([{ path, reason: 'unreadable', detail: 'not a regular file' }]);
    expect(stats.filesRead).toBe(0);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission is skipped as unreadable', async () => {
    const path = writeRaw('secret.log', `${created}\n`);
    chmodSync(path, 0o000);
    const { stats } = await read(path);
    expect(stats.skippedFiles).toEqual([{ path, reason: 'unreadable', detail: 'EACCES' }]);
  });
});

describe('readDesktopLogFile: overlong lines', () => {
  it('a 3 MB line is cut at the limit and counted; the lines after it are read', async () => {
    const huge = desktopLine({
      ts: T2,
      level: 'info',
      component: 'AppServerConnection',
      message: 'request_sent',
      fields: { conversationId: ID, method: 'thread/inject_items', params: { threadId: ID, items: ['x'.repeat(3 * 1024 * 1024)] } },
    });
    const path = writeRaw('huge.log', `${created}\n${huge}\n${failed}\n`);
    const { entries, stats } = await read(path);
    expect(entries.map((e) => [e.line, e.ts, e.message])).toEqual([
      [1, T1, 'Conversation created'],
      [2, T2, 'request_sent'],
      [3, T3, 'Request failed'],
    ]);
    const cut = entries[1] as DesktopLogEntry;
    expect(cut.fields.conversationId).toBe(ID);
    expect(cut.fields.method).toBe('thread/inject_items');
    // The JSON lost its end with the line's tail: the kept start is its value.
    expect(cut.fields.params?.startsWith(`{"threadId":"${ID}","items":["xxx`)).toBe(true);
    expect(cut.raw.length).toBe(4096);
    expect(entries[2]?.fields.failureReason).toBe('unknown');
    expect(stats).toMatchObject({ lines: 3, entries: 3, overlongLines: 1, bytes: Buffer.byteLength(`${created}\n${huge}\n${failed}\n`) });
  });

  it('a long line without any newline is read with the limit, and counted as missing its newline', async () => {
    const path = writeRaw('one-line.log', `${created} padding=${'y'.repeat(5 * 1024 * 1024)}`);
    const { entries, stats } = await read(path, { maxLineBytes: 64 * 1024 });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.fields.padding?.length).toBe(64 * 1024 - Buffer.byteLength(`${created} padding=`));
    expect(stats).toMatchObject({ lines: 1, entries: 1, overlongLines: 1, missingFinalNewline: 1 });
  });

  it('a cut never splits a multi-byte character', async () => {
    // 3-byte characters: a limit of 100 bytes falls inside the 34th character.
    const path = writeRaw('cjk.log', `${'对'.repeat(200)}\nLaunching app\n`);
    const { entries, stats } = await read(path, { maxLineBytes: 100 });
    expect(entries.map((e) => e.raw)).toEqual(['对'.repeat(33), 'Launching app']);
    expect(stats).toMatchObject({ overlongLines: 1, invalidUtf8Lines: 0 });
  });

  it('an open quote on a cut line does not swallow the lines after it', async () => {
    const path = writeRaw('cut-quote.log', `x errorMessage="${'z'.repeat(200)}"\nplain next line\n`);
    const { entries, stats } = await read(path, { maxLineBytes: 64 });
    expect(entries.map((e) => e.message)).toEqual(['x', 'plain next line']);
    expect(stats).toMatchObject({ entries: 2, overlongLines: 1 });
  });
});

describe('readDesktopLogFile: multi-line entries', () => {
  const boundary = desktopLine({
    ts: T3,
    level: 'error',
    component: 'electron-message-handler',
    message: 'error boundary',
    fields: { errorMessage: 'Minified React error #185', name: 'LocalConversationPage' },
  });

  it('stack frames and componentStack lines attach to the entry above', async () => {
    const stack = [
      '  errorStack=Error: Minified React error #185',
      '    at Hy (app://-/assets/composer-Bq3x1.js:46:37854)',
      '    at Ld (app://-/assets/local-conversation-thread-DhV7q0nP.js:12:901)',
      '  componentStack=',
      '    at LocalConversationPage (app://-/assets/local-conversation-page-CfMUdpO1.js:3:77)',
    ];
    const path = writeRaw('boundary.log', [created, boundary, ...stack, routed, ''].join('\n'));
    const { entries, stats } = await read(path);
    expect(entries.map((e) => [e.line, e.message, e.continuation])).toEqual([
      [1, 'Conversation created', []],
      [2, 'error boundary', stack],
      [8, 'response_routed', []],
    ]);
    expect(entries[1]?.fields).toEqual({
      errorMessage: 'Minified React error #185',
      name: 'LocalConversationPage',
      errorStack: 'Error:',
      componentStack: '',
    });
    expect(stats).toMatchObject({ lines: 8, entries: 3, continuationLines: 5, untimedEntries: 0 });
    expectAccounted(stats);
  });

  it('an uncaught-exception stack trace without indentation on its first line', async () => {
    const lines = [
      created,
      'Uncaught Exception:',
      "TypeError: Cannot read properties of undefined (reading 'id')",
      '    at Object.<anonymous> (/Applications/Codex.app/Contents/Resources/app.asar/.vite/build/main.js:1:2)',
      routed,
    ];
    const path = writeRaw('uncaught.log', `${lines.join('\n')}\n`);
    const { entries } = await read(path);
    expect(entries.map((e) => [e.line, e.ts, e.timed, e.message, e.continuation.length])).toEqual([
      [1, T1, true, 'Conversation created', 0],
      [2, T1, false, 'Uncaught Exception:', 0],
      [3, T1, false, "TypeError: Cannot read properties of undefined (reading 'id')", 1],
      [5, T2, true, 'response_routed', 0],
    ]);
  });

  it('continuations are stored up to 50 lines, all counted', async () => {
    const frames = Array.from({ length: 60 }, (_, i) => `    at f${i} (app://-/assets/x.js:${i}:1)`);
    const path = writeRaw('deep.log', [boundary, ...frames, created, ''].join('\n'));
    const { entries, stats } = await read(path);
    expect(entries[0]?.continuation).toEqual(frames.slice(0, 50));
    expect(entries[1]?.line).toBe(62);
    expect(stats).toMatchObject({ lines: 62, entries: 2, continuationLines: 60 });
  });

  it('continuations are stored up to 8 KiB of text, the last kept line cut to fit', async () => {
    const frames = Array.from({ length: 5 }, (_, i) => `  ${String(i).repeat(3000)}`);
    const path = writeRaw('wide.log', [boundary, ...frames, ''].join('\n'));
    const { entries, stats } = await read(path);
    expect(entries[0]?.continuation).toEqual([frames[0], frames[1], frames[2]?.slice(0, 8192 - 2 * 3002)]);
    expect(stats.continuationLines).toBe(5);
  });

  it('a quoted value with real newlines continues until its closing quote, and the pairs after it join the entry', async () => {
    const lines = [
      '2026-05-16T05:08:01.123Z error [electron-message-handler] error boundary conversationId=019dadb2-4957-7dd0-b7d2-908445b3e30b errorMessage="invalid syntax at line 1 col 5:',
      '',
      '1  cwd=\\"C:\\\\Users\\\\u\\\\Desktop\\\\repo\\"',
      '       ^" name=LocalConversationPage',
      'Launching app',
    ];
    const path = writeRaw('multiline-value.log', `${lines.join('\n')}\n`);
    const { entries, stats } = await read(path);
    expect(entries.map((e) => [e.line, e.message, e.fields, e.continuation])).toEqual([
      [
        1,
        'error boundary',
        {
          conversationId: '019dadb2-4957-7dd0-b7d2-908445b3e30b',
          errorMessage: 'invalid syntax at line 1 col 5:\n\n1  cwd=\\"C:\\\\Users\\\\u\\\\Desktop\\\\repo\\"\n       ^',
          name: 'LocalConversationPage',
        },
        lines.slice(1, 4),
      ],
      [5, 'Launching app', {}, []],
    ]);
    expect(stats).toMatchObject({ lines: 5, entries: 2, untimedEntries: 1, continuationLines: 3, blankLines: 0 });
  });

  it('a timed line ends an open quoted value', async () => {
    const path = writeRaw('unclosed.log', `2026-05-16T05:08:01.123Z error [x] e errorMessage="never closed\nmore text\n${created}\n`);
    const { entries } = await read(path);
    expect(entries.map((e) => [e.message, e.fields, e.continuation])).toEqual([
      ['e', { errorMessage: 'never closed\nmore text' }, ['more text']],
      ['Conversation created', { conversationId: ID }, []],
    ]);
  });

  it("a reporter's wrapped event: its indented and unindented key=value lines join the entry, the header's values win", async () => {
    const path = writeRaw(
      'wrapped.log',
      [
        '2026-06-08T11:24:48.237Z info [AppServerConnection] response_routed',
        `  conversationId=${ID}`,
        '  durationMs=12 method=turn/start',
        'errorCode=null method=thread/start',
        '',
      ].join('\n'),
    );
    const { entries, stats } = await read(path);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.fields).toEqual({ conversationId: ID, durationMs: '12', method: 'turn/start', errorCode: 'null' });
    expect(stats).toMatchObject({ entries: 1, continuationLines: 3 });
  });
});

describe('readDesktopLogFile: untimed lines', () => {
  it('keep their place in the file and take the time of the timed line above', async () => {
    const lines = [
      ' codex-desktop.sh',
      'Launching app',
      created,
      '(node:153085) [DEP0169] DeprecationWarning: `url.parse()` behavior is not standardized',
      'MESA-LOADER: failed to open iris: /usr/lib/dri/iris_dri.so: cannot open shared object file',
      '[15/Jun/2026 12:22:29] "GET /index.html HTTP/1.1" 200 -',
      '17:59:21.323 ERROR turn/start timed out',
      routed,
      'error [electron-message-handler] Conversation state not found conversationId=019e',
    ];
    const path = writeRaw('console.log', `${lines.join('\n')}\n`);
    const { entries, stats } = await read(path);
    expect(entries.map((e) => [e.line, e.ts, e.timed, e.level, e.component, e.message])).toEqual([
      [1, null, false, null, null, 'codex-desktop.sh'],
      [2, null, false, null, null, 'Launching app'],
      [3, T1, true, 'info', 'electron-message-handler', 'Conversation created'],
      [4, T1, false, null, null, '(node:153085) [DEP0169] DeprecationWarning: `url.parse()` behavior is not standardized'],
      [5, T1, false, null, null, 'MESA-LOADER: failed to open iris: /usr/lib/dri/iris_dri.so: cannot open shared object file'],
      [6, T1, false, null, null, '"GET /index.html HTTP/1.1" 200 -'],
      [7, T1, false, 'error', null, 'turn/start timed out'],
      [8, T2, true, 'info', 'AppServerConnection', 'response_routed'],
      [9, T2, false, 'error', 'electron-message-handler', 'Conversation state not found'],
    ]);
    expect(entries[0]?.raw).toBe(' codex-desktop.sh');
    expect(stats).toMatchObject({ lines: 9, entries: 9, untimedEntries: 7, continuationLines: 0 });
  });

  it('grep -n prefixes and VS Code stamps', async () => {
    const lines = [
      `11547: ${created}`,
      '11548:     at Hy (app://-/assets/composer-Bq3x1.js:46:37854)',
      '2026-09-02 15:54:39.629 [error] Request failed conversationId=019e',
    ];
    const { entries } = await read(writeRaw('pasted.log', `${lines.join('\n')}\n`));
    expect(entries.map((e) => [e.line, e.ts, e.timed, e.level, e.message, e.continuation, e.raw])).toEqual([
      [1, T1, true, 'info', 'Conversation created', [lines[1]], lines[0]],
      [3, Date.UTC(2026, 8, 2, 15, 54, 39, 629), true, 'error', 'Request failed', [], lines[2]],
    ]);
  });
});

describe('readDesktopLogFile: line accounting', () => {
  it('every line is an entry, a continuation line or a blank line', async () => {
    const lines = [
      '',
      '    at orphan (x.js:1:1)',
      created,
      '',
      '   ',
      '    at Hy (app://-/assets/composer-Bq3x1.js:46:37854)',
      'Launching app',
      '  indented block line',
      `  ${routed}`,
      'errorMessage="open',
      '',
      'still open"',
      failed,
    ];
    const { entries, stats } = await read(writeRaw('mixed.log', `${lines.join('\r\n')}`));
    expect(entries.map((e) => [e.line, e.timed, e.continuation])).toEqual([
      [2, false, []],
      [3, true, ['    at Hy (app://-/assets/composer-Bq3x1.js:46:37854)']],
      [7, false, ['  indented block line']],
      [9, true, ['errorMessage="open', '', 'still open"']],
      [13, true, []],
    ]);
    expect(stats).toMatchObject({ lines: 13, entries: 5, untimedEntries: 2, continuationLines: 5, blankLines: 3, crlfLines: 12, missingFinalNewline: 1 });
    expectAccounted(stats);
    expect(entries[3]?.ts).toBe(T2);
    expect(entries[3]?.fields.errorMessage).toBe('open\n\nstill open');
  });
});

/** Files one after another into one stats, as the log index reads a share (src/log-index/share.ts). */
async function readFiles(
  files: string[],
  onEntry: (e: DesktopLogEntry) => void,
  opts: Parameters<typeof readDesktopLogFile>[3] = {},
): Promise<DesktopLogStats> {
  const stats = emptyDesktopLogStats();
  for (const file of files) await readDesktopLogFile(file, onEntry, stats, opts);
  return stats;
}

describe('readDesktopLogFile, file after file', () => {
  it('reads the files in the order given, into one stats', async () => {
    const second = writeDesktopLog(dir, { date: LAUNCH + 86_400_000, lines: [failed] });
    const first = writeDesktopLog(dir, { date: LAUNCH, lines: [created, routed] });
    const empty = writeRaw('empty.log', '');
    const seen: [string, number][] = [];
    const stats = await readFiles([second, empty, first, join(dir, 'gone.log')], (e) => seen.push([e.file, e.line]));
    expect(seen).toEqual([
      [second, 1],
      [first, 1],
      [first, 2],
    ]);
    expect(stats).toMatchObject({ filesRead: 3, emptyFiles: 1, lines: 3, entries: 3 });
    expect(stats.skippedFiles).toEqual([{ path: join(dir, 'gone.log'), reason: 'unreadable', detail: 'ENOENT' }]);
  });

  it('an error thrown by the caller is not mistaken for damaged input', async () => {
    const path = writeDesktopLog(dir, { date: LAUNCH, lines: [created, routed] });
    await expect(
      readFiles([path], () => {
        throw new Error('consumer bug');
      }),
    ).rejects.toThrow('consumer bug');
  });
});

describe('readDesktopLogFile: onOpened', () => {
  it('is told each regular file as opened, with its size, before it is read; a file-system error it throws makes the file unreadable', async () => {
    const big = writeRaw('big.log', `${Array.from({ length: 100 }, () => routed).join('\n')}\n`);
    const small = writeRaw('small.log', `${created}\n`);
    const empty = writeRaw('empty.log', '');
    const opened: [string, number][] = [];
    const entries: string[] = [];
    const stats = await readFiles([big, small, empty, dir], (e) => entries.push(e.file), {
      onOpened: (path, fd, size) => {
        expect(entries).not.toContain(path);
        expect(fstatSync(fd).size).toBe(size);
        opened.push([path, size]);
      },
    });
    expect(opened).toEqual([
      [big, statSync(big).size],
      [small, statSync(small).size],
      [empty, 0],
    ]);
    expect(stats.filesRead).toBe(3);

    const refused = await readFiles([big, small], () => {}, {
      onOpened: (path) => {
        if (path === big) throw Object.assign(new Error('gone'), { code: 'ESTALE' });
      },
    });
    expect(refused.filesRead).toBe(1);
    expect(refused.skippedFiles).toEqual([{ path: big, reason: 'unreadable', detail: 'ESTALE' }]);
  });
});

describe('lines held back across reads', () => {
  it('gives the same entries, events and counts on a log of several chunks as a full read does', async () => {
    // Lines of uneven lengths, so that the 1 MiB reads end in every kind of line: a plain routed line, a noise line
    // with or without a continuation, an open quote that goes on below.
    const lines: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < 3.2 * 1024 * 1024; i += 1) {
      const ts = T1 + i;
      const pad = 'p'.repeat((i * 7919) % 900);
      const kind = i % 7;
      const line =
        kind === 0
          ? desktopLine({ ts, component: 'electron-fetch-handler', message: `fetch completed ${pad}`, fields: { status: 200 } })
          : kind === 1
            ? `${desktopLine({ ts, level: 'error', component: 'x', message: 'boom', fields: { note: pad } })}\n    at run (app.js:1:2)`
            : kind === 2
              ? `${desktopLine({ ts, component: 'x', message: 'open' })} errorMessage="${pad}\n${pad}" conversationId=${OTHER}`
              : desktopLine({
                  ts,
                  component: 'AppServerConnection',
                  message: 'response_routed',
                  fields: { conversationId: i % 2 === 0 ? ID : OTHER, method: 'turn/start', note: pad },
                });
      lines.push(line);
      bytes += line.length + 1;
    }
    // A noise line whose newline is the last byte of the first 1 MiB read, its continuation the first of the next:
    // the line held back must outlive the read that overwrites its bytes.
    const head = `${lines.join('\n')}\n`;
    const boundary = 1024 * 1024;
    const noise = desktopLine({ ts: T3, level: 'error', component: 'x', message: 'boom' });
    const before = Buffer.byteLength(head.slice(0, head.lastIndexOf('\n', boundary - noise.length - 200) + 1));
    const filler = desktopLine({ ts: T3, component: 'x', message: 'fill', fields: { pad: 'f'.repeat(boundary - before - noise.length - 1 - 60) } });
    const fitted = `${filler}${' '.repeat(boundary - before - noise.length - 2 - filler.length)}`;
    const text = `${head.slice(0, before)}${fitted}\n${noise}\n    at boundary (app.js:1:2)\n${head.slice(before)}`;
    expect(Buffer.byteLength(text.slice(0, before + fitted.length + 1 + noise.length + 1))).toBe(boundary);
    const path = writeRaw('big.log', text);
    const full = await read(path);
    const { createPlainLineParser } = await import('../../../src/sources/desktop-log/plain-line.js');
    const entries: DesktopLogEntry[] = [];
    const plainLines: { line: number; ts: number; conversationId: string | undefined }[] = [];
    const unparsed: number[] = [];
    const stats = emptyDesktopLogStats();
    await readDesktopLogFile(path, (e) => entries.push(e), stats, {
      needles: ['conversation', 'hread'],
      onUnparsedEntry: (ts) => unparsed.push(ts),
      plain: {
        parse: createPlainLineParser(['conversationId']),
        fullParse: [],
        onLine: (line, _file, lineNumber) => plainLines.push({ line: lineNumber, ts: line.ts, conversationId: line.fields.conversationId }),
      },
    });
    expect(stats).toEqual(full.stats);
    expect(full.stats.lines).toBeGreaterThan(5000);
    expect(entries.length + plainLines.length + unparsed.length).toBe(full.entries.length);
    const byLine = new Map(full.entries.map((e) => [e.line, e]));
    for (const e of entries) expect(e).toEqual(byLine.get(e.line));
    for (const p of plainLines) expect(p).toEqual({ line: p.line, ts: byLine.get(p.line)!.ts, conversationId: byLine.get(p.line)!.fields.conversationId });
    expect(plainLines.length).toBeGreaterThan(1000);
  });
});

describe('progress within a file', () => {
  it('tells the bytes read so far before each chunk, across files, so one large log does not look stuck', async () => {
    const big = writeDesktopLog(dir, {
      date: LAUNCH,
      lines: Array.from({ length: 40_000 }, (_, i) => desktopLine({ ts: T1 + i, message: `tick ${'x'.repeat(100)}`, fields: { conversationId: ID } })),
    });
    const small = writeDesktopLog(dir, { date: LAUNCH + 86_400_000, lines: [created] });
    const seen: number[] = [];
    const stats = await readFiles([big, small], () => undefined, { onBytes: (n) => seen.push(n) });
    const bigSize = readFileSync(big).length;
    expect(bigSize).toBeGreaterThan(4 * 1024 * 1024);
    // Several reports inside the large file, never going back, and none past what was read.
    expect(seen.filter((n) => n > 0 && n < bigSize).length).toBeGreaterThanOrEqual(3);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen.at(-1)).toBeLessThanOrEqual(stats.bytes);
    expect(seen).toContain(bigSize);
  });
});

describe('plain lines outside a time window', () => {
  it('are counted and timed but not parsed, unless they hold a needle to keep or one that needs the full parse', async () => {
    const at = (minute: number) => Date.UTC(2026, 5, 8, 12, minute, 0, 0);
    const line = (minute: number, fields: Record<string, string | boolean>, message = 'response_routed') =>
      desktopLine({ ts: at(minute), component: 'AppServerConnection', message, fields: { conversationId: ID, ...fields } });
    const path = writeRaw(
      'window.log',
      `${[
        // The first line of a file is always parsed in full (it may open with a byte-order mark).
        desktopLine({ ts: at(0), message: 'started' }),
        line(1, { method: 'turn/start' }),
        line(2, { method: 'thread/fork', ephemeral: true }),
        line(3, { method: 'thread/read', currentVersion: '0.140.0' }),
        line(10, { method: 'turn/start' }),
        line(20, { method: 'thread/read' }),
        line(30, { method: 'turn/start' }),
      ].join('\n')}\n`,
    );
    const { createPlainLineParser } = await import('../../../src/sources/desktop-log/plain-line.js');
    const read = async (window?: { since: number | null; until: number | null; unless: string[] }) => {
      const entries: number[] = [];
      const plain: number[] = [];
      const unparsed: number[] = [];
      const stats = emptyDesktopLogStats();
      await readDesktopLogFile(path, (e) => entries.push(e.ts!), stats, {
        needles: ['conversation'],
        onUnparsedEntry: (ts) => unparsed.push(ts),
        plain: {
          parse: createPlainLineParser(['conversationId', 'method']),
          fullParse: ['Version'],
          onLine: (l) => plain.push(l.ts),
          ...(window === undefined ? {} : { window }),
        },
      });
      return { entries, plain, unparsed, stats };
    };
    const whole = await read();
    const windowed = await read({ since: at(10), until: at(20), unless: ['ephemeral'] });
    expect(whole.plain).toEqual([at(1), at(2), at(10), at(20), at(30)]);
    expect(windowed.plain).toEqual([at(2), at(10), at(20)]);
    expect(windowed.unparsed).toEqual([at(1), at(30)]);
    // A line the caller needs whole (versions) is parsed in full wherever it stands.
    expect(windowed.entries).toEqual([at(0), at(3)]);
    expect(windowed.entries).toEqual(whole.entries);
    expect(windowed.stats).toEqual(whole.stats);
    // Open bounds.
    expect((await read({ since: at(10), until: null, unless: [] })).plain).toEqual([at(10), at(20), at(30)]);
  });
});
