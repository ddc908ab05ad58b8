import { rowEvidence } from '../context.js';
import type { Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';
import { groupWhenMany } from './group.js';

/** F17: an unarchived row the sidebar hides: its `first_user_message` (or `preview`, from schema 42) is empty (#34446). */
export const hiddenThread: Detector = {
  kind: 'hidden-thread',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok') return [];
    const dbPath = ctx.stateDb.path;
    const column = ctx.stateDb.threadColumns.includes('preview') ? 'preview' : ctx.stateDb.threadColumns.includes('first_user_message') ? 'first_user_message' : null;
    if (column === null) return [];
    const found: Finding[] = [];
    for (const row of ctx.rowsById.values()) {
      const text = column === 'preview' ? row.preview : row.firstUserMessage;
      // Subagent threads are meant to stay out of the sidebar.
      if (row.archived || (text !== null && text !== '') || row.source.startsWith('{') || !ctx.isSelected(row.id)) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'low',
          threadId: row.id,
          summary: `Unarchived conversation with an empty ${column}: the sidebar does not list it`,
          cause: 'The row was written before its first user message was recorded (an interrupted first turn, or a row restored by hand), so thread/list filters it out (openai/codex#34446). It can still be resumed by id.',
          evidence: [rowEvidence(row, dbPath)],
        }),
      );
    }
    return groupWhenMany(found, (n) => `${n} unarchived conversations have an empty ${column} and are hidden from the sidebar`);
  },
};
