import { join, resolve } from 'node:path';

export const STATE_DB_FILE_NAME = 'state_5.sqlite';

/**
 * Where Codex keeps `state_5.sqlite`: `$CODEX_SQLITE_HOME` when set and non-empty (a relative value is resolved
 * against the current directory, as Codex does), otherwise the Codex home. The `sqlite_home` config key is not
 * read here.
 */
export function stateDbPath(codexHome: string, env: NodeJS.ProcessEnv): string {
  const sqliteHome = env['CODEX_SQLITE_HOME'];
  const dir = sqliteHome !== undefined && sqliteHome !== '' ? resolve(process.cwd(), sqliteHome) : codexHome;
  return join(dir, STATE_DB_FILE_NAME);
}
