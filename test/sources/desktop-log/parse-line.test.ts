import { describe, expect, it } from 'vitest';
import { parseDesktopLine, parseHeaderText, type HeaderParts, type ParsedDesktopLine } from '../../../src/sources/desktop-log/parse-line.js';

const ID = '019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5';

type Header = Extract<ParsedDesktopLine, { kind: 'timed' | 'untimed' }>;

function header(line: string): Header {
  const parsed = parseDesktopLine(line);
  if (parsed.kind !== 'timed' && parsed.kind !== 'untimed') throw new Error(`not a header: ${parsed.kind}`);
  return parsed;
}

function parts(overrides: Partial<HeaderParts>): HeaderParts {
  return { level: null, component: null, tags: [], message: '', fields: {}, openValue: null, ...overrides };
}

describe('parseDesktopLine: the canonical Desktop line', () => {
  it('reads time, level, component, message and sorted pairs', () => {
    expect(
      parseDesktopLine(
        `2026-05-13T09:12:44.120Z info [AppServerConnection] response_routed conversationId=${ID} durationMs=12 errorCode=null method=turn/start requestId=8f0c2d14-7a51-4c8e-b1f3-2e6a9d0b7c55`,
      ),
    ).toEqual({
      kind: 'timed',
      ts: Date.UTC(2026, 4, 13, 9, 12, 44, 120),
      ...parts({
        level: 'info',
        component: 'AppServerConnection',
        message: 'response_routed',
        fields: {
          conversationId: ID,
          durationMs: '12',
          errorCode: 'null',
          method: 'turn/start',
          requestId: '8f0c2d14-7a51-4c8e-b1f3-2e6a9d0b7c55',
        },
      }),
    });
  });

  it('keeps an inline JSON error whole, braces inside its strings included', () => {
    const line =
      `2026-05-13T09:14:02.551Z error [electron-message-handler] Request failed conversationId=${ID} ` +
      'error={"code":-32603,"message":"failed to read thread: thread-store internal error: failed to read thread /Users/u/.codex: Is a directory (os error 21)"} ' +
      'failureReason=unknown method=thread/resume source=resume';
    expect(header(line)).toEqual({
      kind: 'timed',
      ts: Date.UTC(2026, 4, 13, 9, 14, 2, 551),
      ...parts({
        level: 'error',
        component: 'electron-message-handler',
        message: 'Request failed',
        fields: {
          conversationId: ID,
          error:
            '{"code":-32603,"message":"failed to read thread: thread-store internal error: failed to read thread /Users/u/.codex: Is a directory (os error 21)"}',
          failureReason: 'unknown',
          method: 'thread/resume',
          source: 'resume',
        },
      }),
    });
  });
});

describe('parseDesktopLine: levels', () => {
  const at = '2026-09-14T08:36:57.681Z';
  it.each([
    ['info', 'info'],
    ['warning', 'warning'],
    ['warn', 'warning'],
    ['error', 'error'],
    ['debug', 'debug'],
    ['ERROR', 'error'],
    ['WARN', 'warning'],
    ['TRACE', 'debug'],
    ['[error]', 'error'],
    ['[info]', 'info'],
  ] as const)('%s after a stamp is %s', (word, level) => {
    expect(header(`${at} ${word} [IpcRouter] routed`)).toMatchObject({ level, component: 'IpcRouter', message: 'routed' });
  });

  it('a capitalized word after a stamp is the start of the message', () => {
    expect(header(`${at} Error creating task`)).toMatchObject({ kind: 'timed', level: null, message: 'Error creating task' });
  });

  it('a line without a level keeps its first word in the message', () => {
    expect(header(`${at} [IpcClient] connected`)).toMatchObject({ level: null, component: 'IpcClient', message: 'connected' });
  });

  it('without a stamp, only upper case, a bracketed level or a level before a component counts', () => {
    expect(header('ERROR codex_core::session: failed to record rollout items')).toMatchObject({
      level: 'error',
      message: 'codex_core::session: failed to record rollout items',
    });
    expect(header('error [electron-message-handler] error boundary ... name=LocalConversationPage')).toEqual({
      kind: 'untimed',
      ...parts({ level: 'error', component: 'electron-message-handler', message: 'error boundary ...', fields: { name: 'LocalConversationPage' } }),
    });
    expect(header('Error creating task')).toEqual({ kind: 'untimed', ...parts({ message: 'Error creating task' }) });
    expect(header('info only a sentence')).toEqual({ kind: 'untimed', ...parts({ message: 'info only a sentence' }) });
  });
});

describe('parseDesktopLine: components and tags', () => {
  const at = '2026-06-08T11:24:48.180Z';
  it.each([
    'electron-message-handler',
    'AppServerConnection',
    'StdioConnection',
    'IpcRouter',
    'IpcClient',
    'remote-connections/window-context',
    'ElectronAppServerConnection',
    'install-primary-runtime',
    'electron-fetch-handler',
  ])('[%s]', (component) => {
    expect(header(`${at} info [${component}] started`)).toMatchObject({ component, tags: [], message: 'started' });
  });

  it('stacked sub-tags after the component, adjacent or space-separated', () => {
    expect(header(`${at} error [electron-message-handler] [desktop-notifications][global-error] Uncaught error errorMessage="boom"`)).toMatchObject({
      component: 'electron-message-handler',
      tags: ['desktop-notifications', 'global-error'],
      message: 'Uncaught error',
      fields: { errorMessage: 'boom' },
    });
    expect(header(`${at} info [electron-message-handler] [ephemeral-generation] generation_started conversationId=${ID}`)).toMatchObject({
      component: 'electron-message-handler',
      tags: ['ephemeral-generation'],
      message: 'generation_started',
      fields: { conversationId: ID },
    });
    expect(header(`${at} info [AppServerConnection][remote-connections/bootstrap] ready`)).toMatchObject({
      component: 'AppServerConnection',
      tags: ['remote-connections/bootstrap'],
      message: 'ready',
    });
  });

  it.each([
    ['IAB_LIFECYCLE window_created windowId=3', 'IAB_LIFECYCLE window_created', { windowId: '3' }],
    ['Launching app version=26.513.20950', 'Launching app', { version: '26.513.20950' }],
    ['Appshot hotkey registered accelerator=CommandOrControl+Shift+2', 'Appshot hotkey registered', { accelerator: 'CommandOrControl+Shift+2' }],
  ])('no component: %s', (rest, message, fields) => {
    expect(header(`${at} info ${rest}`)).toEqual({ kind: 'timed', ts: Date.UTC(2026, 5, 8, 11, 24, 48, 180), ...parts({ level: 'info', message, fields }) });
  });

  it('no bracket at all after the level', () => {
    expect(header(`${at} error Received item/started for unknown conversation conversationId=${ID}`)).toMatchObject({
      level: 'error',
      component: null,
      message: 'Received item/started for unknown conversation',
      fields: { conversationId: ID },
    });
  });

  it('a bracket group with spaces is message text, not a tag', () => {
    expect(header(`${at} info [IpcRouter] [object Object] received`)).toMatchObject({
      component: 'IpcRouter',
      tags: [],
      message: '[object Object] received',
    });
  });
});

describe('parseDesktopLine: messages', () => {
  const at = '2026-06-08T11:24:48.180Z';
  it.each([
    ['Conversation created', { conversationId: ID }],
    ['Received turn/started for unknown conversation', { conversationId: ID }],
    ['Failed to read thread metadata before resume', { conversationId: ID }],
    ['Current reported app-server version:', { currentVersion: '0.142.5' }],
    ['maybe_resume_started', { conversationId: ID, hostId: 'local', previousResumeState: 'needs_resume' }],
    ['maybe_resume_success', { conversationId: ID, latestTurnStatus: 'completed', markedStreaming: 'true' }],
    ['app_server_connection.state_changed', { from: 'connecting', to: 'ready' }],
    ['app_server_connection.websocket_error', { errorMessage: 'socket hang up' }],
    ['app_server_connection.closed', { code: '1006' }],
    ['app_server_connection.transport_connect_failed', { hostId: 'remote-ssh-discovered:<HOST>' }],
    ['app_server_connection.connection_failed_before_ready', { durationMs: '30001' }],
  ])('%s', (message, fields) => {
    const pairs = Object.entries(fields)
      .map(([k, v]) => (v.includes(' ') ? `${k}="${v}"` : `${k}=${v}`))
      .join(' ');
    expect(header(`${at} info [AppServerConnection] ${message} ${pairs}`)).toMatchObject({ message, fields });
  });

  it('a message without pairs', () => {
    expect(header(`${at} warning [AppServerConnection] app_server_connection.closed`)).toMatchObject({
      message: 'app_server_connection.closed',
      fields: {},
    });
  });
});

describe('parseDesktopLine: values', () => {
  const at = '2026-07-07T11:25:25.000Z';
  function fieldsOf(pairs: string): Record<string, string> {
    return header(`${at} info [electron-message-handler] event ${pairs}`).fields;
  }

  it('bare tokens with slashes, colons and paths', () => {
    expect(
      fieldsOf(
        'executablePath=/home/u/.local/bin/codex hostId=remote-ssh-discovered:<HOST> method=thread/inject_items ownerRoutePath=/local/<uuid> routePath=/index.html',
      ),
    ).toEqual({
      executablePath: '/home/u/.local/bin/codex',
      hostId: 'remote-ssh-discovered:<HOST>',
      method: 'thread/inject_items',
      ownerRoutePath: '/local/<uuid>',
      routePath: '/index.html',
    });
  });

  it('null, booleans, negative and big integers as written', () => {
    expect(fieldsOf('code=3221225786 errorCode=-32600 isRemote=false markedStreaming=true previousId=null')).toEqual({
      code: '3221225786',
      errorCode: '-32600',
      isRemote: 'false',
      markedStreaming: 'true',
      previousId: 'null',
    });
  });

  it('quoted strings with spaces, escapes kept, and the empty string', () => {
    expect(fieldsOf('errorMessage="ERR_FAILED (-2) loading \'app://-/index.html\'" detail="a \\"quoted\\" word" empty="" next=1')).toEqual({
      errorMessage: "ERR_FAILED (-2) loading 'app://-/index.html'",
      detail: 'a \\"quoted\\" word',
      empty: '',
      next: '1',
    });
  });

  it('JSON objects, the empty object and arrays', () => {
    expect(fieldsOf('error={} params={"threadId":"019e","input":[{"type":"text","text":"x = {y}"}]} ids=["a","b"] last=ok')).toEqual({
      error: '{}',
      params: '{"threadId":"019e","input":[{"type":"text","text":"x = {y}"}]}',
      ids: '["a","b"]',
      last: 'ok',
    });
  });

  it('ids with prefixes, none and null', () => {
    expect(fieldsOf('conversationId=client-new-thread:33199600-...')).toEqual({ conversationId: 'client-new-thread:33199600-...' });
    expect(fieldsOf('conversationId=none')).toEqual({ conversationId: 'none' });
    expect(fieldsOf('conversationId=null')).toEqual({ conversationId: 'null' });
  });

  it("reporters' elisions do not derail the pairs after them", () => {
    expect(fieldsOf('conversationId=019ef957-...-0e6 ... method=turn/start … requestId=<ID> errorMessage=<redacted> turnId=<B>')).toEqual({
      conversationId: '019ef957-...-0e6',
      method: 'turn/start',
      requestId: '<ID>',
      errorMessage: '<redacted>',
      turnId: '<B>',
    });
  });

  it('the first of duplicate keys wins', () => {
    expect(fieldsOf('method=turn/start method=thread/start')).toEqual({ method: 'turn/start' });
  });
});

describe('parseDesktopLine: time stamps', () => {
  it('ISO with milliseconds and with seconds only', () => {
    expect(header('2026-09-14T15:39:51.537Z info [IpcRouter] a')).toMatchObject({ kind: 'timed', ts: Date.UTC(2026, 8, 14, 15, 39, 51, 537) });
    expect(header('2026-07-07T11:25:25Z error [electron-message-handler] b')).toMatchObject({
      kind: 'timed',
      ts: Date.UTC(2026, 6, 7, 11, 25, 25),
      level: 'error',
      message: 'b',
    });
  });

  it('VS Code output: space separator, no zone, read as UTC, with a bracketed level', () => {
    expect(header('2026-09-02 15:54:39.629 [error] Request failed conversationId=019e')).toEqual({
      kind: 'timed',
      ts: Date.UTC(2026, 8, 2, 15, 54, 39, 629),
      ...parts({ level: 'error', message: 'Request failed', fields: { conversationId: '019e' } }),
    });
  });

  it('bracketed stamps (electron-log style)', () => {
    expect(header('[2026-05-13 09:12:44.120] [info] Launching app')).toEqual({
      kind: 'timed',
      ts: Date.UTC(2026, 4, 13, 9, 12, 44, 120),
      ...parts({ level: 'info', message: 'Launching app' }),
    });
  });

  it('an explicit offset is honoured', () => {
    expect(header('2026-05-13T11:12:44.120+02:00 info x')).toMatchObject({ kind: 'timed', ts: Date.UTC(2026, 4, 13, 9, 12, 44, 120) });
  });

  it('time-only stamps have no date: untimed, stamp removed', () => {
    expect(header('06:12:15.373Z error [electron-message-handler] Conversation state not found')).toEqual({
      kind: 'untimed',
      ...parts({ level: 'error', component: 'electron-message-handler', message: 'Conversation state not found' }),
    });
    expect(header('17:59:21.323 ERROR turn/start timed out')).toEqual({ kind: 'untimed', ...parts({ level: 'error', message: 'turn/start timed out' }) });
  });

  it('Python http.server stamps are untimed', () => {
    expect(header('[15/Jun/2026 12:22:29] "GET /index.html HTTP/1.1" 200 -')).toEqual({
      kind: 'untimed',
      ...parts({ message: '"GET /index.html HTTP/1.1" 200 -' }),
    });
    expect(header('127.0.0.1 - - [15/Jun/2026 12:22:29] "GET / HTTP/1.1" 200 -')).toEqual({
      kind: 'untimed',
      ...parts({ message: '127.0.0.1 - - [15/Jun/2026 12:22:29] "GET / HTTP/1.1" 200 -' }),
    });
  });

  it('no stamp at all', () => {
    expect(header('[electron-message-handler] Request failed conversationId=019e method=thread/read')).toEqual({
      kind: 'untimed',
      ...parts({ component: 'electron-message-handler', message: 'Request failed', fields: { conversationId: '019e', method: 'thread/read' } }),
    });
  });

  it('an impossible date or a stamp glued to text is no stamp', () => {
    expect(header('2026-13-45T10:00:00.000Z info x')).toMatchObject({ kind: 'untimed', level: null, message: '2026-13-45T10:00:00.000Z info x' });
    expect(header('2026-05-13T09:12:44.120Zinfo x')).toMatchObject({ kind: 'untimed', message: '2026-05-13T09:12:44.120Zinfo x' });
  });
});

describe('parseDesktopLine: prefixes, indentation and blank lines', () => {
  it('strips a grep -n line number', () => {
    expect(header(`11547: 2026-06-08T11:24:48.180Z info [electron-message-handler] Conversation created conversationId=${ID}`)).toEqual({
      kind: 'timed',
      ts: Date.UTC(2026, 5, 8, 11, 24, 48, 180),
      ...parts({ level: 'info', component: 'electron-message-handler', message: 'Conversation created', fields: { conversationId: ID } }),
    });
    expect(header('11547:2026-06-08T11:24:48.180Z info x')).toMatchObject({ kind: 'timed', message: 'x' });
    expect(parseDesktopLine('11548:     at Hy (app://-/assets/composer-B2x.js:46:37854)')).toEqual({ kind: 'continuation' });
  });

  it('keeps a number that is not a grep prefix', () => {
    expect(header('404: Not Found')).toEqual({ kind: 'untimed', ...parts({ message: '404: Not Found' }) });
  });

  it('indented lines continue the entry above', () => {
    expect(parseDesktopLine('    at Hy (app://-/assets/composer-B2x.js:46:37854)')).toEqual({ kind: 'continuation' });
    expect(parseDesktopLine('  conversationId=019e method=turn/start')).toEqual({ kind: 'continuation' });
    expect(parseDesktopLine('\tat process.processTicksAndRejections (node:internal/process/task_queues:95:5)')).toEqual({ kind: 'continuation' });
    expect(parseDesktopLine(' codex-desktop.sh')).toEqual({ kind: 'continuation' });
  });

  it('an indented line that starts with a full date-time is a header (a reporter indented the whole paste)', () => {
    expect(header(`  2026-06-08T11:24:48.237Z info [AppServerConnection] response_routed conversationId=${ID}`)).toMatchObject({
      kind: 'timed',
      ts: Date.UTC(2026, 5, 8, 11, 24, 48, 237),
      component: 'AppServerConnection',
      fields: { conversationId: ID },
    });
  });

  it('blank and whitespace-only lines', () => {
    expect(parseDesktopLine('')).toEqual({ kind: 'blank' });
    expect(parseDesktopLine('   \t ')).toEqual({ kind: 'blank' });
  });
});

describe('parseDesktopLine: non-Codex lines of the Linux console', () => {
  it.each([
    '(node:153085) [DEP0169] DeprecationWarning: `url.parse()` behavior is not standardized',
    'MESA-LOADER: failed to open iris: /usr/lib/dri/iris_dri.so: cannot open shared object file',
  ])('%s', (line) => {
    expect(header(line)).toEqual({ kind: 'untimed', ...parts({ message: line }) });
  });
});

describe('parseDesktopLine: open quoted values', () => {
  it('reports a quoted value that runs past the end of the line', () => {
    expect(header('errorMessage="invalid syntax at line 1 col 5:')).toEqual({
      kind: 'untimed',
      ...parts({ fields: { errorMessage: 'invalid syntax at line 1 col 5:' }, openValue: { key: 'errorMessage', kept: true } }),
    });
  });
});

describe('parseHeaderText', () => {
  it('reads indented text as an untimed header', () => {
    expect(parseHeaderText('at Hy (app://-/assets/composer-B2x.js:46:37854)')).toEqual(parts({ message: 'at Hy (app://-/assets/composer-B2x.js:46:37854)' }));
  });
});
