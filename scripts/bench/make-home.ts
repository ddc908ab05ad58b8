import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeThreadId, rolloutRelPath, writeRollout } from '../../test/builders/rollouts.js';
import { buildStateDb, type ThreadSeed } from '../../test/builders/state-db.js';
import { seededRandom } from './random.js';

/**
 * A heavy user's Codex home: `count` rollouts with realistic 10–30 KB session_meta heads (base instructions, as real
 * ones carry) and a few turns each, and a threads row for each, at schema 42. Deterministic for a seed.
 */
export function makeBenchHome(home: string, count: number, seed: number): void {
  const random = seededRandom(seed);
  mkdirSync(home, { recursive: true });
  const start = Date.parse('2026-01-01T00:00:00Z');
  const rows: ThreadSeed[] = [];
  for (let i = 0; i < count; i += 1) {
    const startedAt = start + i * 7 * 60_000 + Math.floor(random() * 60_000);
    const id = makeThreadId(startedAt, `bench-${seed}-${i}`);
    const turns = 1 + Math.floor(random() * 4);
    const spec = {
      id,
      startedAt,
      root: random() < 0.1 ? ('archived_sessions' as const) : ('sessions' as const),
      baseInstructions: 'You are Codex. '.repeat(600 + Math.floor(random() * 1400)),
      turns: Array.from({ length: turns }, (_, t) => ({ at: startedAt + 20_000 + t * 90_000, userMessage: `task ${i}.${t}`, agentMessage: 'done', complete: true })),
    };
    writeRollout(home, spec);
    const created = Math.floor(startedAt / 1000);
    rows.push({ id, rolloutPath: join(home, rolloutRelPath(spec)), createdAt: created, updatedAt: created + turns * 90, archived: spec.root === 'archived_sessions', archivedAt: spec.root === 'archived_sessions' ? created + 3600 : null });
  }
  buildStateDb(join(home, 'state_5.sqlite'), { schemaVersion: 42, backfillStatus: 'complete', threads: rows });
}
