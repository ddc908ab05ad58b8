/**
 * Codex's `codex-state` migrations 0001–0059 as schema statements, so that a built database has, for every table,
 * index and trigger, the very `sqlite_master.sql` text of a real `state_5.sqlite` at that version (checked against
 * the real databases of schema 17, 22, 29 and 42 in test/sources/state-db/builder.test.ts). Columns are added with
 * `ALTER TABLE … ADD COLUMN` as upstream does, which is what produces the `\n, cli_version TEXT …` tails of the
 * stored `CREATE TABLE` text. Data-moving statements are left out: a built database starts empty.
 */

export interface Migration {
  version: number;
  /** As sqlx stores it: the file name after the number, underscores read as spaces. */
  description: string;
  statements: string[];
}

const THREADS_TABLE = `CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    rollout_path TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    source TEXT NOT NULL,
    model_provider TEXT NOT NULL,
    cwd TEXT NOT NULL,
    title TEXT NOT NULL,
    sandbox_policy TEXT NOT NULL,
    approval_mode TEXT NOT NULL,
    tokens_used INTEGER NOT NULL DEFAULT 0,
    has_user_event INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    archived_at INTEGER,
    git_sha TEXT,
    git_branch TEXT,
    git_origin_url TEXT
)`;

const LOGS_TABLE = `CREATE TABLE logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts INTEGER NOT NULL,
    ts_nanos INTEGER NOT NULL,
    level TEXT NOT NULL,
    target TEXT NOT NULL,
    message TEXT,
    module_path TEXT,
    file TEXT,
    line INTEGER
)`;

const THREAD_DYNAMIC_TOOLS_TABLE = `CREATE TABLE thread_dynamic_tools (
    thread_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    input_schema TEXT NOT NULL,
    PRIMARY KEY(thread_id, position),
    FOREIGN KEY(thread_id) REFERENCES threads(id) ON DELETE CASCADE
)`;

const STAGE1_OUTPUTS_TABLE = `CREATE TABLE stage1_outputs (
    thread_id TEXT PRIMARY KEY,
    source_updated_at INTEGER NOT NULL,
    raw_memory TEXT NOT NULL,
    rollout_summary TEXT NOT NULL,
    generated_at INTEGER NOT NULL,
    FOREIGN KEY(thread_id) REFERENCES threads(id) ON DELETE CASCADE
)`;

const JOBS_TABLE = `CREATE TABLE jobs (
    kind TEXT NOT NULL,
    job_key TEXT NOT NULL,
    status TEXT NOT NULL,
    worker_id TEXT,
    ownership_token TEXT,
    started_at INTEGER,
    finished_at INTEGER,
    lease_until INTEGER,
    retry_at INTEGER,
    retry_remaining INTEGER NOT NULL,
    last_error TEXT,
    input_watermark INTEGER,
    last_success_watermark INTEGER,
    PRIMARY KEY (kind, job_key)
)`;

const BACKFILL_STATE_TABLE = `CREATE TABLE backfill_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    status TEXT NOT NULL,
    last_watermark TEXT,
    last_success_at INTEGER,
    updated_at INTEGER NOT NULL
)`;

const AGENT_JOBS_TABLE = `CREATE TABLE agent_jobs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    instruction TEXT NOT NULL,
    output_schema_json TEXT,
    input_headers_json TEXT NOT NULL,
    input_csv_path TEXT NOT NULL,
    output_csv_path TEXT NOT NULL,
    auto_export INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    started_at INTEGER,
    completed_at INTEGER,
    last_error TEXT
)`;

const AGENT_JOB_ITEMS_TABLE = `CREATE TABLE agent_job_items (
    job_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    row_index INTEGER NOT NULL,
    source_id TEXT,
    row_json TEXT NOT NULL,
    status TEXT NOT NULL,
    assigned_thread_id TEXT,
    attempt_count INTEGER NOT NULL DEFAULT 0,
    result_json TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    completed_at INTEGER,
    reported_at INTEGER,
    PRIMARY KEY (job_id, item_id),
    FOREIGN KEY(job_id) REFERENCES agent_jobs(id) ON DELETE CASCADE
)`;

const THREAD_SPAWN_EDGES_TABLE = `CREATE TABLE thread_spawn_edges (
    parent_thread_id TEXT NOT NULL,
    child_thread_id TEXT NOT NULL PRIMARY KEY,
    status TEXT NOT NULL
)`;

const REMOTE_CONTROL_ENROLLMENTS_TABLE = `CREATE TABLE remote_control_enrollments (
    websocket_url TEXT NOT NULL,
    account_id TEXT NOT NULL,
    app_server_client_name TEXT NOT NULL,
    server_id TEXT NOT NULL,
    environment_id TEXT NOT NULL,
    server_name TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (websocket_url, account_id, app_server_client_name)
)`;

const MILLIS_TRIGGERS = [
  `CREATE TRIGGER threads_created_at_ms_after_insert
AFTER INSERT ON threads
WHEN NEW.created_at_ms IS NULL
BEGIN
    UPDATE threads
    SET created_at_ms = NEW.created_at * 1000
    WHERE id = NEW.id;
END`,
  `CREATE TRIGGER threads_updated_at_ms_after_insert
AFTER INSERT ON threads
WHEN NEW.updated_at_ms IS NULL
BEGIN
    UPDATE threads
    SET updated_at_ms = NEW.updated_at * 1000
    WHERE id = NEW.id;
END`,
  `CREATE TRIGGER threads_created_at_ms_after_update
AFTER UPDATE OF created_at ON threads
WHEN NEW.created_at != OLD.created_at
 AND NEW.created_at_ms IS OLD.created_at_ms
BEGIN
    UPDATE threads
    SET created_at_ms = NEW.created_at * 1000
    WHERE id = NEW.id;
END`,
  `CREATE TRIGGER threads_updated_at_ms_after_update
AFTER UPDATE OF updated_at ON threads
WHEN NEW.updated_at != OLD.updated_at
 AND NEW.updated_at_ms IS OLD.updated_at_ms
BEGIN
    UPDATE threads
    SET updated_at_ms = NEW.updated_at * 1000
    WHERE id = NEW.id;
END`,
];

const DEVICE_KEY_BINDINGS_TABLE = `CREATE TABLE device_key_bindings (
    key_id TEXT PRIMARY KEY NOT NULL,
    account_user_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
)`;

const THREAD_GOALS_TABLE = `CREATE TABLE thread_goals (
    thread_id TEXT PRIMARY KEY NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    goal_id TEXT NOT NULL,
    objective TEXT NOT NULL,
    status TEXT NOT NULL CHECK(status IN ('active', 'paused', 'budget_limited', 'complete')),
    token_budget INTEGER,
    tokens_used INTEGER NOT NULL DEFAULT 0,
    time_used_seconds INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
)`;

const EXTERNAL_AGENT_CONFIG_IMPORTS_TABLE = `CREATE TABLE external_agent_config_imports (
    import_id TEXT PRIMARY KEY,
    completed_at_ms INTEGER NOT NULL,
    successes TEXT NOT NULL,
    failures TEXT NOT NULL
)`;

const RECENCY_TRIGGER = `CREATE TRIGGER threads_recency_at_after_insert
AFTER INSERT ON threads
WHEN NEW.recency_at_ms = 0
BEGIN
    UPDATE threads
    SET recency_at = NEW.updated_at,
        recency_at_ms = COALESCE(NEW.updated_at_ms, NEW.updated_at * 1000)
    WHERE id = NEW.id;
END`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'threads',
    statements: [
      THREADS_TABLE,
      'CREATE INDEX idx_threads_created_at ON threads(created_at DESC, id DESC)',
      'CREATE INDEX idx_threads_updated_at ON threads(updated_at DESC, id DESC)',
      'CREATE INDEX idx_threads_archived ON threads(archived)',
      'CREATE INDEX idx_threads_source ON threads(source)',
      'CREATE INDEX idx_threads_provider ON threads(model_provider)',
    ],
  },
  { version: 2, description: 'logs', statements: [LOGS_TABLE, 'CREATE INDEX idx_logs_ts ON logs(ts DESC, ts_nanos DESC, id DESC)'] },
  {
    version: 3,
    description: 'logs thread id',
    statements: ['ALTER TABLE logs ADD COLUMN thread_id TEXT', 'CREATE INDEX idx_logs_thread_id ON logs(thread_id)'],
  },
  {
    version: 4,
    description: 'thread dynamic tools',
    statements: [THREAD_DYNAMIC_TOOLS_TABLE, 'CREATE INDEX idx_thread_dynamic_tools_thread ON thread_dynamic_tools(thread_id)'],
  },
  { version: 5, description: 'threads cli version', statements: ["ALTER TABLE threads ADD COLUMN cli_version TEXT NOT NULL DEFAULT ''"] },
  {
    version: 6,
    description: 'memories',
    statements: [
      STAGE1_OUTPUTS_TABLE,
      'CREATE INDEX idx_stage1_outputs_source_updated_at\n    ON stage1_outputs(source_updated_at DESC, thread_id DESC)',
      JOBS_TABLE,
      'CREATE INDEX idx_jobs_kind_status_retry_lease\n    ON jobs(kind, status, retry_at, lease_until)',
    ],
  },
  {
    version: 7,
    description: 'threads first user message',
    statements: ["ALTER TABLE threads ADD COLUMN first_user_message TEXT NOT NULL DEFAULT ''"],
  },
  { version: 8, description: 'backfill state', statements: [BACKFILL_STATE_TABLE] },
  { version: 9, description: 'stage1 outputs rollout slug', statements: ['ALTER TABLE stage1_outputs ADD COLUMN rollout_slug TEXT'] },
  {
    version: 10,
    description: 'logs process id',
    statements: ['ALTER TABLE logs ADD COLUMN process_uuid TEXT', 'CREATE INDEX idx_logs_process_uuid ON logs(process_uuid)'],
  },
  {
    version: 11,
    description: 'logs partition prune indexes',
    statements: [
      'CREATE INDEX idx_logs_thread_id_ts ON logs(thread_id, ts DESC, ts_nanos DESC, id DESC)',
      'CREATE INDEX idx_logs_process_uuid_threadless_ts ON logs(process_uuid, ts DESC, ts_nanos DESC, id DESC)\nWHERE thread_id IS NULL',
    ],
  },
  {
    version: 12,
    description: 'logs estimated bytes',
    statements: ['ALTER TABLE logs ADD COLUMN estimated_bytes INTEGER NOT NULL DEFAULT 0'],
  },
  {
    version: 13,
    description: 'threads agent nickname',
    statements: ['ALTER TABLE threads ADD COLUMN agent_nickname TEXT', 'ALTER TABLE threads ADD COLUMN agent_role TEXT'],
  },
  {
    version: 14,
    description: 'agent jobs',
    statements: [
      AGENT_JOBS_TABLE,
      AGENT_JOB_ITEMS_TABLE,
      'CREATE INDEX idx_agent_jobs_status ON agent_jobs(status, updated_at DESC)',
      'CREATE INDEX idx_agent_job_items_status ON agent_job_items(job_id, status, row_index ASC)',
    ],
  },
  {
    version: 15,
    description: 'agent jobs max runtime seconds',
    statements: ['ALTER TABLE agent_jobs ADD COLUMN max_runtime_seconds INTEGER'],
  },
  {
    version: 16,
    description: 'memory usage',
    statements: ['ALTER TABLE stage1_outputs ADD COLUMN usage_count INTEGER', 'ALTER TABLE stage1_outputs ADD COLUMN last_usage INTEGER'],
  },
  {
    version: 17,
    description: 'phase2 selection flag',
    statements: ['ALTER TABLE stage1_outputs ADD COLUMN selected_for_phase2 INTEGER NOT NULL DEFAULT 0'],
  },
  {
    // The real v17 and v22 databases bracket `memory_mode`; upstream adds it with the phase-2 snapshot.
    version: 18,
    description: 'phase2 selection snapshot',
    statements: [
      'ALTER TABLE stage1_outputs ADD COLUMN selected_for_phase2_source_updated_at INTEGER',
      "ALTER TABLE threads ADD COLUMN memory_mode TEXT NOT NULL DEFAULT 'enabled'",
    ],
  },
  {
    version: 19,
    description: 'thread dynamic tools defer loading',
    statements: ['ALTER TABLE thread_dynamic_tools ADD COLUMN defer_loading INTEGER NOT NULL DEFAULT 0'],
  },
  {
    version: 20,
    description: 'threads model reasoning effort',
    statements: ['ALTER TABLE threads ADD COLUMN model TEXT', 'ALTER TABLE threads ADD COLUMN reasoning_effort TEXT'],
  },
  {
    version: 21,
    description: 'thread spawn edges',
    statements: [THREAD_SPAWN_EDGES_TABLE, 'CREATE INDEX idx_thread_spawn_edges_parent_status\n    ON thread_spawn_edges(parent_thread_id, status)'],
  },
  { version: 22, description: 'threads agent path', statements: ['ALTER TABLE threads ADD COLUMN agent_path TEXT'] },
  { version: 23, description: 'drop logs', statements: ['DROP TABLE logs'] },
  { version: 24, description: 'remote control enrollments', statements: [REMOTE_CONTROL_ENROLLMENTS_TABLE] },
  {
    version: 25,
    description: 'thread timestamps millis',
    statements: [
      'ALTER TABLE threads ADD COLUMN created_at_ms INTEGER',
      'ALTER TABLE threads ADD COLUMN updated_at_ms INTEGER',
      ...MILLIS_TRIGGERS,
      'CREATE INDEX idx_threads_created_at_ms ON threads(created_at_ms DESC, id DESC)',
      'CREATE INDEX idx_threads_updated_at_ms ON threads(updated_at_ms DESC, id DESC)',
    ],
  },
  {
    version: 26,
    description: 'thread dynamic tools namespace',
    statements: ['ALTER TABLE thread_dynamic_tools ADD COLUMN namespace TEXT'],
  },
  {
    version: 27,
    description: 'threads cwd sort indexes',
    statements: [
      'CREATE INDEX idx_threads_archived_cwd_created_at_ms ON threads(archived, cwd, created_at_ms DESC, id DESC)',
      'CREATE INDEX idx_threads_archived_cwd_updated_at_ms ON threads(archived, cwd, updated_at_ms DESC, id DESC)',
    ],
  },
  { version: 28, description: 'device key bindings', statements: [DEVICE_KEY_BINDINGS_TABLE] },
  { version: 29, description: 'thread goals', statements: [THREAD_GOALS_TABLE] },
  { version: 30, description: 'threads thread source', statements: ['ALTER TABLE threads ADD COLUMN thread_source TEXT'] },
  { version: 31, description: 'drop device key bindings', statements: ['DROP TABLE device_key_bindings'] },
  { version: 32, description: 'threads preview', statements: ["ALTER TABLE threads ADD COLUMN preview TEXT NOT NULL DEFAULT ''"] },
  // Upstream widens the `thread_goals.status` CHECK here; 0034 drops the table, and builds stop only at 17, 22,
  // 29 or 42, so no built database can show the widened table: only the migration row is recorded.
  { version: 33, description: 'thread goal stopped statuses', statements: [] },
  { version: 34, description: 'drop thread goals', statements: ['DROP TABLE thread_goals'] },
  { version: 35, description: 'drop memory tables', statements: ['DROP TABLE stage1_outputs', 'DROP TABLE jobs'] },
  {
    version: 36,
    description: 'threads visible sort indexes',
    statements: [
      "CREATE INDEX idx_threads_visible_created_at_ms\n    ON threads(archived, created_at_ms DESC)\n    WHERE preview <> ''",
      "CREATE INDEX idx_threads_visible_updated_at_ms\n    ON threads(archived, updated_at_ms DESC)\n    WHERE preview <> ''",
    ],
  },
  {
    version: 37,
    description: 'remote control enrollments enabled',
    statements: ['ALTER TABLE remote_control_enrollments ADD COLUMN remote_control_enabled INTEGER'],
  },
  { version: 38, description: 'external agent config imports', statements: [EXTERNAL_AGENT_CONFIG_IMPORTS_TABLE] },
  {
    version: 39,
    description: 'threads recency at',
    statements: [
      'ALTER TABLE threads ADD COLUMN recency_at INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE threads ADD COLUMN recency_at_ms INTEGER NOT NULL DEFAULT 0',
      RECENCY_TRIGGER,
      'CREATE INDEX idx_threads_recency_at_ms\n    ON threads(recency_at_ms DESC, id DESC)',
      'CREATE INDEX idx_threads_archived_cwd_recency_at_ms\n    ON threads(archived, cwd, recency_at_ms DESC, id DESC)',
      "CREATE INDEX idx_threads_visible_recency_at_ms\n    ON threads(archived, recency_at_ms DESC, id DESC)\n    WHERE preview <> ''",
    ],
  },
  {
    version: 40,
    description: 'threads history mode',
    statements: ["ALTER TABLE threads ADD COLUMN history_mode TEXT NOT NULL DEFAULT 'legacy'"],
  },
  { version: 41, description: 'threads name', statements: ['ALTER TABLE threads ADD COLUMN name TEXT'] },
  { version: 42, description: 'drop agent jobs', statements: ['DROP TABLE agent_job_items', 'DROP TABLE agent_jobs'] },
  // 0043–0050: upstream main at 343074d (2026-08-22); 0051–0055, 0058, 0059: index copies of later trees
  // (upstream-delta-2026-12.md D1/D2); 0056 from a third-party schema dump (T): its exact statements are unverified.
  {
    version: 43,
    description: 'threads is pinned',
    statements: [
      'ALTER TABLE threads ADD COLUMN is_pinned INTEGER NOT NULL DEFAULT 0',
      "CREATE INDEX idx_threads_pinned_recency_at_ms\n    ON threads(archived, recency_at_ms DESC, id DESC)\n    WHERE is_pinned = 1 AND preview <> ''",
    ],
  },
  {
    version: 44,
    description: 'external agent config imports provider id',
    statements: ['ALTER TABLE external_agent_config_imports\nADD COLUMN provider_id TEXT'],
  },
  {
    version: 45,
    description: 'threads section',
    statements: [
      'CREATE TABLE thread_sections (\n    id TEXT PRIMARY KEY,\n    name TEXT NOT NULL\n)',
      // Not data moving: the section every database has from this version on.
      "INSERT INTO thread_sections (id, name)\nVALUES ('01984de2-8f74-7c91-a3b2-5c5e937cf318', 'Pinned')",
      'ALTER TABLE threads ADD COLUMN thread_section_id TEXT\n    REFERENCES thread_sections(id) ON DELETE SET NULL',
      "CREATE INDEX idx_threads_section_recency_at_ms\n    ON threads(archived, thread_section_id, recency_at_ms DESC, id DESC)\n    WHERE thread_section_id IS NOT NULL AND preview <> ''",
    ],
  },
  {
    version: 46,
    description: 'threads section order',
    statements: [
      'ALTER TABLE threads ADD COLUMN section_position INTEGER',
      'ALTER TABLE threads ADD COLUMN section_entered_at_ms INTEGER',
      "CREATE INDEX idx_threads_section_position\n    ON threads(archived, thread_section_id, section_position ASC, id ASC)\n    WHERE thread_section_id IS NOT NULL AND preview <> ''",
    ],
  },
  {
    version: 47,
    description: 'rollout migration state',
    statements: [
      'CREATE TABLE rollout_migration_state (\n    migration_id TEXT PRIMARY KEY,\n    last_checked_thread_created_at INTEGER,\n    last_checked_thread_id TEXT,\n    updated_at INTEGER NOT NULL\n)',
      'CREATE TABLE rollout_migration_skipped_rollouts (\n    migration_id TEXT NOT NULL,\n    rollout_path TEXT NOT NULL,\n    rollout_size_bytes INTEGER NOT NULL,\n    rollout_modified_at_ns INTEGER NOT NULL,\n    skip_reason TEXT NOT NULL,\n    skipped_at INTEGER NOT NULL,\n    PRIMARY KEY (migration_id, rollout_path)\n)',
    ],
  },
  { version: 48, description: 'thread section appearance', statements: ['ALTER TABLE thread_sections ADD COLUMN appearance TEXT'] },
  {
    version: 49,
    description: 'projects',
    statements: [
      "CREATE TABLE projects (\n    id TEXT PRIMARY KEY,\n    name TEXT NOT NULL,\n    metadata TEXT NOT NULL DEFAULT '{}',\n    position INTEGER NOT NULL,\n    created_at_ms INTEGER NOT NULL,\n    updated_at_ms INTEGER NOT NULL\n)",
      'CREATE TABLE project_roots (\n    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,\n    position INTEGER NOT NULL,\n    path TEXT NOT NULL,\n    PRIMARY KEY (project_id, position)\n)',
      'CREATE TABLE project_idempotency_keys (\n    key TEXT PRIMARY KEY,\n    project_id TEXT NOT NULL,\n    created_at_ms INTEGER NOT NULL\n)',
      'ALTER TABLE threads ADD COLUMN project_id TEXT\n    REFERENCES projects(id) ON DELETE SET NULL',
      'CREATE INDEX idx_projects_position\n    ON projects(position ASC, id ASC)',
      'CREATE INDEX idx_threads_project_id\n    ON threads(project_id, archived, created_at_ms DESC, id DESC)\n    WHERE project_id IS NOT NULL',
    ],
  },
  {
    version: 50,
    description: 'threads section empty preview indexes',
    statements: [
      'DROP INDEX idx_threads_section_recency_at_ms',
      'DROP INDEX idx_threads_section_position',
      'CREATE INDEX idx_threads_section_recency_at_ms\n    ON threads(archived, thread_section_id, recency_at_ms DESC, id DESC)\n    WHERE thread_section_id IS NOT NULL',
      'CREATE INDEX idx_threads_section_position\n    ON threads(archived, thread_section_id, section_position ASC, id ASC)\n    WHERE thread_section_id IS NOT NULL',
    ],
  },
  {
    version: 51,
    description: 'thread artifacts',
    statements: [
      'CREATE TABLE thread_artifacts (\n    id TEXT PRIMARY KEY,\n    thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,\n    artifact_type TEXT NOT NULL,\n    identity_key TEXT NOT NULL,\n    payload TEXT NOT NULL,\n    created_at INTEGER NOT NULL,\n    UNIQUE (thread_id, artifact_type, identity_key)\n)',
      'CREATE INDEX idx_thread_artifacts_thread_created_id\n    ON thread_artifacts(thread_id, created_at, id)',
    ],
  },
  {
    version: 52,
    description: 'projects recency',
    statements: ['CREATE INDEX idx_threads_project_recency\n    ON threads(project_id, recency_at_ms DESC)\n    WHERE archived = 0 AND project_id IS NOT NULL'],
  },
  { version: 53, description: 'threads originator', statements: ['ALTER TABLE threads ADD COLUMN originator TEXT'] },
  { version: 54, description: 'threads daybreak enabled', statements: ['ALTER TABLE threads ADD COLUMN daybreak_enabled BOOLEAN'] },
  {
    version: 55,
    description: 'thread attachments',
    statements: [
      'ALTER TABLE thread_artifacts RENAME TO thread_attachments',
      'ALTER TABLE thread_attachments RENAME COLUMN artifact_type TO attachment_type',
      'DROP INDEX idx_thread_artifacts_thread_created_id',
      'CREATE INDEX idx_thread_attachments_thread_created_id\n    ON thread_attachments(thread_id, created_at, id)',
    ],
  },
  {
    version: 56,
    description: 'threads creator identity',
    statements: ['ALTER TABLE threads ADD COLUMN creator_user_id TEXT', 'ALTER TABLE threads ADD COLUMN creator_account_id TEXT'],
  },
  // Data only (guardian rows renamed): nothing to create in an empty database.
  { version: 57, description: 'cleanup guardian thread metadata', statements: [] },
  {
    version: 58,
    description: 'threads archive sort indexes',
    statements: [
      'CREATE INDEX idx_threads_archive_created_at_ms\n    ON threads(archived, created_at_ms DESC, id DESC)\n    WHERE archived = 1',
      'CREATE INDEX idx_threads_archive_updated_at_ms\n    ON threads(archived, updated_at_ms DESC, id DESC)\n    WHERE archived = 1',
      'CREATE INDEX idx_threads_archive_recency_at_ms\n    ON threads(archived, recency_at_ms DESC, id DESC)\n    WHERE archived = 1',
    ],
  },
  {
    version: 59,
    description: 'thread attachment reverse lookup',
    statements: ['CREATE INDEX idx_thread_attachments_identity_thread\n    ON thread_attachments(attachment_type, identity_key, thread_id)'],
  },
];
