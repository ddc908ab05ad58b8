import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import split2 from 'split2';
import { normalizeThreadId } from '../thread-id.js';

/** Files of the Codex home beside the rollouts and the state DB that some detectors look at. */
export interface HomeExtras {
  /** `.tmp/rollout-compression.lock`, Codex's compression worker lock (B), when present. */
  compressionLock: { path: string; mtimeMs: number } | null;
  /** Distinct ids named in `session_index.jsonl` (thread names), with the line that last named each. */
  /** `names`: each id's latest `thread_name`, the name the user gave it (at most 120 characters). */
  sessionIndex: { path: string; ids: Map<string, number>; updatedAtMs: Map<string, number>; names: Map<string, string>; badLines: number } | null;
}

export async function readHomeExtras(codexHome: string): Promise<HomeExtras> {
  return {
    compressionLock: lockOf(join(codexHome, '.tmp', 'rollout-compression.lock')),
    sessionIndex: await readSessionIndex(join(codexHome, 'session_index.jsonl')),
  };
}

function lockOf(path: string): HomeExtras['compressionLock'] {
  try {
    const st = statSync(path);
    return st.isFile() ? { path, mtimeMs: st.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** `{id, thread_name, updated_at}` per line, append-only, the last line for an id wins (codex-formats.md §3.4). */
async function readSessionIndex(path: string): Promise<HomeExtras['sessionIndex']> {
  try {
    if (!statSync(path).isFile()) return null;
  } catch {
    return null;
  }
  const ids = new Map<string, number>();
  const updatedAtMs = new Map<string, number>();
  const names = new Map<string, string>();
  let badLines = 0;
  let lineNo = 0;
  await pipeline(createReadStream(path), split2(), async (lines: AsyncIterable<string>) => {
    for await (const line of lines) {
      lineNo += 1;
      if (line.trim() === '') continue;
      try {
        const value = JSON.parse(line) as { id?: unknown; updated_at?: unknown; thread_name?: unknown };
        const id = typeof value.id === 'string' ? normalizeThreadId(value.id) : null;
        if (id === null) badLines += 1;
        else {
          ids.set(id, lineNo);
          const at = typeof value.updated_at === 'string' ? indexTimeMs(value.updated_at) : null;
          if (at === null) updatedAtMs.delete(id);
          else updatedAtMs.set(id, at);
          if (typeof value.thread_name === 'string' && value.thread_name.trim() !== '') names.set(id, value.thread_name.trim().slice(0, 120));
        }
      } catch {
        badLines += 1;
      }
    }
  }).catch(() => {
    badLines += 1;
  });
  return { path, ids, updatedAtMs, names, badLines };
}

/** `updated_at` has 7 fractional digits from Windows writers and 9 from others: cut to the milliseconds first. */
function indexTimeMs(text: string): number | null {
  const ms = Date.parse(text.replace(/^(.*T\d\d:\d\d:\d\d\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? ms : null;
}
