import { describe, expect, it } from 'vitest';
import { matchErrorSignature } from '../../src/model/error-signatures.js';

const ID = '019decfe-a771-7380-ac92-fec89615facd';

describe('matchErrorSignature', () => {
  it.each([
    ['failed to read thread: thread-store internal error: failed to read thread /Users/u/.codex: Is a directory (os error 21)', 'eisdir'],
    ['failed to read thread: thread-store internal error: failed to read thread \\\\?\\C:\\Users\\u\\.codex: Access is denied. (os error 5)', 'access-denied'],
    [`no rollout found for thread id ${ID}`, 'no-rollout'],
    ['failed to resolve rollout path `/x`: path is a directory', 'eisdir'],
    [`thread ${ID} is not materialized yet; send a message first`, 'not-materialized'],
    ['rollout at /x/y.jsonl is empty', 'rollout-empty'],
    ['something else entirely', null],
    [null, null],
  ])('%s → %s', (message, id) => {
    expect(matchErrorSignature(message)?.id ?? null).toBe(id);
  });
});
