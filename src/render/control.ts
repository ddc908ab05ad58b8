/**
 * Log text can hold terminal escapes and other control characters. Printed raw, a terminal obeys them (colours,
 * titles, cleared screens, hyperlinks) and GitHub shows garbage. Every output except JSON (whose escaping covers the
 * C0 range) shows them instead, visible and inert: C0 characters and DEL as their Unicode control pictures (ESC
 * becomes `␛`, so `␛[31m` is still readable as the escape it was), C1 characters and the bidirectional and line
 * separator controls, which reorder or break what a reader sees, as `⟨U+XXXX⟩`. Tab and newline stay.
 */
const CLASS = '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]';
// Two objects: a global expression keeps `lastIndex` between `test` calls; the search must start afresh each time.
const ANY = new RegExp(CLASS);
const EVERY = new RegExp(CLASS, 'g');

export function showControl(text: string): string {
  return ANY.test(text) ? text.replace(EVERY, visible) : text;
}

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}
