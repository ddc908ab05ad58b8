import { cellToBoolean, cellToNumber, cellToText } from './coerce.js';
import type { ThreadRow } from './types.js';

/** The `threads` columns codex-logs reads. A schema version may lack some; their fields stay null. */
export const THREAD_COLUMNS = [
  'id',
  'rollout_path',
  'created_at',
  'updated_at',
  'created_at_ms',
  'updated_at_ms',
  'source',
  'model_provider',
  'cwd',
  'title',
  'archived',
  'archived_at',
  'cli_version',
  'first_user_message',
  'agent_nickname',
  'agent_role',
  'agent_path',
  'model',
  'thread_source',
  'preview',
  'history_mode',
  'name',
  'tokens_used',
] as const;

export type ThreadColumn = (typeof THREAD_COLUMNS)[number];

/**
 * A raw row (cells keyed by column name) as a ThreadRow. The three NOT NULL text fields of the record
 * (`id`, `rollout_path`, `source`) become `''` when the cell is NULL, so the row still reaches the analysis.
 */
export function toThreadRow(cells: Record<string, unknown>): ThreadRow {
  const text = (c: ThreadColumn): string | null => cellToText(cells[c]);
  const num = (c: ThreadColumn): number | null => cellToNumber(cells[c]);
  return {
    id: text('id') ?? '',
    rolloutPath: text('rollout_path') ?? '',
    createdAt: num('created_at'),
    updatedAt: num('updated_at'),
    createdAtMs: num('created_at_ms'),
    updatedAtMs: num('updated_at_ms'),
    source: text('source') ?? '',
    modelProvider: text('model_provider'),
    cwd: text('cwd'),
    title: text('title'),
    archived: cellToBoolean(cells['archived']),
    archivedAt: num('archived_at'),
    cliVersion: text('cli_version'),
    firstUserMessage: text('first_user_message'),
    agentNickname: text('agent_nickname'),
    agentRole: text('agent_role'),
    agentPath: text('agent_path'),
    model: text('model'),
    threadSource: text('thread_source'),
    preview: text('preview'),
    historyMode: text('history_mode'),
    name: text('name'),
    tokensUsed: num('tokens_used'),
  };
}
