import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeThreadId, makeV4Id, rolloutLines, rolloutRelPath, writeEmptyRollout, writeLegacyRollout, writeRollout } from './rollouts.js';

// Codex wrote `rollout-2026-07-28T21-42-03-…` for a thread whose first stamp is 13:42:03Z (UTC+8).
const STARTED = Date.parse('2026-07-28T13:42:03.118Z');
const ID = makeThreadId(STARTED, 'builder');

function hasZstd(): boolean {
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function typesOf(lines: string[]): string[] {
  return lines.map((line) => {
    const { type, payload } = JSON.parse(line) as { type: string; payload: { type?: string } };
    return type === 'event_msg' || type === 'response_item' ? `${type}/${payload.type}` : type;
  });
}

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'codex-logs-builder-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('rollout builders', () => {
  it('names the file and its date folders in local time', () => {
    const late = Date.parse('2026-07-28T20:15:00.000Z');
    expect(rolloutRelPath({ id: ID, startedAt: STARTED, localOffsetMinutes: 480 })).toBe(`sessions/2026/07/28/rollout-2026-07-28T21-42-03-${ID}.jsonl`);
    expect(rolloutRelPath({ id: ID, startedAt: late, localOffsetMinutes: 480 })).toBe(`sessions/2026/07/29/rollout-2026-07-29T04-15-00-${ID}.jsonl`);
    expect(rolloutRelPath({ id: ID, startedAt: STARTED, localOffsetMinutes: -360 })).toBe(`sessions/2026/07/28/rollout-2026-07-28T07-42-03-${ID}.jsonl`);
    expect(rolloutRelPath({ id: ID, startedAt: STARTED, root: 'archived_sessions', copyIndex: 1, compressed: true })).toBe(
      `archived_sessions/rollout-2026-07-28T13-42-03-${ID} (1).jsonl.zst`,
    );
    expect(rolloutRelPath({ id: ID, startedAt: STARTED, fileNameId: makeV4Id('other') })).toContain(makeV4Id('other'));
  });

  it('writes compact envelopes in Codex order for complete, aborted and open turns', () => {
    const lines = rolloutLines({
      id: ID,
      startedAt: STARTED,
      threadName: 'Fix the build',
      turns: [
        { at: STARTED + 2_000, userMessage: 'Fix the build', agentMessage: 'Done.' },
        { at: STARTED + 60_000, userMessage: 'Stop', aborted: true },
        { at: STARTED + 120_000, userMessage: 'Again', complete: false },
      ],
    });
    expect(typesOf(lines)).toEqual([
      'session_meta',
      'event_msg/task_started',
      'response_item/message',
      'turn_context',
      'response_item/message',
      'event_msg/user_message',
      'event_msg/token_count',
      'event_msg/agent_message',
      'response_item/message',
      'event_msg/task_complete',
      'event_msg/thread_name_updated',
      'event_msg/task_started',
      'turn_context',
      'response_item/message',
      'event_msg/user_message',
      'event_msg/token_count',
      'response_item/message',
      'event_msg/turn_aborted',
      'event_msg/task_started',
      'turn_context',
      'response_item/message',
      'event_msg/user_message',
      'event_msg/token_count',
    ]);
    expect(
      lines[0]?.startsWith(`{"timestamp":"2026-07-28T13:42:05.118Z","type":"session_meta","payload":{"id":"${ID}","timestamp":"2026-07-28T13:42:03.118Z",`),
    ).toBe(true);
    const complete = JSON.parse(lines[9] as string);
    expect(complete.payload).toMatchObject({ last_agent_message: 'Done.', completed_at: Math.floor((STARTED + 7_000) / 1000), duration_ms: 5_000 });
    const started = JSON.parse(lines[1] as string).payload;
    expect(started.turn_id).toBe(complete.payload.turn_id);
    expect(started.started_at).toBe(Math.floor((STARTED + 2_000) / 1000));
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('sets the mtime to the last write and honours finalNewline', () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, turns: [{ at: STARTED + 1_000, userMessage: 'hi' }], finalNewline: false });
    expect(statSync(path).mtimeMs).toBe(STARTED + 6_000);
    expect(readFileSync(path, 'utf8').endsWith('}')).toBe(true);
    expect(relative(home, path)).toBe(join('sessions', '2026', '07', '28', `rollout-2026-07-28T13-42-03-${ID}.jsonl`));
  });

  it('writes legacy and empty rollouts', () => {
    const id = makeV4Id('legacy');
    const legacy = writeLegacyRollout(home, { id, startedAt: STARTED, messages: [{ role: 'user', text: 'hi' }] });
    const lines = readFileSync(legacy, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0] as string)).toEqual({
      id,
      timestamp: '2026-07-28T13:42:03.118Z',
      instructions: null,
      git: { commit_hash: '3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39', branch: 'main', repository_url: 'https://github.com/example/sample-app.git' },
    });
    expect(lines.slice(1)).toEqual([
      '{"record_type":"state"}',
      '{"type":"message","id":null,"role":"user","content":[{"type":"input_text","text":"hi"}]}',
      '{"record_type":"state"}',
    ]);
    expect(statSync(writeEmptyRollout(home, { id: ID, startedAt: STARTED, root: 'archived_sessions' })).size).toBe(0);
  });

  it.skipIf(!hasZstd())('writes .zst files that zstd decompresses to the JSONL', () => {
    const spec = { id: ID, startedAt: STARTED, compressed: true, turns: [{ at: STARTED, userMessage: 'x'.repeat(300_000) }] };
    const path = writeRollout(home, spec);
    const plain = execFileSync('zstd', ['-d', '-c', path], { maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
    expect(plain).toBe(`${rolloutLines(spec).join('\n')}\n`);
  });

  it.skipIf(typeof (zlib as { zstdDecompressSync?: unknown }).zstdDecompressSync !== 'function')('writes .zst files that node:zlib decompresses', () => {
    const spec = { id: ID, startedAt: STARTED, compressed: true };
    const decompress = (zlib as unknown as { zstdDecompressSync: (b: Buffer) => Buffer }).zstdDecompressSync;
    expect(decompress(readFileSync(writeRollout(home, spec))).toString('utf8')).toBe(`${rolloutLines(spec).join('\n')}\n`);
  });
});
