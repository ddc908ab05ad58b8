-- codex-logs repair plan for sample/codex-home/state_5.sqlite (schema 29)
-- Dry run: nothing was changed. `codex-logs repair --apply` backs up the database and runs this in one transaction.

BEGIN;

-- missing-thread-row <id-1>: restore the threads row from sessions/2026/05/03/rollout-2026-05-03T10-10-31-<id-1>.jsonl (26 columns, derived as Codex derives them)
INSERT INTO threads (id, rollout_path, created_at, updated_at, source, model_provider, cwd, title, sandbox_policy, approval_mode, tokens_used, has_user_event, archived, archived_at, git_sha, git_branch, git_origin_url, cli_version, first_user_message, agent_nickname, agent_role, model, reasoning_effort, agent_path, created_at_ms, updated_at_ms) VALUES ('<id-1>', '/Users/alice/.codex/sessions/2026/05/03/rollout-2026-05-03T10-10-31-<id-1>.jsonl', 1777795831, 1777800622, 'vscode', 'openai', '/Users/alice/code/invoice-service', 'Fix rounding in tax lines', '{"type":"workspace-write","writable_roots":[],"network_access":false,"exclude_tmpdir_env_var":false,"exclude_slash_tmp":false}', 'on-request', 0, 1, 0, NULL, '3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39', 'main', 'https://github.com/example/sample-app.git', '0.128.0-alpha.1', 'Fix rounding in tax lines', NULL, NULL, 'gpt-5.5', 'medium', NULL, 1777795831902, 1777800622000);

COMMIT;

-- Not repairable here:
-- * unpersisted-conversation <id-2>: Nothing on disk can restore this conversation: it never had a threads row or a rollout. What remains is the evidence below.
--     sample/desktop-logs/2026/05/03/codex-desktop-<id-3>-5121-t0-i1-075509-0.log:14
--     sample/desktop-logs/2026/05/03/codex-desktop-<id-3>-5121-t0-i1-075509-0.log:15
--     sample/desktop-logs/2026/05/03/codex-desktop-<id-3>-5121-t0-i1-075509-0.log:16
--     sample/desktop-logs/2026/05/03/codex-desktop-<id-3>-5121-t0-i1-075509-0.log:17
-- * unpersisted-conversation <id-4>: Nothing on disk can restore this conversation: it never had a threads row or a rollout. What remains is the evidence below.
--     sample/desktop-logs/2026/05/03/codex-desktop-<id-3>-5121-t0-i1-075509-0.log:20
--     sample/desktop-logs/2026/05/03/codex-desktop-<id-3>-5121-t0-i1-075509-0.log:21
--     sample/desktop-logs/2026/05/03/codex-desktop-<id-3>-5121-t0-i1-075509-0.log:22
-- * unpersisted-turns <id-5>: These turns never reached disk and nothing can restore them; the conversation itself is intact up to its last write. What remains is the evidence below.
--     sample/codex-home/sessions/2026/05/04/rollout-2026-05-04T10-35-00-<id-5>.jsonl:1
--     sample/desktop-logs/2026/05/04/codex-desktop-<id-6>-7433-t0-i1-083002-0.log:16
--     sample/desktop-logs/2026/05/04/codex-desktop-<id-6>-7433-t0-i1-083002-0.log:17
-- * sidebar-catalog-missing <id-7>: Nothing is lost and nothing in state_5.sqlite needs changing: the conversation opens by id (`codex resume <id>`). The sidebar shows it again once Desktop rebuilds its catalog: restart Codex; if that is not enough, quit Codex and move sqlite/codex-dev.db (with -wal/-shm) aside before starting it.
--     sample/codex-home/state_5.sqlite
--     sample/codex-home/sqlite/codex-dev.db
