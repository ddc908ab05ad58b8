import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDesktopLog } from '../builders/desktop-log.js';
import { writeSampleIncident } from '../builders/sample-incident.js';
import { allFiles, ensureBuilt, REPO_ROOT, runCli } from './run-cli.js';

const SHIPPED = join(REPO_ROOT, 'lnav', 'codex_desktop_log.json');
const FORMAT = 'codex_desktop_log';
const ISO_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

interface LnavFormat {
  [FORMAT]: { regex: { entry: { pattern: string } }; 'opid-field': string; value: Record<string, unknown> };
}

let work: string;
let sample: string;
let logFiles: string[];

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-lnav-'));
  sample = join(work, 'sample');
  writeSampleIncident(sample);
  logFiles = allFiles(join(sample, 'desktop-logs')).filter((f) => f.endsWith('.log'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function shippedFormat(): LnavFormat {
  return JSON.parse(readFileSync(SHIPPED, 'utf8')) as LnavFormat;
}

/** lnav's patterns are PCRE2; this one uses only what JavaScript shares with it (named groups, lookaheads). */
function entryPattern(): RegExp {
  return new RegExp(shippedFormat()[FORMAT].regex.entry.pattern);
}

describe('codex-logs lnav-format', () => {
  it('prints the shipped format file as it is', () => {
    const run = runCli(['lnav-format']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(SHIPPED, 'utf8'));
    const format = JSON.parse(run.stdout) as LnavFormat;
    expect(format[FORMAT]['opid-field']).toBe('conversationId');
    expect(Object.keys(format[FORMAT].value)).toEqual(expect.arrayContaining(['component', 'conversationId', 'method', 'errorCode', 'requestId']));
  });

  it('--install writes it where lnav looks, says where, and says when it was already there', () => {
    const home = join(work, 'home-install');
    mkdirSync(join(home, '.config'), { recursive: true });
    const target = join(home, '.config', 'lnav', 'formats', 'installed', `${FORMAT}.json`);
    const first = runCli(['lnav-format', '--install'], { env: { HOME: home, XDG_CONFIG_HOME: undefined } });
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`installed: ${target}`);
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(SHIPPED, 'utf8'));
    const again = runCli(['lnav-format', '--install'], { env: { HOME: home, XDG_CONFIG_HOME: undefined } });
    expect(again.stdout).toContain(`already installed, unchanged: ${target}`);
    writeFileSync(target, '{}');
    const updated = runCli(['lnav-format', '--install'], { env: { HOME: home, XDG_CONFIG_HOME: undefined } });
    expect(updated.stdout).toContain(`updated: ${target}`);
    expect(readFileSync(target, 'utf8')).toBe(readFileSync(SHIPPED, 'utf8'));
  });

  it('--install into a folder it cannot write: one line, exit 2', () => {
    if (process.getuid?.() === 0) return; // root writes anywhere; permissions.test.ts covers unwritable places as nobody
    const home = join(work, 'home-locked');
    mkdirSync(home);
    chmodSync(home, 0o500);
    const run = runCli(['lnav-format', '--install'], { env: { HOME: home, XDG_CONFIG_HOME: undefined } });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^codex-logs: lnav-format --install: cannot/);
  });
});

describe('the lnav format parses Desktop log lines', () => {
  it('matches every timestamped line of the sample incident, with the fields analyze reads', () => {
    const pattern = entryPattern();
    const lines = logFiles.flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => ISO_LINE.test(l));
    expect(lines.length).toBeGreaterThan(30);
    for (const line of lines) {
      const groups = pattern.exec(line)?.groups;
      expect(groups, line).toBeDefined();
      const id = /(?:^|\s)conversationId=([0-9a-f-]{36})(?=\s|$)/.exec(line)?.[1];
      expect(groups?.conversationId, line).toBe(id);
      expect(groups?.method, line).toBe(/(?:^|\s)method=(\S+)/.exec(line)?.[1]);
      expect(groups?.requestId, line).toBe(/(?:^|\s)requestId=(\S+)/.exec(line)?.[1]);
    }
  });

  it('reads the shapes Desktop writes: sub-tags, no component, error codes in inline JSON, null ids, placeholders', () => {
    const pattern = entryPattern();
    const id = '019decfe-a771-7380-ac92-fec89615facd';
    const cases: [string, Record<string, string | undefined>][] = [
      [
        `2026-05-03T08:00:00.000Z warning [desktop-notifications][global-error] shown conversationId=${id}`,
        { level: 'warning', component: 'desktop-notifications', tags: '[global-error]', conversationId: id },
      ],
      ['2026-05-03T08:00:00.000Z info IAB_LIFECYCLE window shown', { level: 'info', component: undefined, body: 'IAB_LIFECYCLE window shown' }],
      [
        `2026-05-03T08:00:00.000Z error [electron-message-handler] Request failed conversationId=${id} error={"code":-32603,"message":"x"} method=thread/resume`,
        { errorCode: '-32603', method: 'thread/resume' },
      ],
      [
        `2026-05-03T08:00:00.000Z info [AppServerConnection] response_routed conversationId=${id} errorCode=-32600 errorMessage="no rollout found" method=thread/fork`,
        { errorCode: '-32600', method: 'thread/fork' },
      ],
      [
        '2026-05-03T08:00:00.000Z info [AppServerConnection] response_routed conversationId=null errorCode=null method=thread/list',
        { conversationId: undefined, errorCode: undefined, method: 'thread/list' },
      ],
      [
        '2026-05-03T08:00:00.000Z info [electron-message-handler] Received item/completed for unknown conversation conversationId=client-new-thread:3b0c9d55-4e0b-4c2e-9d0f-0a3b8c1f7e21',
        { conversationId: undefined },
      ],
      [`2026-05-03T08:00:00.000Z info [AppServerConnection] x previousConversationId=${id}`, { conversationId: undefined }],
    ];
    for (const [line, expected] of cases) {
      const groups = pattern.exec(line)?.groups;
      expect(groups, line).toBeDefined();
      for (const [key, value] of Object.entries(expected)) expect(groups?.[key], `${key} of ${line}`).toBe(value);
    }
  });
});

const lnavInstalled = spawnSync('lnav', ['-V'], { encoding: 'utf8' }).status === 0;

describe('with the real lnav', () => {
  // CI installs lnav and sets this, so that a missing lnav there fails instead of skipping.
  it.runIf(process.env.CODEX_LOGS_REQUIRE_LNAV === '1')('is installed where CI asked for it', () => {
    expect(lnavInstalled).toBe(true);
  });

  it.runIf(lnavInstalled)('recognises every line of the sample as this format and counts the conversations analyze counts', () => {
    const home = join(work, 'home-lnav');
    mkdirSync(home);
    const env = { HOME: home, XDG_CONFIG_HOME: undefined };
    expect(runCli(['lnav-format', '--install'], { env }).status).toBe(0);
    const lnav = (sql: string) => {
      const run = spawnSync('lnav', ['-n', '-c', `;${sql}`, '-c', ':write-json-to -', ...logFiles], {
        encoding: 'utf8',
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: '', TERM: 'dumb' },
      });
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as Record<string, unknown>[];
    };

    const files = lnav('SELECT filepath, format FROM lnav_file');
    expect(files.map((f) => f.format)).toEqual(logFiles.map(() => FORMAT));

    const analysis = JSON.parse(runCli(['analyze', sample, '--json']).stdout) as {
      stats: { logLines: number; logEntries: number };
      conversations: { id: string; logEventCounts: Record<string, number> }[];
    };
    // Every line is part of one of this format's messages: one message per entry analyze reads (continuation lines
    // such as stack traces belong to the entry above, in both).
    const [messages] = lnav(`SELECT count(*) AS n, sum(log_format = '${FORMAT}') AS ours FROM all_logs`);
    expect(messages).toEqual({ n: analysis.stats.logEntries, ours: analysis.stats.logEntries });
    const lines = logFiles.reduce(
      (sum, f) =>
        sum +
        readFileSync(f, 'utf8')
          .split('\n')
          .filter((l) => l !== '').length,
      0,
    );
    expect(analysis.stats.logLines).toBe(lines);

    const inLogs = analysis.conversations.filter((c) => Object.keys(c.logEventCounts).some((k) => k.startsWith('desktop-log/'))).map((c) => c.id);
    const [opids] = lnav(`SELECT count(DISTINCT log_opid) AS n FROM ${FORMAT}`);
    expect(opids?.n).toBe(inLogs.length);
    expect(lnav(`SELECT DISTINCT log_opid FROM ${FORMAT} WHERE log_opid IS NOT NULL ORDER BY 1`).map((r) => r.log_opid)).toEqual([...inLogs].sort());

    const failed = lnav(`SELECT log_level, component, method, errorCode FROM ${FORMAT} WHERE errorCode IS NOT NULL ORDER BY log_line`);
    expect(failed).toEqual([
      { log_level: 'info', component: 'AppServerConnection', method: 'thread/fork', errorCode: '-32600' },
      { log_level: 'error', component: 'electron-message-handler', method: 'thread/resume', errorCode: '-32603' },
      { log_level: 'error', component: 'electron-message-handler', method: 'thread/resume', errorCode: '-32603' },
    ]);
  });

  it.runIf(lnavInstalled)('reads a log file the builders write with CRLF endings and a stack trace', () => {
    const home = join(work, 'home-lnav-crlf');
    mkdirSync(home);
    expect(runCli(['lnav-format', '--install'], { env: { HOME: home, XDG_CONFIG_HOME: undefined } }).status).toBe(0);
    const file = join(work, 'crlf.log');
    const id = '019decfe-a771-7380-ac92-fec89615facd';
    writeFileSync(
      file,
      renderDesktopLog({
        crlf: true,
        lines: [
          {
            ts: '2026-05-03T08:00:00.000Z',
            component: 'AppServerConnection',
            message: 'response_routed',
            fields: { conversationId: id, method: 'turn/start' },
          },
          { ts: '2026-05-03T08:00:01.000Z', level: 'error', component: 'electron-message-handler', message: 'boom', fields: { conversationId: id } },
          '    at main (/Applications/Codex.app/Contents/Resources/app.asar/main.js:1:1)',
        ],
      }),
    );
    const run = spawnSync('lnav', ['-n', '-c', `;SELECT log_opid, method, log_level FROM ${FORMAT}`, '-c', ':write-json-to -', file], {
      encoding: 'utf8',
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: '', TERM: 'dumb' },
    });
    expect(JSON.parse(run.stdout)).toEqual([
      { log_opid: id, method: 'turn/start', log_level: 'info' },
      { log_opid: id, method: null, log_level: 'error' },
    ]);
  });
});
