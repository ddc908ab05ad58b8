/**
 * The first word of a command line that names no command is taken for LOGS_DIR (analyze is the default command), so
 * `codex-logs anaylze sample-logs` used to end in "Unknown argument: sample-logs". A word that is no path on disk and
 * does not look like one is a mistyped command: say which command was meant.
 */
export function mistypedCommand(args: readonly string[], commands: readonly string[], exists: (path: string) => boolean): string | null {
  const word = args[0];
  if (word === undefined || word.startsWith('-') || commands.includes(word)) return null;
  if (/[/\\.~:]/.test(word) || exists(word)) return null;
  const nearest = nearestWord(word, commands);
  if (nearest !== null) return `unknown command '${word}': did you mean '${nearest}'? (see codex-logs ${nearest} --help)`;
  return `unknown command '${word}', and no folder of that name (commands: ${commands.join(', ')}; see codex-logs --help)`;
}

/** The command a reader's error should point at: the first word when it names one. */
export function commandOf(args: readonly string[], commands: readonly string[]): string | null {
  const word = args.find((a) => !a.startsWith('-'));
  return word !== undefined && commands.includes(word) ? word : null;
}

/**
 * The command `word` begins, when only one does (none when several do); else the closest within a third of its length
 * in edits (at least two), or null.
 */
export function nearestWord(word: string, words: readonly string[]): string | null {
  const lower = word.toLowerCase();
  const started = words.filter((w) => lower.length >= 2 && w.startsWith(lower));
  if (started.length === 1) return started[0]!;
  if (started.length > 1) return null;
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(lower.length / 3)) + 1;
  for (const candidate of words) {
    const d = editDistance(lower, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost one each. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
