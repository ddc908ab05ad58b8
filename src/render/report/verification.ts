import type { Environment } from '../../model/environment.js';

const LOG_FOLDERS: Record<string, string> = {
  macOS: '~/Library/Logs/com.openai.codex',
  Linux: '~/.local/state/codex/logs',
  Windows: '"$LOCALAPPDATA/Codex/Logs"',
};

/**
 * The commands people paste into bug reports by hand, filled in with the real ids, so a maintainer can check every
 * claim on the affected machine. POSIX shell (Git Bash or WSL on Windows).
 */
export function verificationCommands(ids: readonly string[], env: Environment, sidebarIds: readonly string[] = []): string {
  const list = ids.map((id) => `'${id}'`).join(', ');
  const names = ids.map((id) => `-name '*${id}*'`).join(' -o ');
  const greps = ids.map((id) => `-e '${id}'`).join(' ');
  const logs = LOG_FOLDERS[env.os] ?? LOG_FOLDERS.macOS;
  return [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, printed for the user's shell
    'CODEX_HOME="${CODEX_HOME:-$HOME/.codex}"',
    '',
    '# 1. threads rows (a missing line means a missing row)',
    `sqlite3 -readonly "$CODEX_HOME/state_5.sqlite" "SELECT id, rollout_path, archived, created_at, updated_at FROM threads WHERE id IN (${list});"`,
    '',
    '# 2. rollout files, active, archived or compressed',
    `find "$CODEX_HOME/sessions" "$CODEX_HOME/archived_sessions" \\( ${names} \\) -print`,
    '',
    '# 3. what Codex Desktop logged about them',
    `grep -rn ${greps} ${logs}`,
    ...(sidebarIds.length === 0
      ? []
      : [
          '',
          '# 4. the Desktop sidebar catalog (a missing line means the sidebar does not list the conversation)',
          `sqlite3 -readonly "$CODEX_HOME/sqlite/codex-dev.db" "SELECT host_id, thread_id, missing_candidate FROM local_thread_catalog WHERE thread_id IN (${sidebarIds.map((id) => `'${id}'`).join(', ')}); SELECT * FROM local_thread_catalog_sync_state;"`,
        ]),
  ].join('\n');
}
