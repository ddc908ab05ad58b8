import { describe, expect, it } from 'vitest';
import { collectProblems } from '../../src/analysis/problems.js';
import { emptyDesktopLogStats } from '../../src/sources/desktop-log/read-file.js';
import { emptyTuiLogStats } from '../../src/sources/tui-log/read.js';

const history = { path: null, entries: 0, badLines: 0 };

describe('collectProblems', () => {
  it('reports log files past the file limit with their exact count, and lines that changed during the run', () => {
    const log = {
      ...emptyDesktopLogStats(),
      linesChangedDuringRun: 2,
      skippedFiles: [{ path: '/logs', reason: 'over-file-limit' as const, detail: '900000 .log files not read (only the newest 100000 are)' }],
    };
    expect(collectProblems(log, [], null, [], emptyTuiLogStats(), history)).toEqual([
      { what: 'log files beyond the file limit (not read; the newest were)', count: 900_000, examples: ['/logs'] },
      { what: 'log lines that changed while the run went on (their events show no text)', count: 2, examples: [] },
    ]);
  });
});
