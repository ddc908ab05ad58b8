import { buildInventory, familyTree } from '../analysis/inventory.js';
import { UsageError } from '../util/errors.js';
import { treeJson, treeText } from '../render/inventory.js';
import { loadAnalysis, threadIdArgument, type InputArgs } from '../run/load-analysis.js';
import { shouldColor } from '../render/color.js';
import { writeStdout } from '../run/output.js';

export interface TreeArgs extends InputArgs {
  threadId: string;
  json: boolean;
}

export async function runTree(args: TreeArgs): Promise<number> {
  const id = threadIdArgument('THREAD_ID', args.threadId);
  const { sources, report } = await loadAnalysis({ logsDir: args.logsDir, codexHome: args.codexHome, since: args.since, until: args.until });
  const root = familyTree(buildInventory(report, sources), id);
  if (root === null) throw new UsageError(`no Desktop log, threads row or rollout mentions conversation ${id}`);
  await writeStdout(args.json ? treeJson(root, id) : treeText(root, id, shouldColor(process.env, process.stdout.isTTY === true)));
  return 0;
}
