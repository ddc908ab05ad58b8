/**
 * Skipping JSON values on the raw bytes of a line. UTF-8 never puts a byte below 0x80 inside a multi-byte character,
 * so quotes, backslashes and brackets found byte by byte are the ones the text holds.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function isJsonSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
}

/**
 * Index just past the JSON value that starts at `from` (after whitespace), or -1 when the data ends first. Only
 * strings, objects and arrays are skipped with care; other values run to the next `,` or `}`. No parsing, no
 * allocation: it lets a 30 KB `session_meta` skip its `base_instructions` before JSON.parse sees the line.
 */
export function endOfJsonValue(data: Uint8Array, from: number): number {
  let i = from;
  while (i < data.length && isJsonSpace(data[i])) i += 1;
  if (i >= data.length) return -1;
  const first = data[i];
  if (first !== QUOTE && first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    while (i < data.length && data[i] !== COMMA && data[i] !== CLOSE_BRACE && data[i] !== CLOSE_BRACKET) i += 1;
    return i;
  }
  let depth = 0;
  let inString = false;
  for (; i < data.length; i += 1) {
    const c = data[i];
    if (inString) {
      if (c === BACKSLASH)
        i += 1; // skip the escaped byte
      else if (c === QUOTE) {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The heavy keys of `session_meta` that the join never reads; dropping them makes the head parse cheap. */
const HEAVY_KEYS = ['"base_instructions":', '"dynamic_tools":'].map((key) => Buffer.from(key, 'latin1'));
const WRAPPED_TEXT = Buffer.from('{"text":"', 'latin1');

/**
 * End of the JSON string whose opening quote is at `quote`, found with native `indexOf` jumps instead of a byte loop
 * (instructions are tens of KB): a quote preceded by an even number of backslashes closes it.
 */
export function endOfJsonString(data: Buffer, quote: number): number {
  let i = quote;
  for (;;) {
    i = data.indexOf(QUOTE, i + 1);
    if (i < 0) return -1;
    let backslashes = 0;
    for (let j = i - 1; j > quote && data[j] === BACKSLASH; j -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return i + 1;
  }
}

/** `"…"` and `{"text":"…"}` (the two shapes of base_instructions) the fast way; anything else the careful way. */
function endOfHeavyValue(data: Buffer, start: number): number {
  if (data[start] === QUOTE) return endOfJsonString(data, start);
  if (data.subarray(start, start + WRAPPED_TEXT.length).equals(WRAPPED_TEXT)) {
    const end = endOfJsonString(data, start + WRAPPED_TEXT.length - 1);
    return end > 0 && data[end] === CLOSE_BRACE ? end + 1 : endOfJsonValue(data, start);
  }
  return endOfJsonValue(data, start);
}

/**
 * The line decoded with the values of the heavy keys replaced by `null`, or null when it holds none of them or
 * anything looks unusual (then the caller decodes and parses it whole). Only the kept bytes are decoded: a home scan
 * then turns 20 KB heads into a few hundred characters each instead of 20 KB strings.
 */
export function withoutHeavyValues(data: Buffer): string | null {
  const dropped: { start: number; end: number }[] = [];
  const droppedAround = (at: number) => dropped.find((d) => at >= d.start && at < d.end);
  for (const key of HEAVY_KEYS) {
    let at = data.indexOf(key);
    // A key inside a value already dropped is not a key.
    for (let inside = droppedAround(at); at >= 0 && inside !== undefined; inside = droppedAround(at)) at = data.indexOf(key, inside.end);
    if (at < 0) continue;
    const start = at + key.length;
    const end = endOfHeavyValue(data, start);
    if (end < 0) return null;
    dropped.push({ start, end });
  }
  if (dropped.length === 0) return null;
  dropped.sort((a, b) => a.start - b.start);
  let text = '';
  let from = 0;
  for (const { start, end } of dropped) {
    // A cut at an ASCII byte decodes exactly as the whole line would.
    text += `${data.toString('utf8', from, start)}null`;
    from = end;
  }
  return text + data.toString('utf8', from);
}
