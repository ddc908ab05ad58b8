import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRolloutHead } from '../../../src/sources/rollouts/read-head.js';
import { BASE_INSTRUCTIONS, makeThreadId, makeV4Id, writeEmptyRollout, writeLegacyRollout, writeRollout, type RolloutSpec } from '../../builders/rollouts.js';

const STARTED = Date.parse('2026-05-13T08:21:20.256Z');
const ID = makeThreadId(STARTED, 'head');
const PARENT = makeThreadId(STARTED - 60_000, 'parent');

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'codex-logs-head-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

function firstLineBytes(path: string): number {
  const bytes = readFileSync(path);
  const newline = bytes.indexOf(0x0a);
  return newline < 0 ? bytes.length : newline;
}

/** Rewrites the generated session_meta line. */
function editMeta(edit: (meta: { timestamp: string; type: string; payload: Record<string, unknown> }) => void): RolloutSpec['rawLines'] {
  return ([meta, ...rest]) => {
    const parsed = JSON.parse(meta as string);
    edit(parsed);
    return [JSON.stringify(parsed), ...rest];
  };
}

const turn = { at: STARTED + 3_626, userMessage: 'Does the build still pass?', agentMessage: 'Yes.' };

describe('readRolloutHead', () => {
  it('reads a modern session_meta line', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, cliVersion: '0.128.0-alpha.1', turns: [turn] });
    expect(await readRolloutHead(path)).toEqual({
      status: 'ok',
      format: 'modern',
      id: ID,
      timestamp: STARTED,
      writtenAt: STARTED + 3_626,
      forkedFromId: null,
      parentThreadId: null,
      source: 'vscode',
      cwd: '/Users/dev/projects/sample-app',
      originator: 'Codex Desktop',
      cliVersion: '0.128.0-alpha.1',
      headBytes: firstLineBytes(path),
    });
  });

  it('carries the base instructions like real heads, so headBytes is several KB', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED });
    const head = await readRolloutHead(path);
    expect(head.status === 'ok' && head.headBytes).toBeGreaterThan(Buffer.byteLength(BASE_INSTRUCTIONS));
    expect(BASE_INSTRUCTIONS.length).toBeGreaterThan(3_000);
  });

  it('reads a fork: forked_from_id', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, forkedFromId: PARENT.toUpperCase() });
    expect(await readRolloutHead(path)).toMatchObject({ status: 'ok', forkedFromId: PARENT, parentThreadId: null });
  });

  it('reads a spawned subagent: parent from source.subagent.thread_spawn, source as JSON text', async () => {
    const source = { subagent: { thread_spawn: { parent_thread_id: PARENT, depth: 1, agent_path: null, agent_nickname: 'Russell', agent_role: 'default' } } };
    const path = writeRollout(home, { id: ID, startedAt: STARTED, source, forkedFromId: PARENT });
    expect(await readRolloutHead(path)).toMatchObject({
      status: 'ok',
      parentThreadId: PARENT,
      forkedFromId: PARENT,
      source: `{"subagent":{"thread_spawn":{"parent_thread_id":"${PARENT}","depth":1,"agent_path":null,"agent_nickname":"Russell","agent_role":"default"}}}`,
    });
  });

  it('takes the parent from payload.parent_thread_id (0.145) when source has none', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, metaExtra: { session_id: PARENT, parent_thread_id: PARENT, thread_source: 'subagent' } });
    expect(await readRolloutHead(path)).toMatchObject({ status: 'ok', parentThreadId: PARENT, source: 'vscode' });
  });

  it('finds no parent in guardian and review sources', async () => {
    const guardian = writeRollout(home, { id: ID, startedAt: STARTED, source: { subagent: { other: 'guardian' } } });
    const review = writeRollout(home, { id: PARENT, startedAt: STARTED, source: { subagent: 'review' } });
    expect(await readRolloutHead(guardian)).toMatchObject({ parentThreadId: null, source: '{"subagent":{"other":"guardian"}}' });
    expect(await readRolloutHead(review)).toMatchObject({ parentThreadId: null, source: '{"subagent":"review"}' });
  });

  it('reports a missing source (files before about 0.37) as null', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, rawLines: editMeta((m) => delete m.payload.source) });
    expect(await readRolloutHead(path)).toMatchObject({ status: 'ok', source: null });
  });

  it('reads stamps with more than three fractional digits and rejects unparseable ones as null', async () => {
    const path = writeRollout(home, {
      id: ID,
      startedAt: STARTED,
      rawLines: editMeta((m) => {
        m.payload.timestamp = '2026-05-13T08:21:20.2561234Z';
        m.timestamp = 'yesterday';
      }),
    });
    expect(await readRolloutHead(path)).toMatchObject({ status: 'ok', timestamp: STARTED, writtenAt: null });
  });

  it('lowercases an uppercase id and keeps a non-UUID id as written', async () => {
    const upper = writeRollout(home, { id: ID, startedAt: STARTED, rawLines: editMeta((m) => (m.payload.id = ID.toUpperCase())) });
    const odd = writeRollout(home, { id: PARENT, startedAt: STARTED, rawLines: editMeta((m) => (m.payload.id = 'not-a-uuid')) });
    expect(await readRolloutHead(upper)).toMatchObject({ status: 'ok', id: ID });
    expect(await readRolloutHead(odd)).toMatchObject({ status: 'ok', id: 'not-a-uuid' });
  });

  it('reads a legacy bare header', async () => {
    const id = makeV4Id('legacy');
    const startedAt = Date.parse('2025-08-02T10:11:12.345Z');
    const path = writeLegacyRollout(home, { id, startedAt, messages: [{ role: 'user', text: 'hi' }] });
    expect(await readRolloutHead(path)).toEqual({
      status: 'ok',
      format: 'legacy',
      id,
      timestamp: startedAt,
      writtenAt: null,
      forkedFromId: null,
      parentThreadId: null,
      source: null,
      cwd: null,
      originator: null,
      cliVersion: null,
      headBytes: firstLineBytes(path),
    });
  });

  it('reports a zero-byte file as empty', async () => {
    expect(await readRolloutHead(writeEmptyRollout(home, { id: ID, startedAt: STARTED }))).toEqual({ status: 'empty' });
  });

  it('reports a first line that is not JSON as bad-json', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, rawLines: (lines) => ['{not json', ...lines] });
    const head = await readRolloutHead(path);
    expect(head.status).toBe('bad-json');
    expect(head.status === 'bad-json' && head.detail).toMatch(/JSON/);
  });

  it('reports a torn single line (a write cut short) as bad-json', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, finalNewline: false, rawLines: ([meta]) => [(meta as string).slice(0, 700)] });
    expect((await readRolloutHead(path)).status).toBe('bad-json');
  });

  it('reports a blank first line as bad-json', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, rawLines: (lines) => ['', ...lines] });
    expect((await readRolloutHead(path)).status).toBe('bad-json');
  });

  it('reads a single session_meta line without a trailing newline', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, finalNewline: false });
    expect(readFileSync(path).at(-1)).toBe('}'.charCodeAt(0));
    expect(await readRolloutHead(path)).toMatchObject({ status: 'ok', id: ID, headBytes: readFileSync(path).length });
  });

  it('reports other first lines as not-session-meta with their type', async () => {
    const noMeta = writeRollout(home, { id: ID, startedAt: STARTED, turns: [turn], rawLines: (lines) => lines.slice(1) });
    const state = writeRollout(home, { id: PARENT, startedAt: STARTED, rawLines: () => ['{"record_type":"state"}'] });
    const array = writeRollout(home, { id: makeThreadId(STARTED, 'a'), startedAt: STARTED, rawLines: () => ['[1,2]'] });
    const noId = writeRollout(home, { id: makeThreadId(STARTED, 'b'), startedAt: STARTED, rawLines: editMeta((m) => delete m.payload.id) });
    expect(await readRolloutHead(noMeta)).toEqual({ status: 'not-session-meta', firstType: 'event_msg' });
    expect(await readRolloutHead(state)).toEqual({ status: 'not-session-meta', firstType: null });
    expect(await readRolloutHead(array)).toEqual({ status: 'not-session-meta', firstType: null });
    expect(await readRolloutHead(noId)).toEqual({ status: 'not-session-meta', firstType: 'session_meta' });
  });

  it('strips the \\r of a CRLF line ending', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, turns: [turn], rawLines: (lines) => lines.map((l) => `${l}\r`) });
    const head = await readRolloutHead(path);
    expect(head).toMatchObject({ status: 'ok', id: ID });
    expect(head.status === 'ok' && head.headBytes).toBe(firstLineBytes(path) - 1);
  });

  it('reads only the first line: a broken second line does not matter', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, finalNewline: false, rawLines: (lines) => [...lines, '{"timestamp":"2026-05-'] });
    expect(await readRolloutHead(path)).toMatchObject({ status: 'ok', id: ID });
  });

  describe('a 20 MB first line', () => {
    let path: string;
    beforeEach(() => {
      path = writeRollout(home, { id: ID, startedAt: STARTED, baseInstructions: 'x'.repeat(20 * 1024 * 1024) });
    });

    it('is too-long under a small limit and under the default 16 MiB', async () => {
      expect(await readRolloutHead(path, { limitBytes: 64 * 1024 })).toEqual({ status: 'too-long', limitBytes: 64 * 1024 });
      expect(await readRolloutHead(path)).toEqual({ status: 'too-long', limitBytes: 16 * 1024 * 1024 });
    });

    it('is read under a larger limit', async () => {
      expect(await readRolloutHead(path, { limitBytes: 32 * 1024 * 1024 })).toMatchObject({ status: 'ok', id: ID, headBytes: firstLineBytes(path) });
    });
  });

  it('accepts a line of exactly the limit and rejects one byte more', async () => {
    const path = writeRollout(home, { id: ID, startedAt: STARTED, turns: [turn] });
    const bytes = firstLineBytes(path);
    expect(await readRolloutHead(path, { limitBytes: bytes })).toMatchObject({ status: 'ok', headBytes: bytes });
    expect(await readRolloutHead(path, { limitBytes: bytes - 1 })).toEqual({ status: 'too-long', limitBytes: bytes - 1 });
  });

  it.skipIf(!existsSync('/dev/zero'))('stops at the limit on an endless file without a newline', async () => {
    expect(await readRolloutHead('/dev/zero', { limitBytes: 1024 * 1024 })).toEqual({ status: 'too-long', limitBytes: 1024 * 1024 });
  });

  it('decompresses a .zst rollout up to its first line, and reports a broken one as unreadable', async () => {
    expect(await readRolloutHead(join(home, 'missing.jsonl.zst'))).toEqual({ status: 'unreadable', detail: 'ENOENT' });
    const path = writeRollout(home, { id: ID, startedAt: STARTED, compressed: true });
    expect(await readRolloutHead(path)).toMatchObject({ status: 'ok', id: ID });
    const broken = join(home, 'broken.jsonl.zst');
    writeFileSync(broken, Buffer.from('definitely not zstd data, just text'));
    expect(await readRolloutHead(broken)).toMatchObject({ status: 'unreadable' });
    const empty = join(home, 'empty.jsonl.zst');
    writeFileSync(empty, '');
    expect(await readRolloutHead(empty)).toEqual({ status: 'empty' });
  });

  it('reports I/O errors as unreadable with their code', async () => {
    const dir = join(home, 'sessions', 'rollout-2026-05-13T16-21-20-x.jsonl');
    mkdirSync(dir, { recursive: true });
    expect(await readRolloutHead(join(home, 'nope.jsonl'))).toEqual({ status: 'unreadable', detail: 'ENOENT' });
    expect(await readRolloutHead(dir)).toEqual({ status: 'unreadable', detail: 'EISDIR' });
  });
});
