import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomically } from '../util/atomic-write.js';
import { UsageError } from '../util/errors.js';
import { isDirectory as isDirectoryOnDisk } from '../util/path-kind.js';

/** The lnav format shipped with the package (`lnav/` beside `dist/`), as lnav reads it. */
const LNAV_FORMAT_FILE = new URL('../../lnav/codex_desktop_log.json', import.meta.url);
const LNAV_FORMAT_NAME = 'codex_desktop_log';

export function lnavFormatText(): string {
  return readFileSync(LNAV_FORMAT_FILE, 'utf8');
}

/**
 * The folder lnav reads its configuration from, decided as lnav itself does (`dotlnav()` in lnav's paths.cc, seen
 * with lnav 0.11 and 0.12): an existing `~/.lnav` wins; else `$XDG_CONFIG_HOME/lnav` when that folder exists; else
 * `~/.config/lnav` when `~/.config` exists; else `~/.lnav`. Installing anywhere else would be silently ignored.
 */
export function lnavConfigDir(env: NodeJS.ProcessEnv, isDirectory: (path: string) => boolean = isDirectoryOnDisk): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (home === undefined || home === '') throw new UsageError("lnav-format --install: HOME is not set, so lnav's folder is unknown");
  const dotLnav = join(home, '.lnav');
  if (isDirectory(dotLnav)) return dotLnav;
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg !== undefined && xdg !== '' && isDirectory(xdg)) return join(xdg, 'lnav');
  if (isDirectory(join(home, '.config'))) return join(home, '.config', 'lnav');
  return dotLnav;
}

export interface LnavInstall {
  path: string;
  /** `unchanged` when the same text was already there, so a rerun says so instead of claiming a new install. */
  outcome: 'installed' | 'updated' | 'unchanged';
}

/** Writes the format where lnav looks for installed formats (what `lnav -i FILE` does), atomically. */
export function installLnavFormat(env: NodeJS.ProcessEnv): LnavInstall {
  const path = join(lnavConfigDir(env), 'formats', 'installed', `${LNAV_FORMAT_NAME}.json`);
  const text = lnavFormatText();
  const before = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (before === text) return { path, outcome: 'unchanged' };
  const what = 'lnav-format --install';
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw new UsageError(`${what}: cannot make ${dirname(path)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  writeFileAtomically(path, text, `${what}: ${path}`);
  return { path, outcome: before === null ? 'installed' : 'updated' };
}
