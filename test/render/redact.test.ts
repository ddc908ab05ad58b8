import { describe, expect, it } from 'vitest';
import { redact, redactDeep } from '../../src/render/redact.js';

/** Every private form the report can carry, with a seeded secret that must not survive. */
const CASES: [string, string, string][] = [
  ['macOS home', 'failed to read thread /Users/alice/.codex: Is a directory', 'alice'],
  ['macOS home with a dot', '/Users/bob.smith/Library/Logs/com.openai.codex/2026/05/03/x.log', 'bob.smith'],
  ['Linux home', 'cwd=/home/carol/src/app', 'carol'],
  ['container mount of a host home', 'rollout_path=/source/judy/work/proj/.codex/sessions/2026/05/03/r.jsonl', 'judy'],
  ['Windows home', 'C:\\Users\\dave\\.codex\\sessions\\2026\\05\\03\\rollout.jsonl', 'dave'],
  ['Windows verbatim home', 'failed to read thread \\\\?\\C:\\Users\\erin\\.codex: Access is denied. (os error 5)', 'erin'],
  ['Windows home, forward slashes', 'C:/Users/frank/AppData/Local/Codex/Logs', 'frank'],
  ['Windows home, lower-case drive and folder', 'd:\\users\\gina\\x', 'gina'],
  ['e-mail', 'account=heidi.example+codex@example.co.uk signed in', 'heidi.example'],
  ['OpenAI key', 'OPENAI_API_KEY sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789', 'AbCdEfGhIjKlMnOp'],
  ['legacy OpenAI key', 'key=sk-abcdefghijklmnopqrstuvwxyz012345', 'abcdefghijklmnop'],
  ['GitHub token', 'token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', '0123456789abcdefghij'],
  ['GitHub fine-grained token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '11ABCDEFG0123456789'],
  ['Bearer header', 'Authorization: Bearer eyZ0aXRsZSI6InNlY3JldCJ9-abc.def', 'eyZ0aXRsZSI6InNlY3JldCJ9'],
  ['JWT', 'id_token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJlLWJ5dGVz', 'eyJzdWIiOiJ1c2VyLTEyMyJ9'],
  ['Slack token', 'xoxb-1234567890-abcdefghijkl', '1234567890-abcdefghijkl'],
  ['remote host id', 'maybe_resume_started hostId=remote-ssh-discovered:devbox.corp.example.com', 'devbox.corp'],
  ['ssh URL', 'connecting to ssh://ivan@build-42.internal:22/repo', 'build-42.internal'],
  ['host field', 'remote connection failed host=gpu-box-7.lan port=22', 'gpu-box-7'],
  ['home inside markup', '<environment_context>\n  <cwd>/Users/kim/code/app</cwd>', 'kim'],
  ['URL credentials', 'fetch https://judy:hunter2pass@proxy.example.com/v1', 'hunter2pass'],
];

describe('redact', () => {
  it.each([
    ['a run of address characters', 'y'.repeat(1_000_000)],
    ['dotted words', 'a.'.repeat(500_000)],
    ['remote- prefixes', 'remote-'.repeat(150_000)],
    ['scheme-like words', 'ab+c.d-e'.repeat(120_000)],
  ])('takes linear time on a 1 MB line of %s (collect redacts whole log lines)', (_name, line) => {
    const started = Date.now();
    redact(line);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each(CASES)('%s', (_name, input, secret) => {
    const out = redact(input);
    expect(out).not.toContain(secret);
    expect(redact(out)).toBe(out);
  });

  it('keeps what a maintainer needs: ids, methods, codes, times, the shape of paths', () => {
    const line =
      '2026-05-04T08:52:19.871Z error [electron-message-handler] Request failed conversationId=019ded16-3062-7ed2-a1d1-ff74cfe72757 error={"code":-32603,"message":"failed to read thread: thread-store internal error: failed to read thread /Users/alice/.codex: Is a directory (os error 21)"} method=thread/resume';
    expect(redact(line)).toBe(line.replace('/Users/alice/', '/Users/<user>/'));
    expect(redact('$CODEX_HOME/sessions/2026/05/03/rollout-2026-05-03T10-10-31-019dece3-985e-7487-8de9-5dbbf15a5520.jsonl')).toBe(
      '$CODEX_HOME/sessions/2026/05/03/rollout-2026-05-03T10-10-31-019dece3-985e-7487-8de9-5dbbf15a5520.jsonl',
    );
  });

  it('reaches every string inside a document, leaving keys and other values alone', () => {
    const doc = { path: '/home/zoe/x', list: ['mail zoe@example.org', 3], nested: { ok: true, n: null } };
    expect(redactDeep(doc)).toEqual({ path: '/home/<user>/x', list: ['mail <email>', 3], nested: { ok: true, n: null } });
  });
});
