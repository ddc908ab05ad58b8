/**
 * Import tools write `threads` rows directly, so any cell can hold any SQLite type: NULL in a NOT NULL column,
 * text in an INTEGER column, a BLOB anywhere. These turn a raw cell (read with safe integers, so integers arrive
 * as bigint) into the shape the record wants, without throwing.
 */

const NUMERIC_TEXT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

export function cellToNumber(cell: unknown): number | null {
  if (typeof cell === 'bigint') return Number(cell);
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell === 'string' && NUMERIC_TEXT.test(cell)) {
    const n = Number(cell);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function cellToText(cell: unknown): string | null {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'bigint' || typeof cell === 'number') return String(cell);
  if (Buffer.isBuffer(cell)) return cell.toString('utf8');
  return null;
}

/** SQLite has no booleans: Codex writes 0/1; anything numeric and non-zero, or `true`, counts as set. */
export function cellToBoolean(cell: unknown): boolean {
  const n = cellToNumber(cell);
  if (n !== null) return n !== 0;
  return typeof cell === 'string' && cell.trim().toLowerCase() === 'true';
}
