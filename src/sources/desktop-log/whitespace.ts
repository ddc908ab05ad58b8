/** Whitespace that separates tokens in a log line: ASCII blanks, plus the no-break and ideographic spaces of pastes. */
export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d || code === 0xa0 || code === 0x3000;
}
