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
export function toThreadRow(cells: Readonly<Partial<Record<ThreadColumn, unknown>>>, intern: Interner = (v) => v): ThreadRow {
  // Codex fills title and preview from the first message: equal texts are held once.
  const firstUserMessage = cellToText(cells['first_user_message']);
  const title = sameOr(cellToText(cells['title']), firstUserMessage);
  return {
    id: cellToText(cells['id']) ?? '',
    rolloutPath: cellToText(cells['rollout_path']) ?? '',
    createdAt: cellToNumber(cells['created_at']),
    updatedAt: cellToNumber(cells['updated_at']),
    createdAtMs: cellToNumber(cells['created_at_ms']),
    updatedAtMs: cellToNumber(cells['updated_at_ms']),
    source: intern(cellToText(cells['source'])) ?? '',
    modelProvider: intern(cellToText(cells['model_provider'])),
    cwd: intern(cellToText(cells['cwd'])),
    title,
    archived: cellToBoolean(cells['archived']),
    archivedAt: cellToNumber(cells['archived_at']),
    cliVersion: intern(cellToText(cells['cli_version'])),
    firstUserMessage,
    agentNickname: cellToText(cells['agent_nickname']),
    agentRole: intern(cellToText(cells['agent_role'])),
    agentPath: cellToText(cells['agent_path']),
    model: intern(cellToText(cells['model'])),
    threadSource: intern(cellToText(cells['thread_source'])),
    preview: sameOr(cellToText(cells['preview']), title, firstUserMessage),
    historyMode: intern(cellToText(cells['history_mode'])),
    name: cellToText(cells['name']),
    tokensUsed: cellToNumber(cells['tokens_used']),
  };
}

function sameOr(value: string | null, ...others: (string | null)[]): string | null {
  return others.find((other) => other !== null && other === value) ?? value;
}
