import type { ProblemCount } from '../model/report.js';

/** Examples shown per problem: enough to find the files, few enough to keep a report short. */
const MAX_EXAMPLES = 3;

/** Collects a reader's problems: a count of zero is no problem and is left out. */
export function problemList(): { add: (what: string, count: number, examples?: readonly string[]) => void; problems: ProblemCount[] } {
  const problems: ProblemCount[] = [];
  return {
    problems,
    add: (what, count, examples = []) => {
      if (count > 0) problems.push({ what, count, examples: examples.slice(0, MAX_EXAMPLES) });
    },
  };
}
