import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopLine } from '../builders/desktop-log.js';
import { writeSampleIncident, type SampleIncident } from '../builders/sample-incident.js';
import { ACTIVE, ACTIVE_IN_JSON, expectInert, OWN_COLOUR } from '../render/inert.js';
import { allFiles, ensureBuilt, runCli } from './run-cli.js';

const HOSTILE = 'thread store said \u001b[31mRED\u001b[0m\u0007 then \u001b]0;pwned\u0007 and \u009b2J';

let work: string;
let sample: string;
let ids: SampleIncident;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-control-'));
  sample = join(work, 'sample');
  ids = writeSampleIncident(sample);
  // A failed fork of a side chat whose error text holds raw escapes, as a hostile or broken log line would (inline JSON
  // would spell them \u001b; a quoted value keeps them as they are).
  const log = allFiles(join(sample, 'desktop-logs'))
    .filter((f) => f.endsWith('.log'))
    .sort()
    .at(-1)!;
  appendFileSync(
    log,
    `${desktopLine({
      ts: '2026-05-04T09:20:00.000Z',
      component: 'AppServerConnection',
      message: 'response_routed',
      fields: {
        conversationId: ids.sideA,
        durationMs: 6,
        errorCode: -32600,
        errorMessage: HOSTILE,
        method: 'thread/fork',
        requestId: '019df250-0000-4000-8000-000000000001',
      },
    })}\n`,
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('control characters from the logs are shown, never obeyed', () => {
  it('in the incident report, which shows the escape where it was', () => {
    const run = runCli(['report', sample, '--thread', ids.sideA]);
    expect(run.status).toBe(0);
    expectInert(run.stdout, 'report');
    expect(run.stdout).toContain('␛\\[31mRED␛\\[0m␇'); // in prose, markdown's brackets escaped
    expect(run.stdout).toContain('␛[31mRED␛[0m␇'); // in the evidence, as it was
  });

  it('in every timeline format, the table, its details, list, tree and the repair script, coloured or not', () => {
    const outputs: [string, string[], NodeJS.ProcessEnv?][] = [
      ['timeline markdown', ['timeline', ids.sideA, sample]],
      ['timeline jsonl', ['timeline', ids.sideA, sample, '--format', 'jsonl']],
      ['timeline json', ['timeline', ids.sideA, sample, '--format', 'json']],
      ['analyze', ['analyze', sample]],
      ['analyze in colour', ['analyze', sample], { NO_COLOR: undefined, FORCE_COLOR: '1' }],
      ['analyze --json', ['analyze', sample, '--json']],
      ['list', ['list', sample]],
      ['tree', ['tree', ids.parent, sample]],
      ['repair', ['repair', sample]],
    ];
    for (const [what, args, env] of outputs) {
      const run = runCli(args, env === undefined ? {} : { env });
      expect(run.status, `${what}: ${run.stderr}`).toBe(0);
      expectInert(run.stdout.replace(OWN_COLOUR, ''), what, what.includes('json') ? ACTIVE_IN_JSON : ACTIVE);
      expectInert(run.stderr, `${what} (stderr)`);
    }
    expect(runCli(['analyze', sample]).stdout).toContain('␛[31mRED');
    expect(runCli(['timeline', ids.sideA, sample]).stdout).toContain('␛[31mRED');
  });

  it('in a one-line error that quotes the input', () => {
    const run = runCli(['analyze', join(work, 'no-such-\u001b[31mfolder')]);
    expect(run.status).toBe(2);
    expectInert(run.stderr, 'error');
    expect(run.stderr).toContain('no-such-␛[31mfolder');
  });
});
