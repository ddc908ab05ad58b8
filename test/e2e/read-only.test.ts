import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFingerprint } from '../builders/fingerprint.js';
import { writeSampleIncident } from '../builders/sample-incident.js';
import { allFiles, ensureBuilt, REPO_ROOT, runCli } from './run-cli.js';

const corpus = join(REPO_ROOT, '..', 'shared', 'corpus');
let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-read-only-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every command that reads, in every format; only `repair --apply` may write. */
function everyReadingCommand(dir: string, threadId: string | null): string[][] {
  const commands = [
    ['analyze', dir],
    ['analyze', dir, '--json'],
    ['list', dir, '--json'],
    ['report', dir],
    ['repair', dir],
    ['repair', dir, '--json'],
  ];
  if (threadId !== null) {
    commands.push(
      ['tree', threadId, dir],
      ['timeline', threadId, dir],
      ['timeline', threadId, dir, '--format', 'json'],
      ['timeline', threadId, dir, '--format', 'jsonl', '--include-content'],
    );
  }
  return commands;
}

function firstThread(dir: string): string | null {
  const list = runCli(['list', dir, '--json']);
  const entries = JSON.parse(list.stdout) as { id: string }[];
  return entries[0]?.id ?? null;
}

function expectUntouched(dir: string): void {
  const before = fileFingerprint(allFiles(dir));
  const thread = firstThread(dir);
  for (const args of everyReadingCommand(dir, thread)) {
    const run = runCli(args);
    expect([0, 1], `${args.join(' ')}: ${run.stderr}`).toContain(run.status);
  }
  expect(fileFingerprint(allFiles(dir))).toEqual(before);
}

describe('nothing that is analysed is modified', () => {
  it('a builder-made home with logs, a -wal and rollouts', () => {
    const sample = join(work, 'sample');
    writeSampleIncident(sample);
    expectUntouched(sample);
  });

  const dirs = existsSync(corpus) ? [...readdirSync(join(corpus, 'state-db')).map((d) => join('state-db', d)), 'codex-homes/Xu-Wentao+dotfile/.codex'] : [];
  it.skipIf(dirs.length === 0).each(dirs)('the real %s, by every command', (dir) => {
    expectUntouched(join(corpus, dir));
  });
});
