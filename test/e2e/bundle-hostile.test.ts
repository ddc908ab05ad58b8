import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { c as create, x as extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleIncident } from '../builders/sample-incident.js';
import { rawTarGz, type RawMember } from '../builders/tar.js';
import { allFiles, ensureBuilt, runCli } from './run-cli.js';

let work: string;
let valid: Buffer;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-bundle-hostile-'));
  const sample = join(work, 'sample');
  writeSampleIncident(sample);
  const out = join(work, 'valid.tar.gz');
  expect(runCli(['collect', sample, '--out', out]).status).toBe(0);
  valid = readFileSync(out);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MANIFEST: RawMember = { name: 'MANIFEST.json', body: '{"format":"codex-logs-bundle","collectedAt":0,"files":[]}' };

/**
 * Analyses `bytes` as a bundle with a private TMPDIR and cwd: a one-line error, exit 2, and nothing left anywhere —
 * not in the temporary folder, not beside it, not in the working folder.
 */
function expectRefused(name: string, bytes: Buffer, reason: RegExp): void {
  const dir = mkdtempSync(join(work, 'case-'));
  const scratch = join(dir, 'tmp', 'inner');
  const cwd = join(dir, 'cwd');
  for (const d of [scratch, cwd]) mkdirSync(d, { recursive: true });
  const bundle = join(dir, name);
  writeFileSync(bundle, bytes);
  const started = Date.now();
  const run = runCli(['analyze', bundle, '--json'], { cwd, env: { TMPDIR: scratch } });
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^codex-logs: [^\n]+\n$/);
  expect(run.stderr).toMatch(reason);
  expect(readdirSync(scratch)).toEqual([]);
  expect(readdirSync(cwd)).toEqual([]);
  expect(allFiles(dir)).toEqual([bundle]);
}

describe('hostile bundles: a one-line error, exit 2, nothing written outside the temporary folder', () => {
  it('a truncated bundle', () => expectRefused('cut.tar.gz', valid.subarray(0, Math.floor(valid.length / 2)), /not a readable bundle \(truncated\)/));

  it('a file that is not gzip', () =>
    expectRefused('notes.tar.gz', Buffer.from('these are my notes, not a bundle\n'), /not a codex-logs bundle \(not a gzip file\)/));

  it('a gzip file that is not a bundle', () =>
    expectRefused('other.tgz', rawTarGz([{ name: 'hello.txt', body: 'hi' }]), /not a codex-logs bundle \(no valid MANIFEST\.json\)/));

  it('a member that climbs out with ..', () =>
    expectRefused(
      'dotdot.tar.gz',
      rawTarGz([MANIFEST, { name: '../escaped.txt', body: 'x' }]),
      /refused \(member "\.\.\/escaped\.txt" climbs out with \.\.\)/,
    ));

  it('a member with an absolute path', () => {
    const target = join(work, 'absolute-target.txt');
    expectRefused('absolute.tar.gz', rawTarGz([MANIFEST, { name: target, body: 'x' }]), /has an absolute path/);
    expect(existsSync(target)).toBe(false);
  });

  it('a symbolic link', () =>
    expectRefused(
      'symlink.tar.gz',
      rawTarGz([MANIFEST, { name: 'codex-home/state_5.sqlite', type: '2', linkname: '/etc/passwd' }]),
      /is a SymbolicLink, not a file or folder/,
    ));

  it('a hard link', () =>
    expectRefused('hardlink.tar.gz', rawTarGz([MANIFEST, { name: 'codex-home/x', type: '1', linkname: 'MANIFEST.json' }]), /is a Link, not a file or folder/));

  it('a device', () => expectRefused('device.tar.gz', rawTarGz([MANIFEST, { name: 'codex-home/tty', type: '3' }]), /is a CharacterDevice/));

  it('a member whose header claims 10 GB, refused before a byte of it is written', () =>
    expectRefused(
      'huge.tar.gz',
      rawTarGz([MANIFEST, { name: 'codex-home/state_5.sqlite', body: 'SQLite format 3\0', claimedSize: 10 * 1024 ** 3 }]),
      /claims 10737418240 bytes/,
    ));
});

describe('an edited bundle', () => {
  it('is read, with one line saying which files differ from MANIFEST.json', async () => {
    const dir = mkdtempSync(join(work, 'edited-'));
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(dir, 'valid.tar.gz'), valid);
    await extract({ file: join(dir, 'valid.tar.gz'), cwd: tree });
    writeFileSync(join(tree, 'report.md'), 'edited\n');
    await create({ gzip: true, file: join(dir, 'edited.tar.gz'), cwd: tree, portable: true }, readdirSync(tree));
    const run = runCli(['analyze', join(dir, 'edited.tar.gz'), '--json']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`codex-logs: ${join(dir, 'edited.tar.gz')}: 1 file differs from MANIFEST.json (edited or damaged since collect), e.g. report.md\n`);
    expect(JSON.parse(run.stdout).findings.length).toBeGreaterThan(0);
    expect(runCli(['analyze', join(dir, 'valid.tar.gz'), '--json']).stderr).toBe('');
  });
});
