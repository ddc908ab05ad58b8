import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_VERSION, type JsonEnvelope } from '../../src/render/json-envelope.js';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Who a spawned CLI runs as: `{}` for this process's own user. */
export type RunAs = { uid?: number; gid?: number };

/**
 * A user that file permissions apply to, or null when there is none. Root ignores them, and CI runs as root: there the
 * CLI runs as `nobody` (uid 65534), when that user can run it from where the repository lies.
 */
export function unprivilegedUser(): RunAs | null {
  if (process.getuid === undefined) return null;
  if (process.getuid() !== 0) return {};
  const nobody = { uid: 65534, gid: 65534 };
  const probe = spawnSync(process.execPath, [CLI, '--help'], { cwd: REPO_ROOT, encoding: 'utf8', ...nobody });
  return probe.status === 0 ? nobody : null;
}

/** Builds once when dist/ is missing (`npm test` builds first; a lone `vitest run` may not have). */
export function ensureBuilt(): void {
  if (existsSync(CLI)) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}

/** Spawns the built CLI as a user would; colour is off unless the test sets FORCE_COLOR. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; user?: RunAs } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CODEX_HOME: undefined, CODEX_SQLITE_HOME: undefined, ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO_ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts.user });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every file below `root`, for before/after fingerprints. */
export function allFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...allFiles(path));
    else if (entry.isFile() || statSync(path).isFile()) out.push(path);
  }
  return out.sort();
}

/**
 * The JSON document a run printed, checked to carry the envelope every command's `--json` starts with (schemaVersion,
 * version, command, in that order) and typed as the contract type the renderer exports.
 */
export function jsonDocument<D extends JsonEnvelope>(run: CliRun, command: D['command']): D {
  if (run.status !== 0) throw new Error(`exit ${run.status}: ${run.stderr}`);
  const doc = JSON.parse(run.stdout) as D;
  const head = Object.keys(doc).slice(0, 3);
  if (
    head.join() !== 'schemaVersion,version,command' ||
    doc.schemaVersion !== JSON_SCHEMA_VERSION ||
    doc.command !== command ||
    typeof doc.version !== 'string'
  ) {
    throw new Error(`not a ${command} document: ${run.stdout.slice(0, 200)}`);
  }
  return doc;
}
