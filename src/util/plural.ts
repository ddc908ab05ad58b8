/** `1 file`, `2 files`, `1 entry`/`3 entries`: a count with its noun in the number the count needs. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
