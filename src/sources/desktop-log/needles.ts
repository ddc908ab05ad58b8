/**
 * Answers "does line [start, end) contain any of these substrings?" for consecutive lines of one buffer, in time
 * linear in the buffer: each needle's next occurrence is found once with a native search and reused for every
 * line before it, instead of searching each line anew.
 */
export interface NeedleFinder {
  anyIn(bytes: Buffer, start: number, end: number, read: number): boolean;
}

/**
 * One finder per group of needles, for the same lines, sharing their searches: a needle in two groups is searched
 * once. A needle absent from a read is searched through all of it, so the reader's two questions (any needle at all?
 * any that needs a full parse?) searching apart scanned every read more often than sharing does.
 */
export function createNeedleFinders(groups: readonly (readonly string[])[]): NeedleFinder[] {
  const needles = [...new Set(groups.flat())];
  const patterns = needles.map((n) => Buffer.from(n, 'utf8'));
  const next = new Array<number>(patterns.length).fill(-1);
  let currentRead = Number.NaN;

  /** Whether needle `i` occurs in the line, searching on from the line's start when its known position is behind. */
  const inLine = (i: number, bytes: Buffer, start: number, end: number): boolean => {
    let at = next[i]!;
    if (at !== Infinity && at < start) {
      const hit = bytes.indexOf(patterns[i]!, start);
      at = hit < 0 ? Infinity : hit;
      next[i] = at;
    }
    return at < end;
  };

  return groups.map((group) => {
    const members = group.map((n) => needles.indexOf(n));
    return {
      anyIn(bytes, start, end, read) {
        if (read < 0) {
          const line = bytes.subarray(start, end);
          return members.some((i) => line.indexOf(patterns[i]!) >= 0);
        }
        if (read !== currentRead) {
          currentRead = read;
          next.fill(-1);
        }
        // The first needle found answers; the others keep their positions, searched on when a later line asks.
        for (let m = 0; m < members.length; m += 1) if (inLine(members[m]!, bytes, start, end)) return true;
        return false;
      },
    };
  });
}
