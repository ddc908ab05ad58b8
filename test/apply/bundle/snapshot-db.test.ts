import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEFT_OUT, snapshotDatabase } from '../../../src/apply/bundle/snapshot-db.js';
import { readLogDbThreads } from '../../../src/sources/log-db/threads.js';
import { readStateDb } from '../../../src/sources/state-db/read.js';
import { makeThreadId } from '../../builders/rollouts.js';
import { buildLooseDb, buildStateDb, type SchemaVersion } from '../../builders/state-db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-snapshot-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const id = makeThreadId(Date.parse('2026-05-03T08:00:00Z'), 'snap');
const walId = makeThreadId(Date.parse('2026-05-03T09:00:00Z'), 'wal');
const PROMPT = 'Quince paste for the quarterly numbers';

describe('snapshotDatabase', () => {
  it.each([17, 29, 42] as SchemaVersion[])(
    'schema %i: content blanked where the schema has it, paths redacted alike, -wal rows in, no old text in any page',
    async (version) => {
      const source = join(dir, 'home', 'state_5.sqlite');
      // Long enough for overflow pages: freed, they would keep the text until VACUUM.
      const long = `${PROMPT} `.repeat(300);
      const seed = {
        rolloutPath: '/Users/quentin/.codex/sessions/2026/05/03/r.jsonl',
        cwd: '/Users/quentin/src',
        title: PROMPT,
        firstUserMessage: long,
        preview: long,
      };
      buildStateDb(source, {
        schemaVersion: version,
        threads: [{ id, ...seed }],
        walOnlyThreads: [{ id: walId, ...seed, firstUserMessage: '', preview: '', title: '' }],
      });
      const dest = join(dir, 'snapshot.sqlite');
      const snap = await snapshotDatabase(source, dest, { includeContent: false });
      expect(snap.walIncluded).toBe(true);
      const bytes = readFileSync(dest).toString('latin1');
      expect(bytes).not.toContain('Quince');
      expect(bytes).not.toContain('quentin');
      const read = readStateDb(dest);
      if (read.status !== 'ok') throw new Error(read.status);
      const [row, walRow] = read.threads;
      expect(row).toMatchObject({
        id,
        rolloutPath: '/Users/<user>/.codex/sessions/2026/05/03/r.jsonl',
        cwd: '/Users/<user>/src',
        title: LEFT_OUT,
        firstUserMessage: LEFT_OUT,
      });
      expect(row!.preview).toBe(version >= 32 ? LEFT_OUT : null);
      // Empty stays empty: the sidebar's "no preview" (F17) reads the same.
      expect(walRow).toMatchObject({ id: walId, firstUserMessage: '' });
      expect(Object.keys(snap.blanked).sort()).toEqual(
        version >= 32 ? ['threads.first_user_message', 'threads.preview', 'threads.title'] : ['threads.first_user_message', 'threads.title'],
      );
    },
  );

  it('log bodies keep only the user-input markers the analysis counts', async () => {
    const source = join(dir, 'logs_2.sqlite');
    const row = (n: number, body: string) => ({
      id: n,
      ts: 1_778_000_000 + n,
      ts_nanos: 0,
      level: 'INFO',
      target: 't',
      feedback_log_body: body,
      thread_id: id,
    });
    buildLooseDb(source, {
      logs: { rows: [row(1, `op.dispatch.user_input text="${PROMPT}"`), row(2, `tool output ${PROMPT}`), row(3, 'codex.op="user_turn" x')] },
    });
    mkdirSync(join(dir, 'out'));
    const dest = join(dir, 'out', 'logs_2.sqlite');
    await snapshotDatabase(source, dest, { includeContent: false });
    expect(readFileSync(dest).toString('latin1')).not.toContain('Quince');
    const strip = (t: ReturnType<typeof readLogDbThreads>) => t.threads.map(({ file: _file, ...rest }) => rest);
    expect(strip(readLogDbThreads(join(dir, 'out')))).toEqual(strip(readLogDbThreads(dir)));
    const db = new Database(dest, { readonly: true });
    expect(db.prepare('SELECT feedback_log_body FROM logs ORDER BY id').pluck().all()).toEqual(['op.dispatch.user_input', LEFT_OUT, 'codex.op="user_turn"']);
    db.close();
  });

  it('blanks the content and identity of the other tables older schemas keep (memories, agent jobs, goals, enrollments)', async () => {
    const source = join(dir, 'state_5.sqlite');
    const secret = `${PROMPT} acct-Xq93`;
    buildStateDb(source, {
      schemaVersion: 29,
      threads: [{ id, rolloutPath: '/r.jsonl' }],
      rows: {
        stage1_outputs: [{ thread_id: id, source_updated_at: 1, raw_memory: secret, rollout_summary: secret, generated_at: 1 }],
        agent_jobs: [
          {
            id: 'j1',
            name: 'job',
            status: 'done',
            instruction: secret,
            input_headers_json: secret,
            input_csv_path: '/in.csv',
            output_csv_path: '/out.csv',
            created_at: 1,
            updated_at: 1,
          },
        ],
        agent_job_items: [{ job_id: 'j1', item_id: 'i1', row_index: 0, row_json: secret, status: 'done', result_json: secret, created_at: 1, updated_at: 1 }],
        thread_goals: [{ thread_id: id, goal_id: 'g', objective: secret, status: 'active', created_at_ms: 1, updated_at_ms: 1 }],
        remote_control_enrollments: [
          {
            websocket_url: `wss://x/${secret}`,
            account_id: secret,
            app_server_client_name: 'desktop',
            server_id: secret,
            environment_id: secret,
            server_name: secret,
            updated_at: 1,
          },
        ],
        device_key_bindings: [{ key_id: secret, account_user_id: secret, client_id: secret, created_at: 1, updated_at: 1 }],
        jobs: [{ kind: 'k', job_key: 'j', status: 's', worker_id: secret, ownership_token: secret, retry_remaining: 0 }],
      },
    });
    for (const includeContent of [false, true]) {
      const dest = join(dir, `snapshot-${includeContent}.sqlite`);
      await snapshotDatabase(source, dest, { includeContent });
      const bytes = readFileSync(dest).toString('latin1');
      expect(bytes.includes('acct-Xq93')).toBe(includeContent);
      const db = new Database(dest, { readonly: true });
      expect(db.prepare('SELECT account_id, server_name FROM remote_control_enrollments').raw().get()).toEqual([LEFT_OUT, LEFT_OUT]);
      db.close();
    }
  });

  it('with content, keeps the text but still redacts it', async () => {
    const source = join(dir, 'state_5.sqlite');
    buildStateDb(source, { schemaVersion: 42, threads: [{ id, rolloutPath: '/r.jsonl', title: `${PROMPT} for nina@example.com` }] });
    const dest = join(dir, 'snapshot.sqlite');
    await snapshotDatabase(source, dest, { includeContent: true });
    const read = readStateDb(dest);
    expect(read.status === 'ok' && read.threads[0]!.title).toBe(`${PROMPT} for <email>`);
  });
});
