import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/** Another process that commits a `threads` row every 5 ms through SQLite, as a running Codex does. */
export async function startLiveWriter(path: string): Promise<ChildProcess> {
  const script = `
    const Database = require(process.argv[1]);
    const db = new Database(process.argv[2]);
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      "INSERT INTO threads (id, rollout_path, created_at, updated_at, source, model_provider, cwd, title, sandbox_policy, approval_mode) " +
      "VALUES (?, ?, 1778600000, 1778600000, 'vscode', 'openai', '/w', 't', '{}', 'never')");
    let n = 0;
    const commit = () => { n += 1; insert.run('live-' + n, '/r/live-' + n + '.jsonl'); };
    commit();
    process.stdout.write('ready\\n');
    const timer = setInterval(commit, 5);
    setTimeout(() => { clearInterval(timer); db.close(); }, 20000);
  `;
  const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const child = spawn(process.execPath, ['-e', script, betterSqlite, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('error', reject);
  });
  return child;
}
