/**
 * A string that shares no characters with the one given. V8 makes `slice`, `split` and `replace` results views into
 * the string they came from, so a short value kept from a long line keeps the whole line alive; a copy does not.
 */
export function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
