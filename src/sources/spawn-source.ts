import { normalizeThreadId } from './thread-id.js';
import { isObject } from '../util/text.js';

/**
 * The parent a subagent's `threads.source` names: `{"subagent":{"thread_spawn":{"parent_thread_id":…}}}` as JSON text.
 * Other sources (`cli`, `vscode`, other subagents) have none.
 */
export function spawnParentOfSource(source: string | null): string | null {
  const value = source === null ? null : parseObject(source);
  if (!isObject(value) || !isObject(value.subagent)) return null;
  const spawn = value.subagent.thread_spawn;
  return isObject(spawn) && typeof spawn.parent_thread_id === 'string' ? normalizeThreadId(spawn.parent_thread_id) : null;
}

function parseObject(text: string): unknown {
  if (!text.startsWith('{')) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
