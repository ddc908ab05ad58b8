import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { x as extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newScenario, removeScenario, type Scenario } from '../analysis/scenario.js';
import { buildQueueDb, moveToDbBackup, writeMigrationJournal, writeWriterLock } from '../builders/codex-home-files.js';
import { EVERY_KIND, SEEDS, writeEveryFindingHome } from '../builders/every-finding.js';
import { fileFingerprint } from '../builders/fingerprint.js';
import { startLiveWriter } from '../builders/live-writer.js';
import { makeThreadId } from '../builders/rollouts.js';
import { buildStateDb } from '../builders/state-db.js';
import { writeSampleIncident } from '../builders/sample-incident.js';
import { allFiles, CLI, ensureBuilt, runCli } from './run-cli.js';

let work: string;
let s: Scenario;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'codex-logs-e2e-collect-'));
  s = newScenario();
  writeEveryFindingHome(s);
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeScenario(s);
});

interface Finding {
  kind: string;
  threadId: string | null;
  severity: string;
}

function findings(args: string[]): string[] {
  const run = runCli(['analyze', ...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return (JSON.parse(run.stdout) as { findings: Finding[] }).findings.map((f) => `${f.kind} ${f.threadId ?? '-'} ${f.severity}`).sort();
}

function collect(out: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}, from: Scenario = s): string {
  const run = runCli(['collect', from.logs, '--codex-home', from.home, '--out', out, ...extra], { env });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

async function unpack(bundle: string): Promise<string> {
  const dir = mkdtempSync(join(work, 'unpacked-'));
  await extract({ file: bundle, cwd: dir });
  return dir;
}

describe('collect, then analyze the bundle', () => {
  it('gives the same findings (kinds, thread ids, severities) as analyze on the home, every kind included', async () => {
    const bundle = join(work, 'every.tar.gz');
    const stdout = collect(bundle);
    expect(stdout).toContain(`Bundle: ${bundle} (`);
    expect(stdout).toMatch(/Holds: snapshots of state_5\.sqlite, thread_history_1\.sqlite, logs_2\.sqlite; 1 Desktop log file /);
    const onHome = findings([s.logs, '--codex-home', s.home]);
    expect(new Set(onHome.map((f) => f.split(' ')[0]))).toEqual(new Set(EVERY_KIND));
    expect(findings([bundle])).toEqual(onHome);
    // The documents inside say the same.
    const dir = await unpack(bundle);
    const analysis = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8')) as { findings: Finding[] };
    expect(analysis.findings.map((f) => `${f.kind} ${f.threadId ?? '-'} ${f.severity}`).sort()).toEqual(onHome);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('unpersisted-conversation');
    const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')) as {
      files: { path: string; size: number; sha256: string; origin: string | null; cut: string | null }[];
    };
    expect(manifest.files.map((f) => f.path)).toEqual(
      allFiles(dir)
        .map((p) => p.slice(dir.length + 1))
        .filter((p) => p !== 'MANIFEST.json'),
    );
    expect(manifest.files.find((f) => f.path === 'codex-home/state_5.sqlite')?.cut).toMatch(
      /online-backup snapshot including the -wal; content left out of threads\.title/,
    );
  });

  it('leaves the reader no unpacked copy behind, and every reading command takes the bundle', () => {
    const bundle = join(work, 'every.tar.gz');
    const scratch = mkdtempSync(join(work, 'tmp-'));
    for (const args of [
      ['list', bundle, '--json'],
      ['report', bundle],
      ['tree', sideChatId(), bundle],
      ['timeline', sideChatId(), bundle],
    ]) {
      const run = runCli(args, { env: { TMPDIR: scratch } });
      expect(run.status, `${args[0]}: ${run.stderr}`).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(0);
    }
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('a new user collects sample-logs; a maintainer analysing the file sees the incident', () => {
    const sample = join(work, 'sample-logs');
    writeSampleIncident(sample);
    const cwd = mkdtempSync(join(work, 'reporter-'));
    const run = runCli(['collect', sample], { cwd });
    expect(run.status).toBe(0);
    const [name] = readdirSync(cwd);
    expect(name).toMatch(/^codex-logs-bundle-\d{8}T\d{6}Z\.tar\.gz$/);
    const maintainer = runCli(['analyze', join(cwd, name!)]);
    expect(maintainer.status).toBe(0);
    expect(maintainer.stdout).toContain('unpersisted-conversation');
    expect(findings([join(cwd, name!)])).toEqual(findings([sample]));
  });
});

describe('collect, then analyze the bundle, for the kinds a readable state DB rules out', () => {
  it.each([
    ['state-db-unreadable', (home: string) => writeFileSync(join(home, 'state_5.sqlite'), 'not a database, and private: sk-proj-Zq8vT3kLm9Pw2Rx7Yb4Nc6Hd')],
    ['no-persisted-state', (home: string) => rmSync(home, { recursive: true })],
  ] as const)('%s', (kind, breakHome) => {
    const broken = newScenario();
    try {
      writeEveryFindingHome(broken);
      for (const name of readdirSync(broken.home)) rmSync(join(broken.home, name), { recursive: true });
      breakHome(broken.home);
      const bundle = join(work, `${kind}.tar.gz`);
      const run = runCli(['collect', broken.logs, '--out', bundle], { env: { CODEX_HOME: broken.home, HOME: broken.root } });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const onHome = findings([broken.logs, ...(kind === 'state-db-unreadable' ? ['--codex-home', broken.home] : [])]);
      expect(onHome.map((f) => f.split(' ')[0])).toContain(kind);
      expect(findings([bundle])).toEqual(onHome);
      expect(gunzipSync(readFileSync(bundle)).toString('latin1')).not.toContain(SEEDS.token);
    } finally {
      removeScenario(broken);
    }
  });

  it('--thread narrows the report and the analysis, not the data', async () => {
    const id = sideChatId();
    const bundle = join(work, 'one-thread.tar.gz');
    collect(bundle, ['--thread', id]);
    const dir = await unpack(bundle);
    const analysis = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8')) as { findings: Finding[] };
    expect(new Set(analysis.findings.flatMap((f) => (f.threadId === null ? [] : [f.threadId])))).toEqual(new Set([id]));
    expect(findings([bundle])).toEqual(findings([s.logs, '--codex-home', s.home]));
  });

  it('refuses to collect nothing or a bundle, and repair --apply refuses a bundle', () => {
    const empty = mkdtempSync(join(work, 'empty-'));
    const nothing = runCli(['collect'], { cwd: empty, env: { HOME: empty, XDG_STATE_HOME: join(empty, 'state') } });
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/^codex-logs: nothing to collect: [^\n]+\n$/);
    expect(readdirSync(empty)).toEqual([]);
    // Named and made like a bundle: both refusals come before it is opened.
    const bundle = join(work, 'any.tar.gz');
    writeFileSync(bundle, gzipSync('x'));
    const again = runCli(['collect', bundle, '--out', join(empty, 'again.tar.gz')]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/is already a bundle: attach it as it is/);
    expect(readdirSync(empty)).toEqual([]);
    const repair = runCli(['repair', bundle, '--apply']);
    expect(repair.status).toBe(2);
    expect(repair.stderr).toMatch(/--apply cannot repair a bundle/);
  });
});

/** The side chat of the every-finding home: the conversation that was never persisted. */
function sideChatId(): string {
  const id = findings([s.logs, '--codex-home', s.home])
    .find((f) => f.startsWith('unpersisted-conversation '))
    ?.split(' ')[1];
  if (id === undefined) throw new Error('the every-finding home has no unpersisted conversation');
  return id;
}

describe('what the bundle holds', () => {
  const needles = (includeContent: boolean) => [SEEDS.user, SEEDS.email, SEEDS.token, ...(includeContent ? [] : [SEEDS.prompt])];

  it.each([false, true])('no seeded secret, user name or prompt in any byte of it (--include-content %s)', (includeContent) => {
    const bundle = join(work, `seeds-${includeContent}.tar.gz`);
    collect(bundle, includeContent ? ['--include-content'] : []);
    // The whole archive decompressed: every member's bytes (database pages too) and every tar header.
    const bytes = gunzipSync(readFileSync(bundle)).toString('latin1').toLowerCase();
    for (const needle of needles(includeContent)) expect(bytes.includes(needle.toLowerCase()), needle).toBe(false);
    // The seeds are in the home, so the search can find them.
    const home = allFiles(s.root)
      .map((f) => readFileSync(f).toString('latin1').toLowerCase())
      .join('\n');
    for (const needle of needles(includeContent)) expect(home.includes(needle.toLowerCase()), needle).toBe(true);
    if (includeContent) expect(bytes.includes(SEEDS.prompt.toLowerCase())).toBe(true);
  });
});

describe('the analysed home after collect', () => {
  it('is byte-identical and mtime-identical, and no file was added', () => {
    const before = fileFingerprint(allFiles(s.root));
    collect(join(work, 'untouched.tar.gz'));
    expect(fileFingerprint(allFiles(s.root))).toEqual(before);
  });

  it('with a live writer on the state DB: every other file untouched, the snapshot consistent and with the live rows', async () => {
    const live = newScenario();
    try {
      writeEveryFindingHome(live);
      const db = join(live.home, 'state_5.sqlite');
      const writer = await startLiveWriter(db);
      const bundle = join(work, 'live.tar.gz');
      let before: ReturnType<typeof fileFingerprint>;
      try {
        before = fileFingerprint(allFiles(live.root).filter((f) => !f.startsWith(db)));
        const run = runCli(['collect', live.logs, '--codex-home', live.home, '--out', bundle]);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(fileFingerprint(allFiles(live.root).filter((f) => !f.startsWith(db)))).toEqual(before);
      } finally {
        writer.kill();
      }
      const dir = await unpack(bundle);
      const snapshot = new Database(join(dir, 'codex-home', 'state_5.sqlite'), { readonly: true });
      try {
        expect(snapshot.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(snapshot.pragma('journal_mode', { simple: true })).toBe('delete');
        expect(snapshot.prepare("SELECT COUNT(*) FROM threads WHERE id LIKE 'live-%'").pluck().get() as number).toBeGreaterThan(0);
      } finally {
        snapshot.close();
      }
      expect(readdirSync(join(dir, 'codex-home')).filter((n) => n.includes('-wal') || n.includes('-shm'))).toEqual([]);
    } finally {
      removeScenario(live);
    }
  });
});

describe('Ctrl-C', () => {
  let big: Scenario;
  beforeAll(() => {
    big = newScenario();
    const start = Date.parse('2026-01-01T00:00:00Z');
    buildStateDb(join(big.home, 'state_5.sqlite'), {
      schemaVersion: 42,
      threads: Array.from({ length: 10_000 }, (_, i) => ({
        id: makeThreadId(start + i * 60_000, `t${i}`),
        rolloutPath: `/Users/a/.codex/sessions/x/${i}.jsonl`,
        cwd: `/Users/a/src/${i}`,
      })),
    });
  });
  afterAll(() => removeScenario(big));

  /**
   * Runs the CLI with a private TMPDIR, interrupts it once a name starting with `prefix` appears in `watched` (default:
   * that TMPDIR), and waits for it to end; returns the TMPDIR.
   */
  async function interruptOnce(args: string[], prefix: string, watched?: string): Promise<string> {
    const scratch = mkdtempSync(join(work, 'interrupt-'));
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, TMPDIR: scratch }, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const seen = () => readdirSync(watched ?? scratch).some((n) => n.startsWith(prefix));
    const deadline = Date.now() + 10_000;
    while (!seen() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(seen()).toBe(true);
    child.kill('SIGINT');
    expect([130, null]).toContain(await exited);
    return scratch;
  }

  it('while a bundle is read removes the unpacked copy', async () => {
    const bundle = join(work, 'big.tar.gz');
    collect(bundle, [], {}, big);
    expect(readdirSync(await interruptOnce(['analyze', bundle, '--json'], 'codex-logs-bundle-'))).toEqual([]);
  });

  it.each([
    ['staging', 'codex-logs-collect-', false],
    ['writing the archive', '.b.tar.gz.', true],
  ])('while collecting (%s) leaves neither the staged tree nor a partial bundle', async (_when, prefix, inOutDir) => {
    const outDir = mkdtempSync(join(work, 'out-'));
    const scratch = await interruptOnce(
      ['collect', big.logs, '--codex-home', big.home, '--out', join(outDir, 'b.tar.gz')],
      prefix,
      inOutDir ? outDir : undefined,
    );
    expect(readdirSync(scratch)).toEqual([]);
    expect(readdirSync(outDir)).toEqual([]);
  });
});

describe('collect, then analyze the bundle, for what Codex added after August 2026', () => {
  it("keeps the sidebar catalog, a reset's backup, migration journals, writer locks and the queue, and their findings", () => {
    const sample = join(work, 'after-august');
    const ids = writeSampleIncident(sample);
    const home = join(sample, 'codex-home');
    writeMigrationJournal(home, ids.healthy);
    writeWriterLock(home, ids.cliOnly);
    buildQueueDb(home, [{ threadId: ids.deferred, text: 'a queued prompt that must not travel', createdAtMs: Date.parse('2026-05-04T09:13:00Z') }]);
    moveToDbBackup(join(home, 'state_5.sqlite'), Date.parse('2026-05-04T10:00:00Z'));
    const onHome = findings([sample]);
    expect(onHome.map((f) => f.split(' ')[0])).toEqual(expect.arrayContaining(['sidebar-catalog-missing', 'rollout-migration-interrupted']));
    const bundle = join(work, 'after-august.tar.gz');
    const run = runCli(['collect', sample, '--out', bundle]);
    expect(run.status, run.stderr).toBe(0);
    expect(findings([bundle])).toEqual(onHome);
    const timeline = runCli(['timeline', ids.deferred, bundle, '--format', 'json']).stdout;
    expect(timeline).toContain('queued-message');
    const bytes = gunzipSync(readFileSync(bundle)).toString('latin1');
    expect(bytes).not.toContain('a queued prompt that must not travel');
  });
});
