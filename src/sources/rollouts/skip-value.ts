/**
 * Index just past the JSON value that starts at `from` (after whitespace), or -1 when the text ends first. Only
 * strings, objects and arrays are skipped with care; other values run to the next `,` or `}`. No parsing, no
 * allocation: it lets a 30 KB `session_meta` skip its `base_instructions` before JSON.parse sees the line.
 */
export function endOfJsonValue(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\t' || text[i] === '\r')) i += 1;
  if (i >= text.length) return -1;
  const first = text.charCodeAt(i);
  if (first !== 0x22 && first !== 0x7b && first !== 0x5b) {
    while (i < text.length && text[i] !== ',' && text[i] !== '}' && text[i] !== ']') i += 1;
    return i;
  }
  let depth = 0;
  let inString = false;
  for (; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth += 1;
    else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The heavy keys of `session_meta` that the join never reads; dropping them makes the head parse cheap. */
const HEAVY_KEYS = ['"base_instructions":', '"dynamic_tools":'];

/**
 * End of the JSON string whose opening quote is at `quote`, found with native `indexOf` jumps instead of a
 * character loop (instructions are tens of KB): a quote preceded by an even number of backslashes closes it.
 */
export function endOfJsonString(text: string, quote: number): number {
  let i = quote;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return -1;
    let backslashes = 0;
    for (let j = i - 1; text.charCodeAt(j) === 0x5c; j -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return i + 1;
  }
}

/** `"…"` and `{"text":"…"}` (the two shapes of base_instructions) the fast way; anything else the careful way. */
function endOfHeavyValue(text: string, start: number): number {
  if (text.charCodeAt(start) === 0x22) return endOfJsonString(text, start);
  const wrapped = '{"text":"';
  if (text.startsWith(wrapped, start)) {
    const end = endOfJsonString(text, start + wrapped.length - 1);
    return end > 0 && text.charCodeAt(end) === 0x7d ? end + 1 : endOfJsonValue(text, start);
  }
  return endOfJsonValue(text, start);
}

/** `line` with the values of the heavy keys replaced by `null`; unchanged when anything looks unusual. */
export function withoutHeavyValues(line: string): string {
  let out = line;
  for (const key of HEAVY_KEYS) {
    const at = out.indexOf(key);
    if (at < 0) continue;
    const start = at + key.length;
    const end = endOfHeavyValue(out, start);
    if (end < 0) return line;
    out = `${out.slice(0, start)}null${out.slice(end)}`;
  }
  return out;
}
