/**
 * Prose broken at spaces to fit `width`, each line after the first indented by `indent`. A word longer than the line
 * (an id, a path, a URL) is never split: it gets a line of its own and may run past the width.
 */
export function wrapProse(text: string, width: number, indent: string): string {
  const room = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}
