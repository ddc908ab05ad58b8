import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.js';

interface PackedFile {
  path: string;
}

describe('the package', () => {
  it('packs the built CLI, the lnav format, README, LICENSE and CHANGELOG, and no sources or tests', () => {
    const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const [packed] = JSON.parse(run.stdout) as { files: PackedFile[] }[];
    const files = packed!.files.map((f) => f.path);
    for (const wanted of ['dist/cli.js', 'lnav/codex_desktop_log.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'])
      expect(files).toContain(wanted);
    expect(files.filter((f) => /^(src|test|scripts|sample-logs|docs)\//.test(f))).toEqual([]);
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
