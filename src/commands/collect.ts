import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { c as createTar } from 'tar';
import { SEVERITIES } from '../model/finding.js';
import { manifestFiles, stageBundle } from '../apply/bundle/stage.js';
import { lastStampOf } from '../apply/bundle/cut-lines.js';
import { UsageError } from '../util/errors.js';
import { redact } from '../render/redact.js';
import { REPORTERS } from '../render/index.js';
import {
  ANALYSIS_FILE,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BUNDLE_HOME,
  BUNDLE_LOGS,
  MANIFEST_FILE,
  REPORT_FILE,
  type Manifest,
} from '../sources/bundle/layout.js';
import { isBundle } from '../sources/bundle/open.js';
import { chooseLogsDir } from '../sources/collect.js';
import { findDesktopLogFiles } from '../sources/desktop-log/discover.js';
import { chooseCodexHome } from '../sources/home/discover.js';
import { makeScratchDir, removeScratchDir } from '../sources/scratch.js';
import { parseTimeBound } from '../util/time-bound.js';
import { packageVersion } from '../util/version.js';
import { loadAnalysis, threadIdArgument } from '../run/load-analysis.js';
import { writeStdout } from '../run/output.js';
import { buildIncidentReport } from './report.js';

export interface CollectArgs {
  logsDir: string | undefined;
  codexHome: string | undefined;
  since: string | undefined;
  until: string | undefined;
  thread: string[] | undefined;
  out: string | undefined;
  includeContent: boolean;
}

/** Without --since: the week of logging up to the newest Desktop log line (the last week, for a live machine). */
export const DEFAULT_WINDOW_MS = 7 * 24 * 3_600_000;

export async function runCollect(args: CollectArgs): Promise<number> {
  const now = Date.now();
  const threads = (args.thread ?? []).map((raw) => threadIdArgument('--thread', raw));
  if (args.logsDir !== undefined && isBundle(args.logsDir)) throw new UsageError(`${args.logsDir} is already a bundle: attach it as it is`);
  const logs = chooseLogsDir({ logsDir: args.logsDir ?? null, codexHome: args.codexHome ?? null, env: process.env }, homedir());
  const home = chooseCodexHome({ argument: args.codexHome ?? null, logsDir: logs.path, env: process.env });
  if (args.codexHome !== undefined && !home.exists) throw new UsageError(`--codex-home ${args.codexHome}: no such directory`);
  const logFiles = logs.path === null ? [] : (await findDesktopLogFiles(logs.path, { exclude: home.exists ? [home.path] : [] })).files;
  // An empty bundle attached to an issue would cost the reporter a round trip, which is what collect is for.
  if (!home.exists && logFiles.length === 0) {
    throw new UsageError(
      `nothing to collect: no Desktop log files under ${logs.path ?? 'the default log folder'} and no Codex home at ${home.path} (give LOGS_DIR or --codex-home)`,
    );
  }
  const window = chooseWindow(args, logFiles, now);
  const out = resolve(args.out ?? `codex-logs-bundle-${stamp(now)}.tar.gz`);
  const step = stepDisplay();

  step('reading the logs and the Codex home');
  const input = { logsDir: args.logsDir, codexHome: args.codexHome, since: iso(window.since), until: iso(window.until), thread: threads };
  const { sources } = await loadAnalysis({ ...input, progress: true });
  const stage = makeScratchDir('codex-logs-collect-');
  try {
    const staged = await stageBundle({
      stage,
      sources,
      logFiles,
      logsRoot: logs.path,
      window,
      includeContent: args.includeContent,
      onStep: (what) => step(what),
    });
    // Both documents are made from the bundle's own tree, as a maintainer will read it: they then show what the bundle
    // shows, and nothing it left out.
    step('report and analysis');
    const tree = { logsDir: join(stage, BUNDLE_LOGS), codexHome: join(stage, BUNDLE_HOME), thread: threads, bundleTree: { collectedAt: sources.collectedAt } };
    const bundled = await loadAnalysis(tree);
    const { rendered } = await buildIncidentReport({ ...tree, redact: true, includeContent: args.includeContent }, bundled);
    writeFileSync(join(stage, REPORT_FILE), rendered.text, { mode: 0o600 });
    // Paths inside the bundle, relative to its root; every string through the report's redaction.
    const root = JSON.stringify(`${stage}${sep}`).slice(1, -1);
    writeFileSync(
      join(stage, ANALYSIS_FILE),
      [...REPORTERS.json.render(bundled.report, { color: false, width: 80, cwd: root })].map((chunk) => redact(chunk.replaceAll(root, ''))).join(''),
      { mode: 0o600 },
    );
    const manifest: Manifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      toolVersion: packageVersion(),
      collectedAt: sources.collectedAt,
      window,
      threads,
      redacted: true,
      includeContent: args.includeContent,
      files: await manifestFiles(stage, staged.entries),
      leftOut: [
        ...staged.leftOut,
        ...(args.includeContent
          ? []
          : [
              {
                what: 'conversation content',
                count: 1,
                why: 'prompts, titles, agent messages and history text are left out (--include-content keeps them, redacted)',
              },
            ]),
      ],
    };
    writeFileSync(join(stage, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    step('writing the archive');
    await writeArchive(stage, out);
    step(null);
    const findings = bundled.report.findings;
    const f = bundled.report.stats.findingsBySeverity;
    await writeStdout(
      [
        `Bundle: ${out} (${size(statSync(out).size)})`,
        `Holds: ${[
          staged.counts.databases.length > 0 ? `snapshots of ${staged.counts.databases.join(', ')}` : 'no database',
          `${plural(staged.counts.logFiles, 'Desktop log file')} (${plural(staged.counts.logLines, 'line')}${window.since === null ? '' : ` from ${iso(window.since)}`}${window.until === null ? '' : ` to ${iso(window.until)}`})`,
          `${plural(staged.counts.rollouts, 'rollout')} (session_meta and tail)`,
          `${REPORT_FILE}, ${ANALYSIS_FILE}, ${MANIFEST_FILE}`,
        ].join('; ')}`,
        `Findings: ${findings.length} (${SEVERITIES.map((s) => `${f[s]} ${s}`).join(', ')})`,
        `Redacted: user names, e-mail addresses, tokens and host names${args.includeContent ? '; conversation content included (redacted)' : '; conversation content left out'}. MANIFEST.json lists every file and what was cut.`,
        `A maintainer reads it with: codex-logs analyze ${basename(out)}`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    step(null);
    removeScratchDir(stage);
  }
}

function chooseWindow(args: CollectArgs, logFiles: readonly string[], now: number): Manifest['window'] {
  const until = args.until === undefined ? null : parseTimeBound('until', args.until, now);
  let since = args.since === undefined ? null : parseTimeBound('since', args.since, now);
  if (since === null) {
    let newest: number | null = null;
    for (const file of logFiles) {
      const last = lastStampOf(file);
      if (last !== null && (newest === null || last > newest)) newest = last;
    }
    since = Math.min(until ?? now, newest ?? now) - DEFAULT_WINDOW_MS;
  }
  if (until !== null && since > until) throw new UsageError('--since is later than --until');
  return { since, until };
}

/** Written beside its destination, then renamed: a bundle is whole or absent. */
async function writeArchive(stage: string, out: string): Promise<void> {
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  // Ctrl-C exits through process.exit (cli.ts): a half-written archive goes with it.
  const removeTemp = () => rmSync(temp, { force: true });
  process.once('exit', removeTemp);
  try {
    // portable: no user or group names, no uid, no device numbers in the headers (a user name is private too).
    await createTar({ gzip: true, file: temp, cwd: stage, portable: true }, [MANIFEST_FILE, REPORT_FILE, ANALYSIS_FILE, BUNDLE_HOME, BUNDLE_LOGS]);
    renameSync(temp, out);
    process.removeListener('exit', removeTemp);
  } catch (err) {
    removeTemp();
    throw new UsageError(`--out ${out}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err))})`);
  }
}

/** One line of what collect is doing, on a terminal only; null clears it. */
function stepDisplay(): (what: string | null) => void {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  return (what) => {
    if (!tty) return;
    if (what === null) {
      if (shown) process.stderr.write('\r\u001b[K');
      shown = false;
      return;
    }
    process.stderr.write(`\r\u001b[Kcollect: ${what}…`);
    shown = true;
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function iso(ms: number | null): string | undefined {
  return ms === null ? undefined : new Date(ms).toISOString();
}

function size(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
