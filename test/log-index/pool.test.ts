import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { foldThreads } from '../../src/log-index/pool.js';

const MiB = 1024 * 1024;

describe('foldThreads', () => {
  it('folds small log sets in this thread: a worker costs more than it saves there', () => {
    expect(foldThreads(0, {})).toBe(1);
    expect(foldThreads(300 * MiB, {})).toBe(1);
    expect(foldThreads(1023 * MiB, {})).toBe(1);
  });

  it('takes a thread for each 512 MiB of logs, up to the cores Node may use', () => {
    expect(foldThreads(1024 * MiB, {})).toBe(Math.min(2, availableParallelism()));
    expect(foldThreads(64 * 1024 * MiB, {})).toBe(availableParallelism());
  });

  it('does as CODEX_LOGS_THREADS says, whatever the size, and ignores a value that is not a count', () => {
    expect(foldThreads(1 * MiB, { CODEX_LOGS_THREADS: '3' })).toBe(3);
    expect(foldThreads(64 * 1024 * MiB, { CODEX_LOGS_THREADS: '1' })).toBe(1);
    expect(foldThreads(1 * MiB, { CODEX_LOGS_THREADS: 'two' })).toBe(1);
    expect(foldThreads(1 * MiB, { CODEX_LOGS_THREADS: '0' })).toBe(1);
  });
});
