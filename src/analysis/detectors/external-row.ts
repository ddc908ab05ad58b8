import { rowEvidence } from '../context.js';
import type { Finding } from '../../model/finding.js';
import { finding, type Detector } from './detector.js';
import { groupWhenMany } from './group.js';

const KNOWN_SOURCES = new Set(['cli', 'vscode', 'exec', 'mcp', 'unknown', 'app-server', 'app_server']);
/** Codex's own versions: `0.128.0`, `0.128.0-alpha.1`, `0.146.0-alpha.3.1`. */
const CODEX_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/;

/** F20: rows another tool wrote (e.g. `cli_version='chatgpt2codex/1.2.0'`): untrusted, and a likely cause of odd values. */
export const externalRow: Detector = {
  kind: 'external-row',
  detect(ctx) {
    if (ctx.stateDb.status !== 'ok') return [];
    const dbPath = ctx.stateDb.path;
    const found: Finding[] = [];
    for (const row of ctx.rowsById.values()) {
      if (!ctx.isSelected(row.id)) continue;
      const odd: string[] = [];
      if (row.cliVersion !== null && row.cliVersion !== '' && !CODEX_VERSION.test(row.cliVersion)) odd.push(`cli_version '${row.cliVersion}'`);
      if (!row.source.startsWith('{') && !KNOWN_SOURCES.has(row.source)) odd.push(`source '${row.source}'`);
      if (odd.length === 0) continue;
      found.push(
        finding({
          kind: this.kind,
          severity: 'info',
          threadId: row.id,
          summary: `Row written by another tool: ${odd.join(', ')}`,
          cause: 'Import tools insert rows directly into the state DB. Codex reads them, but their values may not follow Codex\'s rules.',
          evidence: [rowEvidence(row, dbPath)],
        }),
      );
    }
    return groupWhenMany(found, (n) => `${n} threads rows were written by another tool`);
  },
};
