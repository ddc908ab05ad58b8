#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { SEVERITIES, type Severity } from './model/finding.js';
import { PERSISTENCE_STATES, REPORT_FORMATS, TIMELINE_FORMATS } from './model/choices.js';
import { UsageError } from './util/errors.js';
import { existsSync } from 'node:fs';
import { commandOf, mistypedCommand } from './command-words.js';
import { preferSmallHeap } from './heap-policy.js';
import { terminalWidth } from './util/terminal-width.js';
import { showControl } from './render/control.js';
import { packageVersion } from './util/version.js';

// Only light modules load up front: each command imports its own (better-sqlite3, luxon, …) when it runs, and the
// choices come from src/model/choices.ts, so that --help does not load the renderers.

// Every command below, for typo suggestions and help pointers; a test holds it to what --help lists.
const COMMANDS = ['analyze', 'timeline', 'report', 'collect', 'repair', 'list', 'tree', 'lnav-format', 'completion'] as const;
const args = hideBin(process.argv);

function fail(message: string): void {
  // A message can quote a path or a value from the input: what it holds is shown, never obeyed (see control.ts).
  process.stderr.write(`codex-logs: ${showControl(message.replace(/\s*\n\s*/g, ' ').trim())}\n`);
  process.exitCode = 2;
}

/**
 * Examples as full-width lines, a `#` description above each command: yargs caps the command column of two-column
 * examples at half the width and wraps what is longer mid-command, where a reader copies it from.
 */
function comment(description: string): string {
  return `# ${description}`;
}

/** Where a usage error sends the reader: the help of the command that was given, else the general one. */
function helpPointer(): string {
  const command = commandOf(args, COMMANDS);
  return command === null ? 'see codex-logs --help' : `see codex-logs ${command} --help`;
}

function reportError(err: unknown): void {
  if (err instanceof UsageError) {
    fail(err.message);
    return;
  }
  // yargs reports its own validation failures (missing option values, bad choices) as YError.
  if (err instanceof Error && err.name === 'YError') {
    fail(`${err.message} (${helpPointer()})`);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (process.env.CODEX_LOGS_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  fail(`unexpected error: ${message} (set CODEX_LOGS_DEBUG=1 to see where)`);
}

// Ctrl-C ends promptly, without leaving private database copies in the temp folder.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void import('./sources/scratch.js').then(({ removeAllScratchDirs }) => {
      removeAllScratchDirs();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  });
}

/** Runs a command's handler; its result is the exit code, its errors one line on stderr. */
async function runCommand(run: () => Promise<number>): Promise<void> {
  preferSmallHeap();
  try {
    process.exitCode = await run();
  } catch (err) {
    reportError(err);
  }
}

/**
 * A command's handler that imports the command's module only when it runs, so that --help and the other commands
 * never load it; `run` maps the parsed arguments onto it and returns the exit code.
 */
function lazy<M, A>(load: () => Promise<M>, run: (module: M, argv: A) => Promise<number>): (argv: A) => Promise<void> {
  return (argv) => runCommand(async () => run(await load(), argv));
}

// Options several commands share, defined once; `describe` says what a command does with it where that differs.
const logsDirArg = (describe = 'Desktop log folder (as for analyze)') => ({ type: 'string', describe }) as const;
const threadIdArg = { type: 'string', demandOption: true, describe: 'Conversation (thread) id' } as const;
const codexHomeOpt = (describe = 'Codex home to join with (as for analyze)') => ({ type: 'string', describe, requiresArg: true }) as const;
const sinceOpt = (describe = 'Only events at or after this time (as for analyze)') => ({ type: 'string', describe, requiresArg: true }) as const;
const untilOpt = (describe = 'Only events at or before this time (as for analyze)') => ({ type: 'string', describe, requiresArg: true }) as const;
const threadsOpt = (describe: string) => ({ type: 'string', array: true, describe, requiresArg: true }) as const;
const outOpt = (describe: string) => ({ type: 'string', describe, requiresArg: true }) as const;
const jsonOpt = (describe = 'Print JSON') => ({ type: 'boolean', default: false, describe }) as const;
const redactOpt = { type: 'boolean', default: true, describe: 'Redact user names, e-mails, tokens and hosts (--no-redact to keep them)' } as const;
const includeContentOpt = (describe = 'Include conversation text (prompts, titles) from rollouts') => ({ type: 'boolean', default: false, describe }) as const;

try {
  const typo = mistypedCommand(args, COMMANDS, existsSync);
  if (typo !== null) throw new UsageError(typo);
  await yargs(args)
    .scriptName('codex-logs')
    .usage(
      '$0 <command> [options]\n\nLog forensics for the Codex Desktop app: conversations that received turns but were never persisted, and every other way the persisted state disagrees with itself.',
    )
    .command(
      ['analyze [LOGS_DIR]', '$0 [LOGS_DIR]'],
      'Join Desktop logs with the Codex home and report every inconsistency',
      (y) =>
        y
          .positional(
            'LOGS_DIR',
            logsDirArg(
              "Desktop log folder, searched recursively (default: the platform's Codex Desktop log folder). A Codex home inside it is used too. A bundle from collect (.tar.gz) works too.",
            ),
          )
          .option('codex-home', codexHomeOpt('Codex home to join with (default: one inside LOGS_DIR, else $CODEX_HOME, else ~/.codex)'))
          .option('json', jsonOpt('Print one JSON document (same as --format json)'))
          .option('format', { choices: REPORT_FORMATS, default: 'table' as const, describe: 'Output format' })
          .option('fail-on', { choices: SEVERITIES, describe: 'Exit 1 when a finding is at or above this severity', requiresArg: true })
          .option('since', sinceOpt('Only events at or after this time: ISO date-time or a span back from now (2d, 12h)'))
          .option('until', untilOpt('Only events at or before this time (same forms as --since)'))
          .option('thread', threadsOpt('Only this conversation id (repeatable)'))
          .example(comment('Analyse the bundled sample (logs and a Codex home)'), '')
          .example('$0 analyze sample-logs', '')
          .example(comment("Last two days of this machine's logs; exit 1 on high or critical findings"), '')
          .example('$0 analyze --since 2d --fail-on high', '')
          .example(comment('A bug-report folder (its Codex home is found inside it), as JSON'), '')
          .example('$0 analyze ~/bundle --json > report.json', '')
          .example(comment('A bundle made by collect'), '')
          .example('$0 analyze codex-logs-bundle-20260504T093000Z.tar.gz', ''),
      lazy(
        () => import('./commands/analyze.js'),
        (m, argv) =>
          m.runAnalyze({
            logsDir: argv.LOGS_DIR,
            codexHome: argv['codex-home'],
            json: argv.json,
            format: argv.format,
            failOn: argv['fail-on'] as Severity | undefined,
            since: argv.since,
            until: argv.until,
            thread: argv.thread,
          }),
      ),
    )
    .command(
      'timeline <THREAD_ID> [LOGS_DIR]',
      'The whole story of one conversation, in time order, from every source',
      (y) =>
        y
          .positional('THREAD_ID', threadIdArg)
          .positional('LOGS_DIR', logsDirArg())
          .option('codex-home', codexHomeOpt())
          .option('format', {
            choices: TIMELINE_FORMATS,
            default: 'markdown' as const,
            describe: 'markdown, json, or jsonl (one event per line, Timesketch fields)',
          })
          .option('json', jsonOpt('Print JSON (same as --format json)'))
          .option('out', outOpt('Write to FILE (atomically) instead of stdout'))
          .option('redact', redactOpt)
          .option('include-content', includeContentOpt())
          .example(comment('The story of a side chat in the sample'), '')
          .example('$0 timeline 019decfe-a771-7380-ac92-fec89615facd sample-logs', '')
          .example(comment('Events for Timesketch'), '')
          .example('$0 timeline ID --format jsonl --out timeline.jsonl', ''),
      lazy(
        () => import('./commands/timeline.js'),
        (m, argv) =>
          m.runTimeline({
            threadId: argv.THREAD_ID,
            logsDir: argv.LOGS_DIR,
            codexHome: argv['codex-home'],
            format: argv.json ? 'json' : argv.format,
            out: argv.out,
            redact: argv.redact,
            includeContent: argv['include-content'],
          }),
      ),
    )
    .command(
      'report [LOGS_DIR]',
      'An incident report in markdown, redacted, ready to paste into a GitHub issue',
      (y) =>
        y
          .positional('LOGS_DIR', logsDirArg())
          .option('codex-home', codexHomeOpt())
          .option('thread', threadsOpt('Report on these conversations (default: every one with a finding of medium severity or higher)'))
          .option('since', sinceOpt())
          .option('until', untilOpt())
          .option('out', outOpt("Write to FILE (atomically); timelines that do not fit GitHub's size limit go to files beside it"))
          .option('redact', redactOpt)
          .option('include-content', includeContentOpt())
          .option('json', jsonOpt('Print the report as JSON: findings, every timeline, and the markdown'))
          .example(comment('The sample incident, ready to attach to a bug report'), '')
          .example('$0 report sample-logs --out incident.md', ''),
      lazy(
        () => import('./commands/report.js'),
        (m, argv) =>
          m.runReport({
            logsDir: argv.LOGS_DIR,
            codexHome: argv['codex-home'],
            thread: argv.thread,
            since: argv.since,
            until: argv.until,
            out: argv.out,
            redact: argv.redact,
            includeContent: argv['include-content'],
            json: argv.json,
          }),
      ),
    )
    .command(
      'collect [LOGS_DIR]',
      'One redacted bundle (.tar.gz) for a bug report: database snapshots, rollout heads and tails, logs, report, analysis',
      (y) =>
        y
          .positional('LOGS_DIR', logsDirArg())
          .option('codex-home', codexHomeOpt('Codex home to collect (as for analyze)'))
          .option('since', sinceOpt('Desktop log lines at or after this time (default: 7 days before the newest line)'))
          .option('until', untilOpt('Desktop log lines at or before this time (as for analyze)'))
          .option('thread', threadsOpt('Report and analysis on these conversations (repeatable); the data stay whole'))
          .option('out', outOpt('Write the bundle to FILE (default: codex-logs-bundle-<UTC stamp>.tar.gz here)'))
          .option('include-content', includeContentOpt('Keep conversation text (prompts, titles, messages), still redacted'))
          .example(comment('A bundle of the bundled sample, ready to attach to an issue'), '')
          .example('$0 collect sample-logs', '')
          .example(comment("The last two days of this machine's logs and its ~/.codex"), '')
          .example('$0 collect --since 2d --out bug.tar.gz', ''),
      lazy(
        () => import('./commands/collect.js'),
        (m, argv) =>
          m.runCollect({
            logsDir: argv.LOGS_DIR,
            codexHome: argv['codex-home'],
            since: argv.since,
            until: argv.until,
            thread: argv.thread,
            out: argv.out,
            includeContent: argv['include-content'],
          }),
      ),
    )
    .command(
      'repair [LOGS_DIR]',
      'Print the SQL that fixes what analyze found (dry run); --apply runs it after a backup',
      (y) =>
        y
          .positional('LOGS_DIR', logsDirArg())
          .option('codex-home', codexHomeOpt('Codex home to repair (as for analyze)'))
          .option('thread', threadsOpt('Only this conversation (repeatable)'))
          .option('apply', {
            type: 'boolean',
            default: false,
            describe: 'Write: back up state_5.sqlite (+ -wal, -shm), then run the plan in one transaction; refuses while Codex runs',
          })
          .option('json', jsonOpt('Print the plan (or the result) as JSON'))
          .example(comment("The SQL that would restore the sample's lost row"), '')
          .example('$0 repair sample-logs', '')
          .example(comment('Quit Codex first; then repair, with a backup'), '')
          .example('$0 repair --codex-home ~/.codex --apply', ''),
      lazy(
        () => import('./commands/repair.js'),
        (m, argv) => m.runRepair({ logsDir: argv.LOGS_DIR, codexHome: argv['codex-home'], thread: argv.thread, apply: argv.apply, json: argv.json }),
      ),
    )
    .command(
      'list [LOGS_DIR]',
      'Every conversation any source knows, with its persistence state, origin and parent',
      (y) =>
        y
          .positional('LOGS_DIR', logsDirArg())
          .option('codex-home', codexHomeOpt('Codex home (as for analyze)'))
          .option('status', { choices: PERSISTENCE_STATES, array: true, describe: 'Only conversations in these states (repeatable)', requiresArg: true })
          .option('since', sinceOpt('Only conversations with activity at or after this time (as for analyze)'))
          .option('until', untilOpt('Only conversations with activity at or before this time (as for analyze)'))
          .option('thread', threadsOpt('Only this conversation (repeatable)'))
          .option('json', jsonOpt())
          .example(comment('What is half-persisted or only in the logs'), '')
          .example('$0 list --codex-home ~/.codex --status row-only --status log-only', ''),
      lazy(
        () => import('./commands/list.js'),
        (m, argv) =>
          m.runList({
            logsDir: argv.LOGS_DIR,
            codexHome: argv['codex-home'],
            status: argv.status,
            since: argv.since,
            until: argv.until,
            thread: argv.thread,
            json: argv.json,
          }),
      ),
    )
    .command(
      'tree <THREAD_ID> [LOGS_DIR]',
      "The family of a conversation (forks, side chats, subagents) with each one's persistence",
      (y) =>
        y
          .positional('THREAD_ID', threadIdArg)
          .positional('LOGS_DIR', logsDirArg())
          .option('codex-home', codexHomeOpt('Codex home (as for analyze)'))
          .option('since', sinceOpt('Only relatives with activity at or after this time (as for analyze)'))
          .option('until', untilOpt('Only relatives with activity at or before this time (as for analyze)'))
          .option('json', jsonOpt())
          .example(comment('The sample parent and its two side chats'), '')
          .example('$0 tree 019dece3-985e-7487-8de9-5dbbf15a5520 sample-logs', ''),
      lazy(
        () => import('./commands/tree.js'),
        (m, argv) =>
          m.runTree({ threadId: argv.THREAD_ID, logsDir: argv.LOGS_DIR, codexHome: argv['codex-home'], since: argv.since, until: argv.until, json: argv.json }),
      ),
    )
    .command(
      'lnav-format',
      'Print the lnav format for Desktop logs (conversations as lnav operations); --install puts it where lnav reads it',
      (y) =>
        y
          .option('install', { type: 'boolean', default: false, describe: "Write it into lnav's formats folder (as `lnav -i` does) and say where" })
          .example(comment('Read Desktop logs in lnav, grouped by conversation'), '')
          .example('$0 lnav-format --install && lnav ~/Library/Logs/com.openai.codex', '')
          .example(comment('The format file, to install by hand'), '')
          .example('$0 lnav-format > codex_desktop_log.json', ''),
      lazy(
        () => import('./commands/lnav-format.js'),
        (m, argv) => m.runLnavFormat({ install: argv.install }),
      ),
    )
    .completion('completion', 'Print a bash or zsh completion script: codex-logs completion >> ~/.bashrc (or ~/.zshrc)')
    .strict()
    .help()
    .alias('h', 'help')
    // Named, not guessed: yargs looks for the package.json above the code it runs from, which the bundle's folder
    // (dist/bundle/) does not tell it, and would print whatever package the working directory is in.
    .version(packageVersion())
    .alias('v', 'version')
    // yargs's own words (Options:, [required], its validation errors) in English, as every other line is; the
    // bundle carries no locale files, and a German help page with English descriptions helped no one.
    .locale('en')
    .wrap(Math.min(120, terminalWidth()))
    // Throwing stops yargs from running the command after a validation failure.
    .fail((message, err) => {
      throw err ?? new UsageError(`${message} (${helpPointer()})`);
    })
    .parseAsync();
} catch (err) {
  reportError(err);
}
