import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeThreadId, writeRollout } from '../builders/rollouts.js';
import { writeSampleIncident } from '../builders/sample-incident.js';
import { buildStateDb } from '../builders/state-db.js';
import { writeSessionIndex } from '../builders/session-index.js';
import type { ListDocument, TreeDocument } from '../../src/render/inventory.js';
import type { AnalysisDocument } from '../../src/render/json.js';
import type { JsonCommand } from '../../src/render/json-envelope.js';
import type { RepairPlanDocument } from '../../src/render/repair-script.js';
import type { ReportDocument } from '../../src/render/report/json.js';
import type { TimelineDocument } from '../../src/render/timeline/json.js';
import { ensureBuilt, jsonDocument, runCli } from './run-cli.js';

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
    for (const [typed, meant] of [
      ['anaylze', 'analyze'],
      ['timline', 'timeline'],
      ['reprot', 'report'],
      ['lsit', 'list'],
      ['lnav', 'lnav-format'],
    ]) {
      const run = runCli([typed!, sample], { cwd: work });
      expect(run.status, typed).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`codex-logs: unknown command '${typed}': did you mean '${meant}'? (see codex-logs ${meant} --help)\n`);
    }
  });

  it('names every command when nothing is near, and never mistakes a folder for a command', () => {
    const run = runCli(['frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^codex-logs: unknown command 'frobnicate', and no folder of that name \(commands: analyze, timeline, report, collect, repair, list, tree, lnav-format, completion; see codex-logs --help\)\n$/,
    );
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
  return section
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim());
}

describe('honest verdicts: what could and could not be judged', () => {
  const oneLine = (run: { status: number | null; stdout: string; stderr: string }) => {
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    return run.stderr;
  };

  it('refuses a run that read nothing: no Codex on this machine', () => {
    const home = join(work, 'no-codex');
    mkdirSync(home, { recursive: true });
    const env = { HOME: home, XDG_STATE_HOME: undefined, LOCALAPPDATA: undefined };
    for (const args of [['analyze'], ['analyze', '--json'], ['report'], ['list']]) {
      expect(oneLine(runCli(args, { env })), args.join(' ')).toMatch(
        /^codex-logs: nothing to analyse: no Desktop log folder at .+, and no Codex home at .+\.codex \(give LOGS_DIR or --codex-home\)$/m,
      );
    }
  });

  it('says the logs were there but outside --since/--until, not that there were none', () => {
    const logs = join(sample, 'desktop-logs');
    const env = { env: { HOME: join(work, 'no-codex'), CODEX_HOME: undefined } };
    expect(oneLine(runCli(['analyze', logs, '--until', '2000-01-01'], env))).toMatch(
      /^codex-logs: nothing to analyse: no Desktop log file read in .+desktop-logs \([1-9]\d* log files? wholly outside --since\/--until, not opened\), and no Codex home at /,
    );
    const withHome = runCli(['analyze', logs, '--codex-home', join(sample, 'codex-home'), '--since', '2100-01-01']);
    expect(withHome.status).toBe(0);
    expect(withHome.stdout.replace(/\s+/g, ' ')).toMatch(
      /\(unpersisted-conversation, unpersisted-turns\): no Desktop log file read in \S+ \([1-9]\d* log files? wholly outside --since\/--until, not opened\)/,
    );
  });

  it('points at the Codex home below a --codex-home that is its parent folder (a home copied with its dotfiles)', () => {
    const dotfiles = join(work, 'dotfiles');
    cpSync(join(sample, 'codex-home'), join(dotfiles, '.codex'), { recursive: true });
    const logs = join(sample, 'desktop-logs');
    const run = runCli(['analyze', logs, '--codex-home', dotfiles], at(100));
    expect(run.status).toBe(0);
    const table = run.stdout.replace(/\s+/g, ' ');
    expect(table).toContain(`${dotfiles} (--codex-home) · holds no state DB and no sessions/`);
    expect(table).toContain(`no state DB at ${join(dotfiles, 'state_5.sqlite')}; give --codex-home ${join(dotfiles, '.codex')}, the Codex home below it`);
    expect(table).toContain(`the rollout files: no sessions/ folder in ${dotfiles}`);
    expect(table).toContain(`Cause: ${join(dotfiles, '.codex')} below it is a Codex home: give --codex-home ${join(dotfiles, '.codex')} to judge persistence.`);
    const rerun = `codex-logs analyze ${logs} --codex-home ${join(dotfiles, '.codex')}`;
    expect(run.stdout.split('\nNext steps\n')[1]?.split('\n')[0]?.trim()).toBe(rerun);
    const json = JSON.parse(runCli(['analyze', logs, '--codex-home', dotfiles, '--json']).stdout) as { inputs: { codexHomeBelow: string | null } };
    expect(json.inputs.codexHomeBelow).toBe(join(dotfiles, '.codex'));

    const suggested = runCli(rerun.split(' ').slice(1), at(100));
    expect(suggested.status).toBe(0);
    expect(suggested.stdout).toContain('unpersisted-conversation');
    expect(suggested.stdout).not.toContain('Not judged');
    expect((JSON.parse(runCli([...rerun.split(' ').slice(1), '--json']).stdout) as typeof json).inputs.codexHomeBelow).toBeNull();

    const noLogs = join(work, 'no-logs');
    mkdirSync(noLogs, { recursive: true });
    expect(oneLine(runCli(['analyze', noLogs, '--codex-home', dotfiles]))).toBe(
      `codex-logs: nothing to analyse: no Desktop log files (*.log) in ${noLogs}, and no state DB and no rollouts in ${dotfiles} (give --codex-home ${join(dotfiles, '.codex')}, the Codex home below it)\n`,
    );
  });

  it('refuses a file where a folder is wanted, and still takes one *.log file', () => {
    expect(oneLine(runCli(['analyze', join(sample, 'README.md')]))).toMatch(/LOGS_DIR .*README\.md: a file, not a folder of Desktop logs/);
    expect(oneLine(runCli(['analyze', join(sample, 'codex-home', 'state_5.sqlite')]))).toContain(
      `a Codex state database, not a folder of Desktop logs (give its folder as --codex-home ${join(sample, 'codex-home')})`,
    );
    expect(oneLine(runCli(['analyze', sample, '--codex-home', join(sample, 'README.md')]))).toMatch(/--codex-home .*README\.md: a file, not a folder/);
    const log = runCli([
      'analyze',
      '--json',
      join(sample, 'desktop-logs', '2026', '05', '04', 'codex-desktop-7d2dc2ee-8b8c-40e4-bf12-a01fbc6ce9ef-7433-t0-i1-083002-0.log'),
    ]);
    expect(log.status).toBe(0);
    expect((JSON.parse(log.stdout) as { stats: { logFiles: number } }).stats.logFiles).toBe(1);
  });

  it('refuses a --thread that no source knows, as timeline and tree do', () => {
    const unknown = '01234567-89ab-7def-8123-456789abcdef';
    for (const command of ['analyze', 'report']) {
      expect(oneLine(runCli([command, sample, '--thread', unknown]))).toBe(
        `codex-logs: --thread ${unknown}: no Desktop log, threads row or rollout mentions this conversation\n`,
      );
    }
    expect(oneLine(runCli(['analyze', sample, '--thread', unknown, '--since', '2026-05-04T09:00Z']))).toContain('in the --since/--until window');
  });

  it('says which checks could not run when the logs or the home are missing, in the table, JSON and the report', () => {
    const homeOnly = runCli(['analyze', join(sample, 'codex-home')]);
    expect(homeOnly.status).toBe(0);
    expect(homeOnly.stdout).toMatch(
      /Not judged\n {2}turns the Desktop app sent that never reached disk\s+\(unpersisted-conversation, unpersisted-turns\): no Desktop log files \(\*\.log\)/,
    );
    const json = JSON.parse(runCli(['analyze', join(sample, 'codex-home'), '--json']).stdout) as { coverage: { judged: string[]; notJudged: string[] } };
    expect(json.coverage.notJudged).toHaveLength(1);
    expect(json.coverage.judged).toEqual([
      expect.stringMatching(/^the state DB \(\d+ threads rows\)$/),
      expect.stringMatching(/^\d+ rollout files in the Codex home$/),
    ]);

    const logsOnly = join(work, 'logs-only');
    mkdirSync(logsOnly, { recursive: true });
    const noHome = { env: { HOME: logsOnly, CODEX_HOME: undefined } };
    const table = runCli(['analyze', join(sample, 'desktop-logs')], noHome).stdout.replace(/\s+/g, ' ');
    expect(table).toContain('the threads rows (missing-thread-row, missing-rollout-file and the other row checks): no state DB');
    expect(table).toContain('the rollout files: no Codex home at');
    const report = runCli(['report', join(sample, 'desktop-logs')], noHome).stdout;
    expect(report).toContain('Not judged, for want of the input:');

    const whole = runCli(['analyze', sample, '--json']);
    expect((JSON.parse(whole.stdout) as { coverage: { notJudged: string[] } }).coverage.notJudged).toEqual([]);
    expect(runCli(['analyze', sample]).stdout).not.toContain('Not judged');
  });
});

describe('next steps', () => {
  it('analyze names the commands to run next with the arguments it was given, and each of them runs', () => {
    const out = runCli(['analyze', sample, '--codex-home', join(sample, 'codex-home'), '--since', '2026-05-01']).stdout;
    const steps =
      out
        .split('\nNext steps\n')[1]
        ?.split('\n')
        .filter((l) => l.startsWith('  codex-logs '))
        .map((l) => l.trim()) ?? [];
    const args = `${sample} --codex-home ${join(sample, 'codex-home')}`;
    expect(steps).toEqual([
      expect.stringMatching(new RegExp(`^codex-logs timeline [0-9a-f-]{36} ${args.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`)),
      `codex-logs repair ${args}`,
      `codex-logs report ${args} --since 2026-05-01 --out incident.md`,
    ]);
    for (const step of steps) {
      const words = step.split(' ').slice(1);
      const run = runCli(words, { cwd: work });
      expect(run.status, `${step}: ${run.stderr}`).toBe(0);
    }
  });

  it('suggests repair only when it has SQL to offer: not for rows whose rollouts are nowhere', () => {
    const stepsOf = (home: string) => runCli(['analyze', '--codex-home', home]).stdout.split('\nNext steps\n')[1] ?? '';
    const gone = join(work, 'rollouts-gone', '.codex');
    mkdirSync(join(gone, 'sessions'), { recursive: true });
    const ids = [1, 2].map((i) => makeThreadId(Date.parse('2026-05-01T08:00:00Z') + i * 60_000, `gone-${i}`));
    buildStateDb(join(gone, 'state_5.sqlite'), {
      schemaVersion: 42,
      threads: ids.map((id) => ({ id, rolloutPath: join(gone, 'sessions', '2026', '05', '01', `rollout-2026-05-01T10-00-00-${id}.jsonl`) })),
    });
    expect(stepsOf(gone)).toContain('codex-logs report');
    expect(stepsOf(gone)).not.toContain('codex-logs repair');
    // One of them moved: its rollout is on disk under another path, which repair can point the row at.
    writeRollout(gone, { id: ids[0]!, startedAt: Date.parse('2026-05-01T08:01:00Z'), root: 'archived_sessions' });
    expect(stepsOf(gone)).toContain(`codex-logs repair --codex-home ${gone}\n    the SQL that would mend the repairable finding`);
  });

  it('quotes what a shell would split, and suggests nothing when nothing needs doing', () => {
    const spaced = join(work, 'with space');
    mkdirSync(spaced, { recursive: true });
    writeSampleIncident(spaced);
    expect(runCli(['analyze', spaced]).stdout).toContain(`  codex-logs repair '${spaced}'\n`);
    const healthy = runCli(['analyze', join(sample, 'codex-home'), '--thread', '019de9da-e3ef-7952-b7f8-8f867addc48a']).stdout;
    expect(healthy).not.toContain('Next steps');
  });

  it("the report's repair advice names the LOGS_DIR and --codex-home that were used", () => {
    const text = runCli(['report', sample, '--codex-home', join(sample, 'codex-home')]).stdout;
    expect(text).toContain(`\`codex-logs repair ${sample} --codex-home ${join(sample, 'codex-home')} --apply\``);
  });
});

describe('recognisable conversations', () => {
  it("list and tree show each conversation's title, and a name given in session_index.jsonl wins over it", () => {
    const copy = join(work, 'named');
    const ids = writeSampleIncident(copy);
    writeSessionIndex(join(copy, 'codex-home'), [{ id: ids.healthy, threadName: 'Invoice totals (renamed)', updatedAt: Date.parse('2026-05-03T09:00:00Z') }]);
    const list = runCli(['list', copy], at(250)).stdout;
    expect(list).toMatch(new RegExp(`${ids.healthy} │ Invoice totals \\(renamed\\)`));
    expect(list).toMatch(new RegExp(`${ids.archived} │ Spike: PDF export`));
    const json = jsonDocument<ListDocument>(runCli(['list', copy, '--json']), 'list').conversations;
    expect(json.find((e) => e.id === ids.cliOnly)?.title).toBe('Migrate the test runner');
    expect(json.find((e) => e.id === ids.sideA)?.title).toBeNull();
    expect(runCli(['tree', ids.healthy, copy]).stdout).toContain(`${ids.healthy}  persisted · Desktop  Invoice totals (renamed)  ◀`);
  });
});

describe('the same options where they make sense', () => {
  it('timeline takes --json as --format json', () => {
    const id = jsonDocument<ListDocument>(runCli(['list', sample, '--json']), 'list').conversations[0]!.id;
    const json = runCli(['timeline', id, sample, '--json']);
    expect(json.status).toBe(0);
    expect(json.stdout).toBe(runCli(['timeline', id, sample, '--format', 'json']).stdout);
  });

  it('list takes --since, --until and --thread, and tree --since and --until', () => {
    const all = jsonDocument<ListDocument>(runCli(['list', sample, '--json']), 'list').conversations;
    const late = jsonDocument<ListDocument>(runCli(['list', sample, '--since', '2026-05-04T08:00Z', '--json']), 'list').conversations;
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(all.length);
    for (const e of late) expect(Date.parse(all.find((a) => a.id === e.id)!.lastSeen!)).toBeGreaterThanOrEqual(Date.parse('2026-05-04T08:00Z'));
    const early = jsonDocument<ListDocument>(runCli(['list', sample, '--until', '2026-05-02T00:00Z', '--json']), 'list').conversations;
    expect(early.length).toBeLessThan(all.length);
    const one = jsonDocument<ListDocument>(runCli(['list', sample, '--thread', all[2]!.id, '--json']), 'list').conversations;
    expect(one.map((e) => e.id)).toEqual([all[2]!.id]);
    const parent = '019dece3-985e-7487-8de9-5dbbf15a5520';
    const whole = runCli(['tree', parent, sample]).stdout.trimEnd().split('\n');
    const windowed = runCli(['tree', parent, sample, '--since', '2026-05-04T08:55Z']);
    expect(windowed.status).toBe(0);
    expect(windowed.stdout.trimEnd().split('\n').length).toBeLessThan(whole.length);
  });
});

describe('one JSON envelope', () => {
  it("every command that prints JSON starts it with schemaVersion, version and the command's name", () => {
    const side = '019decfe-a771-7380-ac92-fec89615facd';
    const runs: [JsonCommand, string[]][] = [
      ['analyze', ['analyze', sample, '--json']],
      ['list', ['list', sample, '--json']],
      ['tree', ['tree', side, sample, '--json']],
      ['timeline', ['timeline', side, sample, '--json']],
      ['repair', ['repair', sample, '--json']],
      ['report', ['report', sample, '--json']],
    ];
    const versions = new Set(runs.map(([command, args]) => jsonDocument(runCli(args), command).version));
    expect([...versions]).toEqual([runCli(['--version']).stdout.trim()]);
    expect(jsonDocument<AnalysisDocument>(runCli(['analyze', sample, '--json']), 'analyze').overallStatus).toBe('fail');
    expect(jsonDocument<TreeDocument>(runCli(['tree', side, sample, '--json']), 'tree').focus).toBe(side);
    expect(jsonDocument<TimelineDocument>(runCli(['timeline', side, sample, '--json']), 'timeline').thread.id).toBe(side);
    const plan = jsonDocument<RepairPlanDocument>(runCli(['repair', sample, '--json']), 'repair');
    expect([plan.applied, plan.stateDbSchemaVersion]).toEqual([false, 29]);
  });

  it('report --json holds the findings, every timeline and the markdown, redacted as the markdown is', () => {
    const doc = jsonDocument<ReportDocument>(runCli(['report', sample, '--json']), 'report');
    const generatedAt = (text: string) => text.replace(/ on \d{4}-\d\d-\d\dT[\d:.]+Z/, ' on <time>');
    expect(generatedAt(doc.markdown)).toBe(generatedAt(runCli(['report', sample]).stdout));
    expect(doc.redacted).toBe(true);
    const summarised = new Set(doc.findings.map((f) => f.threadId));
    for (const t of doc.timelines) expect(summarised.has(t.thread.id)).toBe(true);
    expect(doc.timelines.length).toBeGreaterThan(1);
    expect(JSON.stringify(doc)).not.toContain('alice');
    expect(JSON.stringify(jsonDocument<ReportDocument>(runCli(['report', sample, '--json', '--no-redact']), 'report'))).toContain('/Users/alice');
    const out = join(work, 'report.json');
    expect(runCli(['report', sample, '--json', '--out', out]).stdout).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as ReportDocument).command).toBe('report');
  });
});

describe('colour in list and tree', () => {
  it('colours each state when asked (FORCE_COLOR), and never with NO_COLOR or into a pipe', () => {
    const parent = '019dece3-985e-7487-8de9-5dbbf15a5520';
    const colour = { env: { NO_COLOR: undefined, FORCE_COLOR: '1', COLUMNS: '250' } };
    const list = runCli(['list', sample], colour).stdout;
    expect(list).toContain('\u001b[31mlog-only\u001b[0m');
    expect(list).toContain('\u001b[32mpersisted\u001b[0m');
    expect(runCli(['tree', parent, sample], colour).stdout).toContain('\u001b[33mrollout-only\u001b[0m');
    expect(runCli(['list', sample]).stdout).not.toContain('\u001b[');
    expect(runCli(['tree', parent, sample], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });
});
