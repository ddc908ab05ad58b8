/** Reused for every copy: a Buffer per copy is memory outside the heap that waits for a collection to be freed. */
let scratch = Buffer.allocUnsafe(4096);

/**
 * A string that shares no characters with the one given. V8 makes `slice`, `split` and `replace` results views into
 * the string they came from, so a short value kept from a long line keeps the whole line alive; a copy does not.
 * Meant for text decoded from UTF-8 (a lone surrogate would come back as U+FFFD).
 */
export function ownCopy(text: string): string {
  if (text.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(text.length * 3);
  const bytes = scratch.write(text, 0, 'utf8');
  return scratch.toString('utf8', 0, bytes);
}
