/**
 * A table of strings for byte ranges that repeat from line to line (conversation ids, methods, messages), one instance
 * per distinct value: a large log names the same few thousand ids millions of times, and decoding each afresh costs an
 * allocation and, as a Map key, a hash computed anew. The bytes are looked up without making a string, so a known
 * value costs no allocation, and its entry number lets a caller keep what it works out from the value (an id's
 * canonical form) in an array instead of working it out for every line. Past `maxEntries` distinct values, or for
 * values longer than `maxLength`, the bytes are not kept, so memory stays bounded whatever the log holds.
 */
export interface ByteInterner {
  /** The entry holding `bytes[start, end)`, added when new; -1 when such bytes are not kept (see internedText). */
  entryOf(bytes: Uint8Array, start: number, end: number): number;
  /** The text of an entry. */
  text(entry: number): string;
}

/** The text of `bytes[start, end)`: the interner's instance when it keeps the bytes, else a new string. */
export function internedText(interner: ByteInterner, bytes: Uint8Array, start: number, end: number): string {
  const entry = interner.entryOf(bytes, start, end);
  return entry >= 0 ? interner.text(entry) : latin1(bytes, start, end);
}

const HASHED_BYTES = 12;

/** A slot of the table: the hash, the entry (-1: empty), and where the entry's bytes are in the pool. */
const ROW = 4;

/** Bytes are decoded as Latin-1, so only ASCII ranges give the string UTF-8 would. */
export function createAsciiInterner(maxEntries = 1 << 18, maxLength = 64): ByteInterner {
  let capacity = 1024;
  // Open addressing over rows of ROW numbers: a lookup that finds its value reads one row and the pool, where separate
  // arrays of hashes and offsets were two more cache misses for each of 2 million lookups.
  let table = emptyTable(capacity);
  const strings: string[] = [];
  let pool = Buffer.allocUnsafe(64 * 1024);
  let used = 0;

  const grow = (): void => {
    const old = table;
    capacity *= 2;
    table = emptyTable(capacity);
    for (let row = 0; row < old.length; row += ROW) {
      if (old[row + 1] === -1) continue;
      let slot = (old[row]! >>> 0) & (capacity - 1);
      while (table[slot * ROW + 1] !== -1) slot = (slot + 1) & (capacity - 1);
      table.set(old.subarray(row, row + ROW), slot * ROW);
    }
  };

  const entryOf = (bytes: Uint8Array, start: number, end: number): number => {
    const length = end - start;
    if (length > maxLength) return -1;
    // FNV-1a over the length and the last HASHED_BYTES: ids differ in their tails (a UUIDv7 starts with its time,
    // shared by the ids of one millisecond), and hashing fewer bytes is half the cost of a lookup.
    let hash = Math.imul(0x811c9dc5 ^ length, 0x01000193);
    for (let i = Math.max(start, end - HASHED_BYTES); i < end; i += 1) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    let slot = (hash >>> 0) & (capacity - 1);
    for (let row = slot * ROW; table[row + 1] !== -1; row = slot * ROW) {
      if (table[row] === hash && table[row + 3] === length && sameBytes(pool, table[row + 2]!, table[row + 2]! + length, bytes, start, end))
        return table[row + 1]!;
      slot = (slot + 1) & (capacity - 1);
    }
    if (strings.length >= maxEntries) return -1;
    if (used + length > pool.length) {
      const bigger = Buffer.allocUnsafe(Math.max(pool.length * 2, used + length));
      pool.copy(bigger, 0, 0, used);
      pool = bigger;
    }
    pool.set(bytes.subarray(start, end), used);
    const entry = strings.length;
    const row = slot * ROW;
    table[row] = hash;
    table[row + 1] = entry;
    table[row + 2] = used;
    table[row + 3] = length;
    used += length;
    strings.push(latin1(bytes, start, end));
    // Kept at most half full, so that probe runs stay short.
    if (strings.length * 2 > capacity) grow();
    return entry;
  };
  return { entryOf, text: (entry) => strings[entry]! };
}

function emptyTable(capacity: number): Int32Array {
  const table = new Int32Array(capacity * ROW);
  for (let row = 1; row < table.length; row += ROW) table[row] = -1;
  return table;
}

/** The text of `bytes[start, end)` read as Latin-1 (for ASCII, what UTF-8 gives). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/** Whether `a[aStart, aEnd)` and `b[bStart, bEnd)` hold the same bytes. */
export function sameBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i += 1) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}
