import { describe, expect, it } from 'vitest';
import { describeEnvironment } from '../../src/analysis/environment.js';
import { collectSources } from '../../src/log-index/collect.js';
import { analyze } from '../../src/analysis/analyze.js';
import { join } from 'node:path';
import { at, idAt, routed, useScenario, writeLog } from '../analysis/scenario.js';

const CODEX_IN_CHATGPT = '/Applications/ChatGPT.app/Contents/Resources/codex-cli/CodexCLI.app/Contents/MacOS/codex';

describe('describeEnvironment', () => {
  const s = useScenario();

  it('knows macOS from the app bundle the Desktop log names (Desktop inside ChatGPT.app), when no home path says', async () => {
    writeLog(s, [
      { ts: at(0), level: 'info', component: 'StdioConnection', message: 'stdio_transport_spawned', fields: { command: CODEX_IN_CHATGPT, pid: 5121 } },
      routed(1, 'turn/start', idAt(0, 'a')),
    ]);
    const filters = { since: null, until: null, threads: [] };
    // A log folder handed over alone: no home, no platform default to lean on.
    const sources = await collectSources({ logsDir: s.logs, codexHome: s.home, env: {}, home: join(s.root, 'no-user-home'), filters });
    const env = describeEnvironment(analyze(sources, filters, 'test'), sources, 'linux');
    expect(sources.logVersions.appBundlePaths).toEqual([CODEX_IN_CHATGPT]);
    expect(env).toMatchObject({ os: 'macOS', osEvidence: 'from the app bundle the Desktop log names' });
  });

  it("takes no evidence from a default log folder that holds no logs: that is the analysing machine, not the user's", async () => {
    const filters = { since: null, until: null, threads: [] };
    // A copied home analysed on Linux, whose recorded paths name no OS; the platform's default log folder is empty.
    const home = join(s.root, 'user-home');
    const sources = await collectSources({ logsDir: null, codexHome: s.home, env: {}, home, filters });
    const report = analyze(sources, filters, 'test');
    report.inputs.logsDirOrigin = 'platform-default';
    report.inputs.logsDir = join(home, '.local', 'state', 'codex', 'logs');
    report.inputs.logsDirFound = false;
    report.inputs.codexHomeOrigin = 'argument';
    expect(describeEnvironment(report, sources, 'linux')).toMatchObject({ os: 'unknown', osEvidence: 'no path names it' });
    report.inputs.logsDirFound = true;
    report.inputs.logFiles = 2;
    expect(describeEnvironment(report, sources, 'linux')).toMatchObject({ os: 'Linux', osEvidence: 'from the Desktop log folder' });
  });
});
