import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'codex-logs-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface PackedFile {
  path: string;
}

describe('the package', () => {
  it('packs the built CLI, the lnav format, README, LICENSE and CHANGELOG, and no sources or tests', () => {
    const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const [packed] = JSON.parse(run.stdout) as { files: PackedFile[] }[];
    const files = packed!.files.map((f) => f.path);
    const wanted = ['dist/cli.js', 'dist/bundle/cli.js', 'dist/bundle/fold-worker.js', 'dist/bundle/read-ahead-worker.js'];
    for (const file of [...wanted, 'lnav/codex_desktop_log.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) expect(files).toContain(file);
    expect(files.filter((f) => /^(src|test|scripts|sample-logs|docs)\//.test(f))).toEqual([]);
    // The CLI runs from the bundle alone: tsc's tree of modules (for the tests) is not shipped.
    expect(files.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/bundle/') && f !== 'dist/cli.js')).toEqual([]);
  });

  it('runs as packed, from a folder of another package: its own version, the sample analysed on two threads', () => {
    ensureBuilt();
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(work, pack.stdout.trim().split('\n').pop()!);
    expect(spawnSync('tar', ['-xzf', tarball, '-C', work]).status).toBe(0);
    // As npm would install it: the dependencies beside it (better-sqlite3 is loaded from there, not bundled).
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(work, 'package', 'node_modules'), 'dir');
    const elsewhere = join(work, 'elsewhere');
    spawnSync('mkdir', [elsewhere]);
    writeFileSync(join(elsewhere, 'package.json'), JSON.stringify({ name: 'someone-else', version: '9.9.9' }));
    const cli = join(work, 'package', 'dist', 'cli.js');
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [cli, ...args], { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version']).stdout.trim()).toBe(pkg.version);
    // Folded on one thread and on workers (the fold worker and the texts helper come from the bundle too): the same.
    const sample = join(REPO_ROOT, 'sample-logs');
    const many = { CODEX_LOGS_THREADS: '3', CODEX_LOGS_SHARE_BYTES: '2000' };
    const one = run(['analyze', sample, '--json'], { CODEX_LOGS_THREADS: '1' });
    expect(one.stderr).toBe('');
    expect(one.stdout).toContain('"conversations"');
    expect(run(['analyze', sample, '--json'], many).stdout).toBe(one.stdout);
    // ...and the workers did run: a heap too small for them makes them die, and their shares are reported.
    const starved = JSON.parse(run(['analyze', sample, '--json'], { ...many, CODEX_LOGS_WORKER_HEAP_MB: '1' }).stdout) as {
      stats: { problems: { what: string; count: number }[] };
    };
    expect(starved.stats.problems.find((p) => p.what.startsWith('unreadable log files'))?.count).toBeGreaterThan(0);
    expect(run(['lnav-format']).stdout).toBe(readFileSync(join(REPO_ROOT, 'lnav', 'codex_desktop_log.json'), 'utf8'));
  });

  it('says what it is for the registry: license, keywords, engines that README states', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { license: string; keywords: string[]; engines: { node: string } };
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(pkg.keywords).toEqual(expect.arrayContaining(['codex', 'logs', 'forensics']));
    const majors = [...pkg.engines.node.matchAll(/\^(\d+)\./g)].map((m) => m[1]);
    expect(majors).toEqual(['20', '22', '24']);
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain('Node 20, 22 or 24');
    expect(readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8')).toMatch(/OTHER_NODE_VERSIONS=\(22\.\d+\.\d+ 24\.\d+\.\d+\)/);
  });

  it('completes commands in the shell', () => {
    const script = runCli(['completion']);
    expect(script.status).toBe(0);
    expect(script.stdout).toContain('codex-logs --get-yargs-completions');
    const words = runCli(['--get-yargs-completions', 'ana']).stdout.split('\n');
    expect(words).toContain('analyze');
    expect(runCli(['--get-yargs-completions', 'analyze', '--fa']).stdout.split('\n')).toContain('--fail-on');
  });

  it("README's tables have every row on one line", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').split('\n');
    expect(readme.flatMap((line, i) => (line.startsWith('|') && !line.trimEnd().endsWith('|') ? [i + 1] : []))).toEqual([]);
  });

  it('README cites no file outside the repository', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/\]\(\.\.\/|`\.\.\/|\.\.\/shared|codex-formats\.md|real-world-shapes\.md|upstream-delta/);
  });
});
