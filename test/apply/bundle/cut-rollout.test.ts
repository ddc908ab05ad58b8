import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decompress } from 'fzstd';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cutRollout, cutTail, zstdRawFrame } from '../../../src/apply/bundle/cut-rollout.js';
import { findRollouts } from '../../../src/sources/rollouts/discover.js';
import { interpretTail } from '../../../src/sources/rollouts/read-tail.js';
import { makeThreadId, writeRollout } from '../../builders/rollouts.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'codex-logs-cut-rollout-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const start = Date.parse('2026-05-03T08:00:00Z');
const line = (type: string, payload: object, ts = '2026-05-03T08:00:05.000Z') => JSON.stringify({ timestamp: ts, type, payload });

describe('cutTail', () => {
  it('keeps every event skeleton without its text, and reads back with the same last turn, time and torn-ness', () => {
    const text = [
      'partial line from the middle of the file"}}',
      line('event_msg', { type: 'task_started', turn_id: 't1' }),
      line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'my secret prompt' }] }),
      line('event_msg', { type: 'task_complete', turn_id: 't1', last_agent_message: 'the answer' }, '2026-05-03T08:00:09.000Z'),
      '{"timestamp":"2026-05-03T08:00:10.000Z","type":"response_item","payload":{"text":"cut off mid-wr',
    ].join('\n');
    const cut = cutTail(text, true, false);
    expect(cut.text).not.toContain('secret prompt');
    expect(cut.text).not.toContain('the answer');
    expect(cut.lines).toBe(3);
    expect(interpretTail(cut.text, false)).toEqual(interpretTail(text, true));
    expect(interpretTail(cut.text, false).torn).toBe(true);
  });

  it('with content, keeps the text, redacted', () => {
    const text = `${line('response_item', { type: 'message', content: [{ text: 'see /Users/alice/x and sk-proj-AbCdEfGhIjKlMnOpQrSt' }] })}\n`;
    const cut = cutTail(text, false, true);
    expect(cut.text).toContain('see /Users/<user>/x and <secret>');
  });
});

describe('cutRollout', () => {
  it('keeps the session_meta without base instructions and drops the middle of a long rollout', async () => {
    const id = makeThreadId(start, 'long');
    const turns = Array.from({ length: 200 }, (_, i) => ({
      at: start + i * 60_000,
      userMessage: `question ${i} ${'q'.repeat(200)}`,
      agentMessage: 'a'.repeat(200),
    }));
    writeRollout(home, { id, startedAt: start, baseInstructions: 'You are a helpful assistant. PRIVATE-INSTRUCTIONS', turns });
    const [file] = (await findRollouts(home)).files;
    const cut = await cutRollout(file!, { includeContent: false });
    const text = cut.bytes!.toString('utf8');
    expect(text).not.toContain('PRIVATE-INSTRUCTIONS');
    expect(text).not.toContain('question');
    expect(cut.cut).toMatch(/bytes between them left out/);
    expect(JSON.parse(text.split('\n')[0]!).payload.id).toBe(id);
    // The copy, read as a rollout, says what the original says.
    rmSync(file!.path);
    writeFileSync(file!.path, cut.bytes!);
    const [again] = (await findRollouts(home)).files;
    expect({ head: again!.head.status, tail: again!.tail }).toEqual({ head: 'ok', tail: file!.tail });
  });

  it('a compressed rollout becomes a .zst frame any decoder reads, holding the slim head only', async () => {
    const id = makeThreadId(start, 'zst');
    writeRollout(home, { id, startedAt: start, compressed: true, baseInstructions: 'PRIVATE', turns: [{ at: start, userMessage: 'hello there' }] });
    const [file] = (await findRollouts(home)).files;
    const cut = await cutRollout(file!, { includeContent: false });
    const text = Buffer.from(decompress(new Uint8Array(cut.bytes!))).toString('utf8');
    expect(text).not.toContain('PRIVATE');
    expect(text).not.toContain('hello there');
    expect(JSON.parse(text).payload.id).toBe(id);
  });
});

describe('zstdRawFrame', () => {
  it.each([0, 1, 128 * 1024, 300_000])('round-trips %i bytes', (n) => {
    const content = Buffer.from(Array.from({ length: n }, (_, i) => i % 251));
    expect(Buffer.from(decompress(new Uint8Array(zstdRawFrame(content))))).toEqual(content);
  });
});
