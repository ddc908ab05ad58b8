/**
 * `npm run bench:stages`: where one thread's time goes on the bench's event-dense 1 GiB of Desktop logs (the table in
 * docs/performance.md, "Where the time goes"). Each stage runs the pipeline one step further than the one before, in a
 * process of its own (the built code in dist/, its heap policy, a fresh JIT): reading and splitting the lines; the
 * reader's work per line with a parser that answers at once; the real plain-line parser; the events made of its
 * lines; the fold of those events into the run's timelines; then the whole `analyze --json`. Each stage's cost is its
 * time less the one before's.
 *
 * Environment: BENCH_SEED (42), BENCH_CONVERSATIONS (20000), BENCH_STAGES_MB (1024), BENCH_RUNS (3 runs a stage, the
 * median is shown). The input is the one `npm run bench` makes, in the same folder (kept between runs).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Table from 'cli-table3';
import { makeBenchLogs } from './make-logs.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const seed = Number(process.env.BENCH_SEED ?? 42);
const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 20_000);
const mb = Number(process.env.BENCH_STAGES_MB ?? 1024);
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const MiB = 1024 * 1024;

const STAGES = ['scan', 'reader', 'parse', 'events', 'fold', 'analyze'] as const;
type Stage = (typeof STAGES)[number];
const LABELS: Record<Stage, string> = {
  scan: 'reading and splitting the lines',
  reader: "the reader's work per line (stamp, needles, the line held back)",
  parse: 'the plain-line parser',
  events: 'making events of the parsed lines',
  fold: 'the fold into one timeline per conversation',
  analyze: "after the logs: analysis, texts read back, the JSON written (and Node's start)",
};

function logFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.log')) files.push(join(d, e.name));
    }
  };
  walk(dir);
  return files.sort();
}

const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(dist, path)).href)) as T;

/** One stage, in this process: what it counted, for the table's last column. */
async function runStage(stage: Stage, dir: string): Promise<string> {
  const files = logFiles(dir);
  const { preferSmallHeap } = await load<typeof import('../../src/util/heap-policy.js')>('util/heap-policy.js');
  preferSmallHeap();
  if (stage === 'scan') {
    const { scanLines, emptyScanFacts } = await load<typeof import('../../src/sources/desktop-log/line-scanner.js')>('sources/desktop-log/line-scanner.js');
    let lines = 0;
    for (const file of files) {
      const fd = openSync(file, 'r');
      await scanLines(
        (buffer, length, position) => readSync(fd, buffer, 0, length, position),
        fstatSync(fd).size,
        MiB,
        () => void (lines += 1),
        emptyScanFacts(),
      );
      closeSync(fd);
    }
    return `${lines} lines`;
  }
  if (stage === 'fold') {
    const { foldShare } = await load<typeof import('../../src/log-index/share.js')>('log-index/share.js');
    const { createLogTimelineFolder } = await load<typeof import('../../src/log-index/fold.js')>('log-index/fold.js');
    const folder = createLogTimelineFolder({ since: null, until: null, keepAll: () => false });
    await foldShare({ share: { files: files.map((path) => ({ path })), bytes: 0 }, since: null, until: null, keepWhole: [] }, undefined, folder);
    return `${folder.finish().size} conversations`;
  }
  const { readDesktopLogFile, emptyDesktopLogStats } =
    await load<typeof import('../../src/sources/desktop-log/read-file.js')>('sources/desktop-log/read-file.js');
  const { createPlainLineParser } = await load<typeof import('../../src/sources/desktop-log/plain-line.js')>('sources/desktop-log/plain-line.js');
  const { createAsciiInterner } = await load<typeof import('../../src/sources/desktop-log/byte-interner.js')>('sources/desktop-log/byte-interner.js');
  const events = await load<typeof import('../../src/log-index/events.js')>('log-index/events.js');
  const { VERSION_NEEDLES } = await load<typeof import('../../src/sources/desktop-log/versions.js')>('sources/desktop-log/versions.js');
  const parser = createPlainLineParser(events.EVENT_FIELDS, events.REPEATED_EVENT_FIELDS);
  // The reader stage's parser answers every line with the same parsed line: what is left is the reader's own work.
  const answer = { ts: 0, level: 'info' as const, message: '', fields: {}, entries: {}, interner: createAsciiInterner() };
  const plainEvents = events.createPlainLineEvents();
  let counted = 0;
  let seq = 0;
  const stats = emptyDesktopLogStats();
  for (const file of files) {
    await readDesktopLogFile(file, () => undefined, stats, {
      needles: [...events.EVENT_NEEDLES, ...VERSION_NEEDLES],
      onUnparsedEntry: () => undefined,
      plain: {
        parse: stage === 'reader' ? () => answer : parser,
        fullParse: VERSION_NEEDLES,
        onLine:
          stage === 'events'
            ? (line, path, lineNumber, offset) => void (counted += plainEvents.toEvent(line, path, lineNumber, offset, seq++) === null ? 0 : 1)
            : () => void (counted += 1),
      },
    });
  }
  return `${counted} ${stage === 'events' ? 'events' : 'plain lines'} of ${stats.lines}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const child = process.argv[2] === '--stage' ? (process.argv[3] as Stage) : null;
if (child !== null) {
  const t0 = performance.now();
  const what = await runStage(child, process.argv[4]!);
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - t0) / 1000, what })}\n`);
} else {
  if (!existsSync(join(dist, 'cli.js'))) {
    process.stderr.write('bench:stages: build first (npm run build)\n');
    process.exit(2);
  }
  // The folder `npm run bench` uses for the same input (named by its count only when it is not the 20,000 default).
  const dir = join(tmpdir(), `codex-logs-bench-${seed}`, `logs-dense-${mb}mb${conversations === 20_000 ? '' : `-${conversations}`}`);
  if (!existsSync(join(dir, '.complete'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`bench:stages: generating ${dir} (seed ${seed})…\n`);
    makeBenchLogs(dir, mb * MiB, conversations, seed, { shape: 'dense' });
    writeFileSync(join(dir, '.complete'), '');
  }
  const self = fileURLToPath(import.meta.url);
  const measure = (stage: Stage): { seconds: number; what: string } => {
    const timed = Array.from({ length: runs }, () => {
      if (stage === 'analyze') {
        const t0 = performance.now();
        const run = spawnSync(process.execPath, [join(dist, 'cli.js'), 'analyze', dir, '--json'], {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, CODEX_LOGS_THREADS: '1', CODEX_HOME: join(dir, '..', 'no-home'), NO_COLOR: '1' },
        });
        if (run.status !== 0) throw new Error(`analyze exited ${run.status}: ${run.stderr.toString().slice(0, 300)}`);
        return { seconds: (performance.now() - t0) / 1000, what: 'the whole run' };
      }
      const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--stage', stage, dir], { cwd: root, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`stage ${stage} exited ${run.status}: ${run.stderr.slice(0, 300)}`);
      return JSON.parse(run.stdout) as { seconds: number; what: string };
    });
    return { seconds: median(timed.map((t) => t.seconds)), what: timed[0]!.what };
  };
  const table = new Table({ head: ['Stage', 'Up to it', 'It alone', 'Counted'], style: { head: [], border: [] } });
  let before = 0;
  for (const stage of STAGES) {
    const { seconds, what } = measure(stage);
    table.push([LABELS[stage], `${seconds.toFixed(2)} s`, `${(seconds - before).toFixed(2)} s`, what]);
    before = seconds;
  }
  process.stdout.write(`${table.toString()}\n${mb} MiB of dense Desktop logs, ${conversations} conversations, one thread; medians of ${runs} runs\n`);
}
