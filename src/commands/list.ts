import { terminalWidth } from '../util/terminal-width.js';
import { buildInventory } from '../analysis/inventory.js';
import type { PersistenceState } from '../model/choices.js';
import { inventoryJson, inventoryTable } from '../render/inventory.js';
import { loadAnalysis, type InputArgs } from '../run/load-analysis.js';
import { shouldColor } from '../render/color.js';
import { writeStdout } from '../run/output.js';

export interface ListArgs extends InputArgs {
  status: PersistenceState[] | undefined;
  json: boolean;
}

export async function runList(args: ListArgs): Promise<number> {
  const { sources, report } = await loadAnalysis(args);
  const wanted = args.status && args.status.length > 0 ? new Set(args.status) : null;
  const entries = buildInventory(report, sources).filter((e) => wanted === null || wanted.has(e.state));
  await writeStdout(args.json ? inventoryJson(entries) : inventoryTable(entries, terminalWidth(), shouldColor(process.env, process.stdout.isTTY === true)));
  return 0;
}
