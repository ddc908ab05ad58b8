import { isDirectory } from '../../util/path-kind.js';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { STATE_DB_FILE_NAME } from '../state-db/locate.js';

type CodexHomeOrigin = 'argument' | 'inside-logs-dir' | 'CODEX_HOME' | 'default';

export interface CodexHomeChoice {
  path: string;
  origin: CodexHomeOrigin;
  exists: boolean;
}

/** How deep below LOGS_DIR a copied home is looked for (`bundle/`, `bundle/home/.codex/`). */
const MAX_SEARCH_DEPTH = 3;
/** Desktop log folders are named by date; they never hold a home, and there can be thousands of them. */
const DATE_FOLDER = /^\d{2,4}$/;

/**
 * The Codex home to join the logs with, in the order the README documents: `--codex-home`, a home inside LOGS_DIR
 * (so a copied bug-report bundle, or sample-logs/, works with one argument), `$CODEX_HOME`, `~/.codex`.
 */
export function chooseCodexHome(opts: { argument: string | null; logsDir: string | null; env: NodeJS.ProcessEnv; home?: string }): CodexHomeChoice {
  if (opts.argument !== null) {
    const path = resolve(opts.argument);
    return { path, origin: 'argument', exists: isDirectory(path) };
  }
  if (opts.logsDir !== null) {
    const found = findHomeInside(resolve(opts.logsDir));
    if (found !== null) return { path: found, origin: 'inside-logs-dir', exists: true };
  }
  const fromEnv = opts.env['CODEX_HOME'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const path = resolve(fromEnv);
    return { path, origin: 'CODEX_HOME', exists: isDirectory(path) };
  }
  const path = join(opts.home ?? homedir(), '.codex');
  return { path, origin: 'default', exists: isDirectory(path) };
}

/** A folder that holds `state_5.sqlite` or `sessions/`: LOGS_DIR itself, or the shallowest one below it. */
export function findHomeInside(root: string): string | null {
  let level = [root];
  for (let depth = 0; depth <= MAX_SEARCH_DEPTH && level.length > 0; depth += 1) {
    const next: string[] = [];
    for (const dir of level) {
      if (looksLikeCodexHome(dir)) return dir;
      next.push(...childFolders(dir));
    }
    level = next;
  }
  return null;
}

/**
 * The home below a folder that is not one itself (a home copied with its parent folder, `…/dotfiles/.codex`), for
 * a hint: it is never read in place of the folder the user named. Only for a folder the user named, by argument or
 * $CODEX_HOME: the default ~/.codex is what Codex itself uses, and its worktrees are no place to look.
 */
export function homeBelow(choice: CodexHomeChoice): string | null {
  if (!choice.exists || (choice.origin !== 'argument' && choice.origin !== 'CODEX_HOME') || looksLikeCodexHome(choice.path)) return null;
  return findHomeInside(choice.path);
}

function looksLikeCodexHome(dir: string): boolean {
  return existsSync(join(dir, STATE_DB_FILE_NAME)) || isDirectory(join(dir, 'sessions'));
}

function childFolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !DATE_FOLDER.test(entry.name) && entry.name !== 'node_modules')
      .map((entry) => join(dir, entry.name))
      .sort();
  } catch {
    return [];
  }
}
