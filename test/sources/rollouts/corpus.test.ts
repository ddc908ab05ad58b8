import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findRollouts } from '../../../src/sources/rollouts/discover.js';
import { parseRolloutFileName } from '../../../src/sources/rollouts/file-name.js';
import { readRolloutHead } from '../../../src/sources/rollouts/read-head.js';
import { uuidV7TimeMs } from '../../../src/sources/thread-id.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpus = join(repoRoot, '..', 'shared', 'corpus');
const rolloutsDir = join(corpus, 'rollouts');
const xuHome = join(corpus, 'codex-homes', 'Xu-Wentao+dotfile', '.codex');

interface ReadmeRow {
  file: string;
  bytes: number;
  kept: string;
  originator: string;
  cliVersion: string;
  source: string;
  forkedFromId: string;
}

/** The per-file table of rollouts/README.md: `| [file](url) | lines / bytes | kept | originator | cli | source | fork | notes |`. */
function readmeRows(): ReadmeRow[] {
  const rows: ReadmeRow[] = [];
  for (const line of readFileSync(join(rolloutsDir, 'README.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const file = /^\[([^\]]+)\]/.exec(cells[1] ?? '')?.[1];
    if (file === undefined) continue;
    rows.push({
      file,
      bytes: Number((cells[2] ?? '').split('/')[1]),
      kept: cells[3] ?? '',
      originator: cells[4] ?? '',
      cliVersion: cells[5] ?? '',
      source: (cells[6] ?? '').replace(/^`|`$/g, ''),
      forkedFromId: cells[7] ?? '',
    });
  }
  return rows;
}

/** Corpus files are named `<owner>+<repo>__<original name>`. */
function originalName(file: string): string {
  return file.slice(file.indexOf('__') + 2);
}

function firstLineBytes(path: string): number {
  const bytes = readFileSync(path);
  const newline = bytes.indexOf(0x0a);
  return newline < 0 ? bytes.length : newline;
}

describe.skipIf(!existsSync(rolloutsDir))('real rollouts (corpus)', () => {
  const rows = existsSync(rolloutsDir) ? readmeRows() : [];

  it('has a README row for every file and 3 zero-byte files', () => {
    const files = readdirSync(rolloutsDir)
      .filter((f) => f !== 'README.md')
      .sort();
    expect(rows.map((r) => r.file).sort()).toEqual(files);
    expect(rows.filter((r) => r.bytes === 0)).toHaveLength(3);
  });

  it('reads every head as the README describes it', async () => {
    for (const row of rows) {
      const path = join(rolloutsDir, row.file);
      const head = await readRolloutHead(path);
      if (row.kept === 'whole' || row.kept.startsWith('whole (')) expect(statSync(path).size, row.file).toBe(row.bytes);
      if (row.bytes === 0) {
        expect(head, row.file).toEqual({ status: 'empty' });
        continue;
      }
      // No corpus file is in the legacy format: even CLI 0.34/0.36 (Sep–Oct 2025) wrote the envelope.
      expect(head, row.file).toMatchObject({ status: 'ok', format: 'modern', originator: row.originator, cliVersion: row.cliVersion });
      if (head.status !== 'ok') continue;
      expect(head.forkedFromId, row.file).toBe(row.forkedFromId === '' ? null : row.forkedFromId);
      expect(head.headBytes, row.file).toBe(firstLineBytes(path));
      if (row.source === 'None') expect(head.source, row.file).toBeNull();
      else if (row.source.endsWith('...')) expect(head.source?.startsWith(row.source.slice(0, -3)), row.file).toBe(true);
      else expect(head.source, row.file).toBe(row.source);
    }
  });

  it('finds the id of every rollout name in its session_meta', async () => {
    let compared = 0;
    for (const row of rows) {
      const name = parseRolloutFileName(originalName(row.file));
      if (row.file.endsWith('example-session-metadata.jsonl')) {
        expect(name).toBeNull();
        continue;
      }
      expect(name, row.file).not.toBeNull();
      const head = await readRolloutHead(join(rolloutsDir, row.file));
      if (head.status === 'ok') {
        expect(head.id, row.file).toBe(name?.id);
        compared += 1;
      }
    }
    expect(compared).toBe(26);
  });

  it('sees local time in file names: whole-hour offsets from the UTC session_meta timestamp', async () => {
    const offsets = new Set<number>();
    for (const row of rows) {
      const name = parseRolloutFileName(originalName(row.file));
      const head = await readRolloutHead(join(rolloutsDir, row.file));
      if (name === null || head.status !== 'ok' || head.timestamp === null) continue;
      const offsetMs = name.localStampMs - Math.floor(head.timestamp / 1000) * 1000;
      expect(Number.isInteger(offsetMs / 3_600_000), row.file).toBe(true);
      offsets.add(offsetMs / 3_600_000);
    }
    expect([...offsets].sort((a, b) => a - b)).toEqual([-7, -6, 1, 8, 9]);
  });

  it('reads parents of spawned subagents and keeps guardian/review sources parentless', async () => {
    const parents = new Map<string, string | null>();
    for (const row of rows) {
      const head = await readRolloutHead(join(rolloutsDir, row.file));
      if (head.status === 'ok' && head.source?.startsWith('{')) parents.set(head.id, head.parentThreadId);
    }
    expect(Object.fromEntries(parents)).toEqual({
      '019b5669-8da8-7bc3-bed8-e1c1b805dad5': null,
      '019d781a-be34-7041-abb1-577f9360b907': '019d50e7-0024-70b2-ad77-923977703877',
      '019d924b-53f5-78f1-a0d4-69aa13191f54': '019d9249-e0ee-7020-a305-b6369cd02251',
      '019e070a-613e-7633-aab9-3a0bd64affcb': null,
      '019e1c6f-7141-7f40-8c27-a49f47a2b526': '019e1c6b-6b4c-7f52-9b7a-3a7d96c0faac',
      '019f4efd-0137-7790-9622-c175e1415048': '019f4efb-ae76-7e30-b44e-3fa464c16193',
    });
  });

  it('matches UUIDv7 times to session_meta timestamps, except a subagent id minted 5 s earlier', async () => {
    const skews = new Map<string, number>();
    for (const row of rows) {
      const head = await readRolloutHead(join(rolloutsDir, row.file));
      const v7 = head.status === 'ok' ? uuidV7TimeMs(head.id) : null;
      if (head.status === 'ok' && v7 !== null && head.timestamp !== null) skews.set(head.id, v7 - head.timestamp);
    }
    expect(skews.size).toBe(25);
    expect(skews.get('019f4efd-0137-7790-9622-c175e1415048')).toBe(-5009);
    expect([...skews].filter(([, skew]) => Math.abs(skew) >= 1000).map(([id]) => id)).toEqual(['019f4efd-0137-7790-9622-c175e1415048']);
  });
});

describe.skipIf(!existsSync(xuHome))('a real Codex home (Xu-Wentao)', () => {
  it('finds its 5 rollouts, ids matching their names', async () => {
    const { files, stats } = await findRollouts(xuHome);
    expect(files.map((f) => f.relPath)).toEqual([
      'sessions/2026/04/07/rollout-2026-04-07T23-24-08-019d688b-3b5f-72c0-8028-4a4af562b9f5.jsonl',
      'sessions/2026/04/08/rollout-2026-04-08T22-02-46-019d6d67-1952-7e83-93ef-94497e3c15b6.jsonl',
      'sessions/2026/04/08/rollout-2026-04-08T22-18-42-019d6d75-b03d-7f83-a2c7-c3478007d5e0.jsonl',
      'sessions/2026/04/09/rollout-2026-04-09T00-15-49-019d6de0-ea2a-7e70-8eae-f459f6b9aea8.jsonl',
      'sessions/2026/04/09/rollout-2026-04-09T00-16-48-019d6de1-d0fe-7f81-a1e1-d510f519f70e.jsonl',
    ]);
    for (const file of files) {
      expect(file.head, file.relPath).toMatchObject({
        status: 'ok',
        format: 'modern',
        id: file.name?.id,
        originator: 'codex-tui',
        cliVersion: '0.118.0',
        source: 'cli',
      });
      expect(file.size).toBe(statSync(file.path).size);
    }
    expect(files[1]?.head).toMatchObject({ timestamp: Date.parse('2026-04-08T14:02:46.487Z'), writtenAt: Date.parse('2026-04-08T14:03:02.439Z') });
    expect(stats).toEqual({
      sessionsRootExists: true,
      archivedRootExists: false,
      files: 5,
      inSessions: 5,
      inArchived: 0,
      compressed: 0,
      emptyFiles: 0,
      unreadableHeads: 0,
      otherFiles: 0,
      unreadableDirs: [],
      tempFiles: [],
    });
  });
});
