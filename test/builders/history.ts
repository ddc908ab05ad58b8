/**
 * Writes `history.jsonl` as the Codex CLI and TUI append to it: one `{session_id, ts, text}` line per submitted
 * prompt, `ts` in unix seconds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PromptSpec {
  sessionId: string;
  /** Epoch ms; written as whole unix seconds, as Codex does. */
  at: number;
  text?: string;
}

/** Writes `<codexHome>/history.jsonl`, `extraLines` appended verbatim; returns its path. */
export function writeHistory(codexHome: string, prompts: readonly PromptSpec[], extraLines: readonly string[] = []): string {
  const path = join(codexHome, 'history.jsonl');
  const lines = prompts.map((p, i) => JSON.stringify({ session_id: p.sessionId, ts: Math.floor(p.at / 1000), text: p.text ?? `prompt ${i}` }));
  writeFileSync(path, [...lines, ...extraLines].map((l) => `${l}\n`).join(''));
  return path;
}
