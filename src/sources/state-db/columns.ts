import { cellToBoolean, cellToNumber, cellToText } from './coerce.js';
import type { Interner } from '../intern.js';
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
 * `intern` shares the values that repeat from row to row (source, cwd, model, …).
 */
export function toThreadRow(cells: Record<string, unknown>, intern: Interner = (v) => v): ThreadRow {
  const text = (c: ThreadColumn): string | null => cellToText(cells[c]);
  const shared = (c: ThreadColumn): string | null => intern(cellToText(cells[c]));
  const num = (c: ThreadColumn): number | null => cellToNumber(cells[c]);
  // Codex fills title and preview from the first message: equal texts are held once.
  const firstUserMessage = text('first_user_message');
  const title = sameOr(text('title'), firstUserMessage);
  return {
    id: text('id') ?? '',
    rolloutPath: text('rollout_path') ?? '',
    createdAt: num('created_at'),
    updatedAt: num('updated_at'),
    createdAtMs: num('created_at_ms'),
    updatedAtMs: num('updated_at_ms'),
    source: shared('source') ?? '',
    modelProvider: shared('model_provider'),
    cwd: shared('cwd'),
    title,
    archived: cellToBoolean(cells['archived']),
    archivedAt: num('archived_at'),
    cliVersion: shared('cli_version'),
    firstUserMessage,
    agentNickname: text('agent_nickname'),
    agentRole: shared('agent_role'),
    agentPath: text('agent_path'),
    model: shared('model'),
    threadSource: shared('thread_source'),
    preview: sameOr(text('preview'), title, firstUserMessage),
    historyMode: shared('history_mode'),
    name: text('name'),
    tokensUsed: num('tokens_used'),
  };
}

function sameOr(value: string | null, ...others: (string | null)[]): string | null {
  return others.find((other) => other !== null && other === value) ?? value;
}
