/**
 * Writes `session_index.jsonl` as Codex appends to it when a thread is named: `{id, thread_name, updated_at}` a
 * line. Real writers emit 7 (Windows) or 9 fractional-second digits; `fractionDigits` picks how many.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface IndexLineSpec {
  id: string;
  threadName: string;
  /** Epoch ms. */
  updatedAt: number;
}

/** An ISO stamp with `digits` fractional digits (digits past the milliseconds are filled with 7s). */
function indexStamp(ms: number, digits: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 20)}${iso.slice(20, 23).padEnd(digits, '7').slice(0, digits)}Z`;
}

export function writeSessionIndex(codexHome: string, lines: readonly IndexLineSpec[], fractionDigits = 9): string {
  const path = join(codexHome, 'session_index.jsonl');
  writeFileSync(
    path,
    lines.map((l) => `${JSON.stringify({ id: l.id, thread_name: l.threadName, updated_at: indexStamp(l.updatedAt, fractionDigits) })}\n`).join(''),
  );
  return path;
}
