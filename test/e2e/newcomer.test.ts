import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleIncident } from '../builders/sample-incident.js';
import { ensureBuilt, runCli } from './run-cli.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** The start of an id cut at a line's end: what a wrapped id leaves behind. */
const CUT_ID = /\b[0-9a-f]{8}-[0-9a-f-]{0,26}$/;

let work: string;
let sample: string;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-newcomer-'));
  sample = join(work, 'sample');
  writeSampleIncident(sample);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const at = (columns: number) => ({ env: { COLUMNS: String(columns) } });

function commandsInHelp(): string[] {
  const help = runCli(['--help'], at(200)).stdout;
  const section = help.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  return [...section.matchAll(/^ {2}codex-logs ([a-z-]+)/gm)].map((m) => m[1]!);
}

describe('mistyped commands', () => {
  it('suggests the nearest command instead of taking the word for LOGS_DIR', () => {
    for (const [typed, meant] of [['anaylze', 'analyze'], ['timline', 'timeline'], ['reprot', 'report'], ['lsit', 'list'], ['lnav', 'lnav-format']]) {
      const run = runCli([typed!, sample], { cwd: work });
      expect(run.status, typed).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`codex-logs: unknown command '${typed}': did you mean '${meant}'? (see codex-logs ${meant} --help)\n`);
    }
  });

  it('names every command when nothing is near, and never mistakes a folder for a command', () => {
    const run = runCli(['frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^codex-logs: unknown command 'frobnicate', and no folder of that name \(commands: analyze, timeline, report, repair, list, tree, lnav-format, completion; see codex-logs --help\)\n$/);
    mkdirSync(join(work, 'anaylze'), { recursive: true });
    const folder = runCli(['anaylze', '--json'], { cwd: work });
    expect(folder.stderr).not.toContain('unknown command');
  });

  it('knows exactly the commands that --help lists', () => {
    const listed = commandsInHelp();
    expect(listed.length).toBeGreaterThan(5);
    const frob = runCli(['frobnicate']).stderr;
    expect(/\(commands: ([^;]+);/.exec(frob)?.[1]?.split(', ')).toEqual(listed);
  });

  it('points usage errors at the help of the command that was given', () => {
    expect(runCli(['timeline', 'x', '--format', 'pdf']).stderr).toMatch(/\(see codex-logs timeline --help\)\n$/);
    expect(runCli(['analyze', sample, '--bogus']).stderr).toMatch(/Unknown argument: bogus \(see codex-logs analyze --help\)\n$/);
    expect(runCli([sample, '--bogus']).stderr).toMatch(/\(see codex-logs --help\)\n$/);
  });

  it('prints the version for -v as for --version', () => {
    const v = runCli(['-v']);
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(runCli(['--version']).stdout);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('output that fits the terminal', () => {
  it('help examples are whole commands on lines of their own, at 80 columns and at 200', () => {
    for (const command of ['', ...commandsInHelp().filter((c) => c !== 'completion')]) {
      const wide = examples(runCli([...(command ? [command] : []), '--help'], at(200)).stdout);
      const narrow = examples(runCli([...(command ? [command] : []), '--help'], at(80)).stdout);
      expect(wide.length, `${command} --help`).toBeGreaterThan(0);
      expect(narrow, `${command} --help at 80`).toEqual(wide);
      for (const line of narrow) expect(line.length, line).toBeLessThanOrEqual(78);
    }
  });

  it('analyze fits its table into 80 columns (a pipe without $COLUMNS), never wrapping an id', () => {
    const out = runCli(['analyze', sample], { env: { COLUMNS: undefined } }).stdout;
    const table = out.split('\n').filter((l) => /^[│┌├└]/.test(l));
    expect(table.length).toBeGreaterThan(10);
    for (const line of table) {
      expect(line.length, line).toBeLessThanOrEqual(80);
      expect(CUT_ID.test(line.replace(/[\s│]+$/, '')), line).toBe(false);
    }
    expect(table[1]).toMatch(/│ Kind\s+│ Conversation · summary\s+│$/);
    // The summary column is no sliver: most of a line's room is its own.
    expect(table[1]!.indexOf('Conversation')).toBeLessThan(40);
    for (const line of out.split('\n').filter((l) => l.startsWith('    ') && !l.includes('•') && !l.startsWith('      '))) {
      expect(line.length <= 80 || !line.trim().includes(' '), line).toBe(true);
    }
  });

  it('analyze gives the conversation a column of its own on a wide terminal', () => {
    const out = runCli(['analyze', sample], at(140)).stdout;
    const table = out.split('\n').filter((l) => /^[│┌├└]/.test(l));
    expect(table[1]).toMatch(/│ Kind\s+│ Conversation\s+│ Summary\s+│$/);
    for (const line of table) expect(line.length).toBeLessThanOrEqual(140);
  });

  it('list is a table where it fits and short blocks where it does not, ids whole in both', () => {
    const narrow = runCli(['list', sample], at(80)).stdout;
    for (const line of narrow.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const wide = runCli(['list', sample], at(200)).stdout;
    expect(wide.split('\n')[0]).toMatch(/^┌/);
    expect(new Set(narrow.match(UUID))).toEqual(new Set(wide.match(UUID)));
    expect(narrow.split('\n').at(-2)).toBe(wide.split('\n').at(-2));
  });
});

/** The example lines of a help text: its `# description` and command lines, as printed. */
function examples(help: string): string[] {
  const section = help.split('\nExamples:\n')[1] ?? '';
  return section.split('\n').filter((l) => l.trim() !== '').map((l) => l.trim());
}
