import { isAscii, isUtf8 } from 'node:buffer';

const LF = 0x0a;
/** Large reads keep syscalls few; the buffer is reused, so memory stays at one chunk plus one capped line. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * One line of the file, without its `\n`, as bytes `[start, end)` of `bytes`. The bytes are only valid during the
 * call (the buffer is reused). `cut` when the line was longer than the cap and its tail was dropped. `clean` when the
 * bytes are known to be valid UTF-8 without U+FFFD (checked once per read), so a caller may skip decoding them.
 * `read` numbers the reads: lines with the same number share `bytes` and its content (-1 for a line that spanned
 * reads and was put together). `offset` is where the line starts in the file: its bytes `[start, end)` are the file's
 * `[offset, offset + end - start)`, so a caller can read them again later instead of holding them. `ascii` when the
 * bytes are known to be ASCII (then `clean` too).
 */
export type LineSink = (bytes: Buffer, start: number, end: number, cut: boolean, clean: boolean, read: number, offset: number, ascii: boolean) => void;

/**
 * Reads `length` bytes of the file at `position` into `buffer` from its start and gives how many it read: a number for
 * a synchronous read, a promise of one otherwise.
 */
export type ReadChunk = (buffer: Buffer, length: number, position: number) => number | Promise<number>;

/** Byte-level facts about what was scanned. */
export interface ScanFacts {
  bytes: number;
  cutLines: number;
  /** The file was not empty and its last byte was not `\n`. */
  missingFinalNewline: boolean;
}

const REPLACEMENT_UTF8 = Buffer.from('\uFFFD', 'utf8');

export function emptyScanFacts(): ScanFacts {
  return { bytes: 0, cutLines: 0, missingFinalNewline: false };
}

/**
 * Splits the first `size` bytes of an open file into lines, by position, without decoding them. At most
 * `maxLineBytes` of a line are kept (cut at a character boundary), so a huge line without a newline never sits in
 * memory. A file that shrinks while it is read ends where its data ends. `facts` is filled as the scan goes, so a read
 * that fails midway still tells how far it got. `beforeReuse` runs once the lines of a read are handed over, before
 * their bytes are overwritten: a caller that holds on to a line copies it then, not each time.
 */
export async function scanLines(
  read: ReadChunk,
  size: number,
  maxLineBytes: number,
  onLine: LineSink,
  facts: ScanFacts,
  chunkBytes = CHUNK_BYTES,
  beforeReuse?: () => void,
): Promise<void> {
  const pooled = chunkBytes === CHUNK_BYTES && size >= CHUNK_BYTES;
  const taken: Buffer[] = [];
  const take = (): Buffer => {
    const buffer = pooled ? (spareChunks.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES)) : Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(size, 1)));
    taken.push(buffer);
    return buffer;
  };
  try {
    await scanInto(take, read, size, maxLineBytes, onLine, facts, beforeReuse);
  } finally {
    if (pooled) spareChunks.push(...taken);
  }
}

async function scanInto(
  take: () => Buffer,
  read: ReadChunk,
  size: number,
  maxLineBytes: number,
  onLine: LineSink,
  facts: ScanFacts,
  beforeReuse: (() => void) | undefined,
): Promise<void> {
  let carry: Buffer = Buffer.allocUnsafe(0);
  let carried = 0;
  let carrying = false;
  let carryOffset = 0;
  let dropping = false;
  let lastByte = -1;

  /** Appends part of a line that spans reads, keeping at most the cap. */
  const keep = (view: Buffer, from: number, to: number, offset: number): void => {
    if (!carrying) carryOffset = offset;
    carrying = true;
    if (dropping) return;
    const room = maxLineBytes - carried;
    let end = to;
    if (to - from > room) {
      end = characterBoundary(view, from, from + room);
      dropping = true;
      // The character at the cut began in an earlier read: drop its first bytes from what is kept.
      if (end === from && isContinuationByte(view[from])) {
        let lead = carried;
        while (lead > 0 && isContinuationByte(carry[lead - 1])) lead -= 1;
        if (lead > 0 && (carry[lead - 1] ?? 0) >= 0xc0) carried = lead - 1;
      }
    }
    if (carried + (end - from) > carry.length) carry = grow(carry, carried, Math.min(maxLineBytes, Math.max(carry.length * 2, carried + (end - from))));
    view.copy(carry, carried, from, end);
    carried += end - from;
  };
  const emitCarried = (): void => {
    if (dropping) facts.cutLines += 1;
    onLine(carry, 0, carried, dropping, false, -1, carryOffset, false);
    carried = 0;
    carrying = false;
    dropping = false;
  };

  let position = 0;
  let reads = 0;
  let chunk = take();
  let spare: Buffer | null = null;
  /** The next read, already under way into the other buffer (asynchronous reads only). */
  let ahead: Promise<number> | null = null;
  try {
    while (position < size) {
      const got = ahead ?? read(chunk, Math.min(chunk.length, size - position), position);
      ahead = null;
      // A synchronous read is not awaited: a file read in one go then costs no turn of the event loop.
      const bytesRead = typeof got === 'number' ? got : await got;
      if (bytesRead === 0) break;
      const chunkOffset = position;
      position += bytesRead;
      reads += 1;
      facts.bytes += bytesRead;
      lastByte = chunk[bytesRead - 1] ?? lastByte;
      const view = bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead);
      if (typeof got !== 'number' && position < size) {
        // The thread pool copies the next chunk while this one is split. The other buffer's lines were all handed over
        // and beforeReuse ran at the end of the last turn, so nothing still points into it.
        spare ??= take();
        const next = spare;
        spare = chunk;
        const pending = Promise.resolve(read(next, Math.min(next.length, size - position), position));
        // Awaited next turn; should this scan stop first, its failure must not go unhandled.
        pending.catch(() => undefined);
        ahead = pending;
        chunk = next;
      }

      let pos = 0;
      if (carrying) {
        const newline = view.indexOf(LF);
        if (newline < 0) {
          keep(view, 0, view.length, chunkOffset);
          continue;
        }
        keep(view, 0, newline, chunkOffset);
        emitCarried();
        pos = newline + 1;
      }
      const lastNewline = view.lastIndexOf(LF);
      if (lastNewline >= pos) {
        const region = view.subarray(pos, lastNewline);
        const ascii = isAscii(region);
        const clean = ascii || isCleanUtf8(region);
        while (pos <= lastNewline) {
          const newline = view.indexOf(LF, pos);
          if (newline - pos > maxLineBytes) {
            facts.cutLines += 1;
            onLine(view, pos, characterBoundary(view, pos, pos + maxLineBytes), true, false, reads, chunkOffset + pos, false);
          } else {
            onLine(view, pos, newline, false, clean, reads, chunkOffset + pos, ascii);
          }
          pos = newline + 1;
        }
      }
      // The chunk and the carried line are about to be overwritten.
      beforeReuse?.();
      if (pos < view.length) keep(view, pos, view.length, chunkOffset + pos);
    }
  } finally {
    // A read still under way must not land in a buffer handed to the next file (only when a line's handler threw).
    if (ahead !== null) await ahead.catch(() => 0);
  }
  if (carrying) emitCarried();
  facts.missingFinalNewline = facts.bytes > 0 && lastByte !== LF;
}

/**
 * Full-size chunks for the next files. A new 1 MiB buffer per file went back, once freed, to an allocator that keeps
 * such blocks (glibc raises its mmap threshold after the first ones are freed), so months of logs left their mark.
 */
const spareChunks: Buffer[] = [];

/** Whether the bytes decode without any U+FFFD: valid UTF-8 that does not spell one either. */
function isCleanUtf8(region: Buffer): boolean {
  return isUtf8(region) && region.indexOf(REPLACEMENT_UTF8) < 0;
}

function grow(buffer: Buffer, used: number, size: number): Buffer {
  const bigger = Buffer.allocUnsafe(size);
  buffer.copy(bigger, 0, 0, used);
  return bigger;
}

/** Moves a cut at `end` back to the start of a UTF-8 character whose continuation bytes would be dropped. */
function characterBoundary(bytes: Buffer, start: number, end: number): number {
  let cutAt = end;
  while (cutAt > start && isContinuationByte(bytes[cutAt])) cutAt -= 1;
  return cutAt;
}

function isContinuationByte(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}
