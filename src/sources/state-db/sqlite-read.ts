import type Database from 'better-sqlite3';

type Db = Database.Database;

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** User tables, sorted by name, without SQLite's internal `sqlite_*` tables (as the sqlite3 `.tables` command). */
export function userTableNames(db: Db): string[] {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as unknown[];
  return names.filter((n): n is string => typeof n === 'string').sort();
}

export function columnNames(db: Db, table: string): string[] {
  const names = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as unknown[];
  return names.filter((n): n is string => typeof n === 'string');
}

/** Long free-text columns are read only this far: the analysis needs whether they are empty, not the text. */
export const CLIP_CHARS = 120;

/**
 * Every row of `table`, holding only those of `wanted` that the table has (older schema versions lack columns).
 * Integers arrive as bigint so that no value can throw or silently round before the caller coerces it.
 */
export function selectExisting(db: Db, table: string, wanted: readonly string[], clipped: ReadonlySet<string> = new Set()): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  eachExisting(db, table, wanted, (row) => rows.push({ ...row }), clipped);
  return rows;
}

/**
 * As selectExisting, one row at a time: a raw row (bigints, every cell) then dies young instead of all of them
 * surviving until the last is read, which made a large home's heap several times its rows. The row object is reused:
 * it is valid during the call only. Rows come from the driver as arrays, which take it less time than making an
 * object per row (docs/decisions.md).
 */
export function eachExisting(
  db: Db,
  table: string,
  wanted: readonly string[],
  onRow: (row: Readonly<Record<string, unknown>>) => void,
  clipped: ReadonlySet<string> = new Set(),
): void {
  const present = new Set(columnNames(db, table));
  const columns = wanted.filter((c) => present.has(c));
  const select = (c: string) => (clipped.has(c) ? `substr(${quoteIdent(c)}, 1, ${CLIP_CHARS}) AS ${quoteIdent(c)}` : quoteIdent(c));
  const list = columns.length > 0 ? columns.map(select).join(', ') : 'NULL AS no_known_column';
  const names = columns.length > 0 ? columns : ['no_known_column'];
  const stmt = db.prepare(`SELECT ${list} FROM ${quoteIdent(table)}`);
  stmt.safeIntegers(true);
  stmt.raw(true);
  const row: Record<string, unknown> = {};
  for (const values of stmt.iterate() as Iterable<unknown[]>) {
    for (let i = 0; i < names.length; i += 1) row[names[i]!] = values[i];
    onRow(row);
  }
}

/** A single value, integers as bigint. */
export function selectValue(db: Db, sql: string): unknown {
  const stmt = db.prepare(sql);
  stmt.safeIntegers(true);
  return stmt.pluck().get();
}
