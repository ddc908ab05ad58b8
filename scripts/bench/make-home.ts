import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeThreadId, rolloutRelPath, writeRollout } from '../../test/builders/rollouts.js';
import { buildStateDb, type ThreadSeed } from '../../test/builders/state-db.js';
import { seededRandom } from './random.js';

/**
 * The session_meta heads of real rollouts (their payloads as Codex wrote them: base instructions, git, source, …),
 * from the published homes in the corpus: a head made of a repeated sentence compresses and scans unlike a real one.
 */
export function corpusHeads(corpus: string): Record<string, unknown>[] {
  const heads: Record<string, unknown>[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/^rollout-.*\.jsonl$/.test(entry.name)) {
        const first = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
        try {
          const record = JSON.parse(first) as { type?: string; payload?: Record<string, unknown> };
          if (record.type === 'session_meta' && record.payload !== undefined && first.length > 4096) heads.push(record.payload);
        } catch {
          // Not a usable head: the corpus holds damaged files on purpose.
        }
      }
    }
  };
  walk(corpus);
  return heads;
}

/**
 * A heavy user's Codex home: `count` rollouts whose session_meta heads are real ones from the corpus (10–30 KB: base
 * instructions as real ones carry), a few turns each, a fifth of them ending in an unfinished turn (which makes the
 * reader look at a wider tail), and a threads row for each, at schema 42. Deterministic for a seed.
 */
export function makeBenchHome(home: string, count: number, seed: number, heads: readonly Record<string, unknown>[]): void {
  if (heads.length === 0) throw new Error('bench: no rollout heads in the corpus (BENCH_CORPUS)');
  const random = seededRandom(seed);
  mkdirSync(home, { recursive: true });
  const start = Date.parse('2026-01-01T00:00:00Z');
  const rows: ThreadSeed[] = [];
  for (let i = 0; i < count; i += 1) {
    const startedAt = start + i * 7 * 60_000 + Math.floor(random() * 60_000);
    const id = makeThreadId(startedAt, `bench-${seed}-${i}`);
    const turns = 1 + Math.floor(random() * 4);
    const head = heads[Math.floor(random() * heads.length)]!;
    const unfinished = random() < 0.2;
    const instructions = (head.base_instructions as { text?: string } | undefined)?.text ?? JSON.stringify(head);
    const spec = {
      id,
      startedAt,
      root: random() < 0.1 ? ('archived_sessions' as const) : ('sessions' as const),
      // The real text, once or twice (10–30 KB, as real heads are with user instructions added).
      baseInstructions: random() < 0.5 ? instructions : `${instructions}\n\n${instructions}`,
      ...(typeof head.cwd === 'string' ? { cwd: head.cwd } : {}),
      ...(typeof head.cli_version === 'string' ? { cliVersion: head.cli_version } : {}),
      turns: Array.from({ length: turns }, (_, t) => ({
        at: startedAt + 20_000 + t * 90_000,
        userMessage: `task ${i}.${t}`,
        agentMessage: 'done',
        complete: !(unfinished && t === turns - 1),
      })),
    };
    writeRollout(home, spec);
    const created = Math.floor(startedAt / 1000);
    rows.push({
      id,
      rolloutPath: join(home, rolloutRelPath(spec)),
      createdAt: created,
      updatedAt: created + turns * 90,
      archived: spec.root === 'archived_sessions',
      archivedAt: spec.root === 'archived_sessions' ? created + 3600 : null,
    });
  }
  buildStateDb(join(home, 'state_5.sqlite'), { schemaVersion: 42, backfillStatus: 'complete', threads: rows });
}
