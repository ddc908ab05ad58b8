import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDesktopLogFiles } from '../../../src/sources/desktop-log/discover.js';
import { desktopLogProblems } from '../../../src/sources/desktop-log/problems.js';
import { emptyDesktopLogStats } from '../../../src/sources/desktop-log/read-file.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'codex-logs-desktop-problems-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function touch(relPath: string): void {
  const path = join(root, relPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, 'x');
}

describe('desktopLogProblems', () => {
  it('counts the files a summary record of discovery stands for, and lines that changed during the run', async () => {
    for (let i = 0; i < 7; i += 1) touch(`2026/05/0${i + 1}/codex-desktop-${i}.log`);
    for (let i = 0; i < 203; i += 1) touch(`junk/${String(i).padStart(3, '0')}.txt`);
    const found = await findDesktopLogFiles(root, { maxFiles: 2 });
    const problems = desktopLogProblems({ ...emptyDesktopLogStats(), skippedFiles: found.skipped, linesChangedDuringRun: 2 });
    expect(problems).toEqual([
      {
        what: 'files in the log folder that are not Desktop logs (skipped)',
        count: 203,
        examples: [join(root, 'junk', '003.txt'), join(root, 'junk', '004.txt'), join(root, 'junk', '005.txt')],
      },
      { what: 'log files beyond the file limit (not read; the newest were)', count: 5, examples: [root] },
      { what: 'log lines that changed while the run went on (their events show no text)', count: 2, examples: [] },
    ]);
  });
});
