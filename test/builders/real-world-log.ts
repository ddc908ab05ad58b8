/**
 * Desktop log lines in every shape real-world-shapes.md lists ("Desktop log shapes observed"), mixed at random for a
 * seed: canonical lines with stacked tags and no component, the value kinds (bare, null, negative and big ints, quoted,
 * empty quoted, inline JSON, prefixed ids, `none`/`null` ids), multi-line entries (indented continuations, error
 * boundaries with stacks, open quoted values, wrapped `key=` lines), the stamp variants (seconds only, time only, VS
 * Code local time, journal and Chromium lines, none), console noise, grep -n prefixes and localized text.
 */
import { chromiumLine, desktopLine, journalLine } from './desktop-log.js';

const IDS = [
  '019ea6fa-1b2c-7d3e-8f40-000000000001',
  '019ea6fa-1b2c-7d3e-8f40-000000000002',
  '019ef957-0000-7000-8000-0000000000e6',
  '33199600-aaaa-4bbb-8ccc-000000000004',
];

export function realWorldShapeLines(count: number, seed: number): string[] {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let ts = Date.parse('2026-09-14T08:36:57.681Z');
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    ts += Math.floor(random() * 5000);
    const id = pick(IDS);
    const makers: (() => string[])[] = [
      () => [
        desktopLine({
          ts,
          component: 'AppServerConnection',
          message: 'response_routed',
          fields: { conversationId: id, durationMs: 12, errorCode: null, method: pick(['turn/start', 'thread/read', 'thread/inject_items', 'thread/resume']) },
        }),
      ],
      () => [
        desktopLine({
          ts,
          level: 'error',
          component: 'electron-message-handler',
          tags: ['desktop-notifications', 'global-error'],
          message: 'Request failed',
          fields: {
            conversationId: id,
            error: { code: -32603, message: pick(['thread not found', 'rollout missing', 'Ops, ocorreu um erro', '恢复对话失败']) },
            method: 'turn/start',
          },
        }),
      ],
      () => [
        desktopLine({
          ts,
          level: 'warning',
          component: 'remote-connections/window-context',
          message: 'Failed to read thread metadata before resume',
          fields: { conversationId: `client-new-thread:${id}`, errorCode: -32600, errorMessage: 'invalid request' },
        }),
      ],
      () => [desktopLine({ ts, message: 'IAB_LIFECYCLE started', fields: { hostId: 'remote-ssh-discovered:<HOST>', routePath: '/index.html' } })],
      () => [
        desktopLine({
          ts,
          component: 'electron-message-handler',
          message: 'Conversation created',
          fields: { conversationId: id, forkedFromId: pick([...IDS, undefined]) },
        }),
      ],
      () => [
        desktopLine({
          ts,
          component: 'electron-message-handler',
          message: 'Received turn/started for unknown conversation',
          fields: { conversationId: pick(['none', 'null', id]) },
        }),
      ],
      () => [
        desktopLine({
          ts,
          component: 'AppServerConnection',
          message: 'Current reported app-server version:',
          fields: { currentVersion: '0.118.0', code: 3221225786 },
        }),
      ],
      () => [
        desktopLine({
          ts,
          component: 'ElectronAppServerConnection',
          message: 'thread/start',
          fields: { conversationId: id, method: 'thread/start', params: { ephemeral: true, threadId: id } },
        }),
      ],
      () => [
        desktopLine({ ts, level: 'error', component: 'electron-message-handler', message: 'error boundary', fields: { conversationId: id, errorMessage: '' } }),
        'errorStack:',
        '    at Hy (app://-/assets/composer-abc.js:46:37854)',
        '    at run (app://-/assets/index.js:1:2)',
        'componentStack:',
        '    at ComposerRoot',
      ],
      () => [
        `${new Date(ts).toISOString()} error [electron-message-handler] Request failed conversationId=${id} errorMessage="invalid syntax`,
        '  near line 3',
        `end of message" method=thread/fork`,
      ],
      () => [desktopLine({ ts, component: 'IpcRouter', message: 'wrapped' }), `conversationId=${id} method=turn/start`, `errorCode=-32600`],
      () => [`${new Date(ts).toISOString().replace(/\.\d{3}Z$/, 'Z')} info [StdioConnection] seconds only conversationId=${id}`],
      () => [`${new Date(ts).toISOString().slice(11)} info [IpcClient] time only conversationId=${id}`],
      () => [`2026-09-14 15:54:39.629 [error] VS Code local time conversationId=${id}`],
      () => [
        journalLine({
          local: { month: 9, day: 14, hour: 8, minute: Math.floor(random() * 60), second: 30 },
          component: 'electron-message-handler',
          message: 'journal',
          fields: { conversationId: id },
        }),
      ],
      () => [chromiumLine({ local: { month: 9, day: 14, hour: 8, minute: 1, second: 2 }, message: 'GPU process exited' })],
      () => ['(node:153085) [DEP0169] DeprecationWarning: url.parse()', 'MESA-LOADER: failed to open iris', ' codex-desktop.sh'],
      () => [`11547: ${desktopLine({ ts, component: 'AppServerConnection', message: 'response_routed', fields: { conversationId: id } })}`],
      () => [`[15/Jun/2026 12:22:29] "GET / HTTP/1.1" 200 -`],
      () => [desktopLine({ ts, level: 'ERROR', component: 'AppServerConnection', message: 'maybe_resume_started', fields: { conversationId: id } })],
      () => [
        desktopLine({ ts, component: 'AppServerConnection', message: 'app_server_connection.state_changed', fields: { conversationId: id, state: 'ready' } }),
        '',
      ],
      () => [
        `${desktopLine({ ts, component: 'install-primary-runtime', message: 'Codex Desktop 26.409.1 /Applications/ChatGPT.app/Contents/MacOS/ChatGPT' })}`,
      ],
    ];
    lines.push(...pick(makers)());
  }
  return lines;
}
