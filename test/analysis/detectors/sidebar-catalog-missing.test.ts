import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSidebarCatalog, sidebarCatalogPath } from '../../builders/sidebar-catalog.js';
import { at, idAt, only, rowFor, run, writeDb, writeThreadRollout, useScenario } from '../scenario.js';

const s = useScenario();

const listed = idAt(0, 'listed');
const lost = idAt(5, 'lost');
const marked = idAt(9, 'marked');

function threeConversations(): void {
  writeDb(
    s,
    [listed, lost, marked].map((id, i) => rowFor(writeThreadRollout(s, id, [0, 5, 9][i]!), s.home, { title: `chat ${i}` })),
  );
}

describe('sidebar-catalog-missing (C1: Desktop sidebar catalog lost threads)', () => {
  it('names each conversation with a row and a rollout that the catalog lacks or marks missing', async () => {
    threeConversations();
    buildSidebarCatalog(s.home, {
      entries: [{ threadId: listed }, { threadId: marked, missingCandidate: true }],
      syncState: { initialBuildComplete: false, watermarkUpdatedAt: null, lastFullReconciledAt: null },
    });
    const found = only(await run(s), 'sidebar-catalog-missing');
    expect(found.map((f) => [f.threadId, f.severity])).toEqual([
      [lost, 'medium'],
      [marked, 'medium'],
    ]);
    expect(found[0]?.summary).toBe(
      '"chat 1": threads row and rollout are fine, but the Desktop sidebar catalog has no entry for it, so the sidebar and its search do not show it',
    );
    expect(found[1]?.summary).toContain('marks it missing_candidate');
    expect(found[0]?.cause).toContain('never finished its first build (initial_build_complete = 0, watermark_updated_at = NULL)');
    expect(found[0]?.evidence.map((e) => [e.source, e.file])).toEqual([
      ['state-db', `${s.home}/state_5.sqlite`],
      ['codex-home', sidebarCatalogPath(s.home)],
    ]);
  });

  it('says the catalog is stale when its first build did finish', async () => {
    threeConversations();
    buildSidebarCatalog(s.home, { entries: [{ threadId: listed }, { threadId: marked }] });
    const found = only(await run(s), 'sidebar-catalog-missing');
    expect(found.map((f) => f.threadId)).toEqual([lost]);
    expect(found[0]?.cause).toMatch(/^The catalog is stale/);
  });

  it("counts only the local host's entries", async () => {
    threeConversations();
    buildSidebarCatalog(s.home, { entries: [{ threadId: listed }, { threadId: marked }, { threadId: lost, hostId: 'remote-devbox' }] });
    expect(only(await run(s), 'sidebar-catalog-missing').map((f) => f.threadId)).toEqual([lost]);
  });

  it('is quiet when the catalog lists every conversation, or when there is no catalog', async () => {
    threeConversations();
    expect(only(await run(s), 'sidebar-catalog-missing')).toEqual([]);
    buildSidebarCatalog(s.home, { entries: [{ threadId: listed }, { threadId: lost }, { threadId: marked }] });
    expect(only(await run(s), 'sidebar-catalog-missing')).toEqual([]);
  });

  it('is quiet for threads the sidebar never lists or that are not intact: archived, subagent, empty preview, no rollout, newer than the catalog', async () => {
    const archived = writeThreadRollout(s, idAt(1, 'archived'), 1, { root: 'archived_sessions' });
    const subagent = idAt(2, 'subagent');
    const spawn = { subagent: { thread_spawn: { parent_thread_id: listed, depth: 1 } } };
    const newer = idAt(60 * 24 * 400, 'newer');
    writeDb(s, [
      rowFor(writeThreadRollout(s, listed, 0), s.home),
      rowFor(archived, s.home, { archived: true, archivedAt: Math.floor(at(2) / 1000) }),
      rowFor(writeThreadRollout(s, subagent, 2, { source: spawn }), s.home, { source: JSON.stringify(spawn) }),
      rowFor(writeThreadRollout(s, idAt(3, 'empty'), 3), s.home, { firstUserMessage: '', title: '', preview: '' }),
      {
        ...rowFor(writeThreadRollout(s, idAt(4, 'gone'), 4), s.home),
        rolloutPath: `${s.home}/sessions/2026/05/03/rollout-2026-05-03T08-04-00-${idAt(4, 'gone')}-x.jsonl`,
      },
      rowFor(writeThreadRollout(s, newer, 60 * 24 * 400), s.home),
    ]);
    buildSidebarCatalog(s.home, { entries: [{ threadId: listed }], mtime: at(60) });
    expect(only(await run(s), 'sidebar-catalog-missing')).toEqual([]);
  });

  it('counts a catalog it cannot read and goes on', async () => {
    threeConversations();
    buildSidebarCatalog(s.home, { entries: [] });
    writeFileSync(sidebarCatalogPath(s.home), 'not a database at all, but long enough to be read as one '.repeat(200));
    const report = await run(s);
    expect(only(report, 'sidebar-catalog-missing')).toEqual([]);
    expect(report.stats.problems.map((p) => p.what)).toContainEqual(expect.stringMatching(/^the Desktop sidebar catalog could not be read \(/));
  });
});
