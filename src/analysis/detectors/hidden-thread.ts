import { rowDetector, type RowContext } from './row-detector.js';

/** F17: an unarchived row the sidebar hides: its `first_user_message` (or `preview`, from schema 42) is empty (#34446). */
export const hiddenThread = rowDetector({
  kind: 'hidden-thread',
  judge: (ctx) => {
    const column = previewColumn(ctx);
    if (column === null) return null;
    return (row) => {
      const text = column === 'preview' ? row.preview : row.firstUserMessage;
      // Subagent threads are meant to stay out of the sidebar.
      if (row.archived || (text !== null && text !== '') || row.source.startsWith('{')) return null;
      return {
        severity: 'low',
        summary: `Unarchived conversation with an empty ${column}: the sidebar does not list it`,
        cause:
          'The row was written before its first user message was recorded (an interrupted first turn, or a row restored by hand), so thread/list filters it out (openai/codex#34446). It can still be resumed by id.',
      };
    };
  },
  grouped: (n, ctx) => `${n} unarchived conversations have an empty ${previewColumn(ctx)} and are hidden from the sidebar`,
});

/** The column the sidebar shows a conversation by: `preview` from schema 42, `first_user_message` before it. */
function previewColumn(ctx: RowContext): 'preview' | 'first_user_message' | null {
  const columns = ctx.stateDb.threadColumns;
  return columns.includes('preview') ? 'preview' : columns.includes('first_user_message') ? 'first_user_message' : null;
}
