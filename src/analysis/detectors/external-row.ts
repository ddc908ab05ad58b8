import { rowDetector } from './row-detector.js';

const KNOWN_SOURCES = new Set(['cli', 'vscode', 'exec', 'mcp', 'unknown', 'app-server', 'app_server']);
/** Codex's own versions: `0.128.0`, `0.128.0-alpha.1`, `0.146.0-alpha.3.1`. */
const CODEX_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/;

/** F20: rows another tool wrote (e.g. `cli_version='chatgpt2codex/1.2.0'`): untrusted, and a likely cause of odd values. */
export const externalRow = rowDetector({
  kind: 'external-row',
  judge: () => (row) => {
    const odd: string[] = [];
    if (row.cliVersion !== null && row.cliVersion !== '' && !CODEX_VERSION.test(row.cliVersion)) odd.push(`cli_version '${row.cliVersion}'`);
    if (!row.source.startsWith('{') && !KNOWN_SOURCES.has(row.source)) odd.push(`source '${row.source}'`);
    if (odd.length === 0) return null;
    return {
      severity: 'info',
      summary: `Row written by another tool: ${odd.join(', ')}`,
      cause: "Import tools insert rows directly into the state DB. Codex reads them, but their values may not follow Codex's rules.",
    };
  },
  grouped: (n) => `${n} threads rows were written by another tool`,
});
