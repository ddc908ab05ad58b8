/**
 * Answers "does line [start, end) contain any of these substrings?" for consecutive lines of one buffer, in time
 * linear in the buffer: each needle's next occurrence is found once with a native search and reused for every
 * line before it, instead of searching each line anew.
 */
export interface NeedleFinder {
  anyIn(bytes: Buffer, start: number, end: number, read: number): boolean;
}

export function createNeedleFinder(needles: readonly string[]): NeedleFinder {
  const patterns = needles.map((n) => Buffer.from(n, 'utf8'));
  const next = new Array<number>(patterns.length).fill(-1);
  let currentRead = Number.NaN;
  return {
    anyIn(bytes, start, end, read) {
      if (read < 0) {
        const line = bytes.subarray(start, end);
        return patterns.some((p) => line.indexOf(p) >= 0);
      }
      if (read !== currentRead) {
        currentRead = read;
        next.fill(-1);
      }
      let found = false;
      for (let i = 0; i < patterns.length; i += 1) {
        let at = next[i]!;
        if (at !== Infinity && at < start) {
          const hit = bytes.indexOf(patterns[i]!, start);
          at = hit < 0 ? Infinity : hit;
          next[i] = at;
        }
        if (at < end) found = true;
      }
      return found;
    },
  };
}
