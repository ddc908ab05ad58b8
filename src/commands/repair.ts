import { plural } from '../util/plural.js';
import { ungrouped } from '../analysis/group-by-cause.js';
import { planRepairs } from '../analysis/repair-plan.js';
import { applyRepairPlan } from '../apply/apply-repair-plan.js';
import { UsageError } from '../util/errors.js';
import { displayPath } from '../render/format.js';
import { repairJson, repairResultJson, repairScript } from '../render/repair-script.js';
import { isBundle } from '../sources/bundle/open.js';
import { gatherRepairFacts } from '../sources/repair-facts.js';
import { loadAnalysis, type InputArgs } from '../run/load-analysis.js';
import { writeStdout } from '../run/output.js';

export interface RepairArgs extends InputArgs {
  apply: boolean;
  json: boolean;
}

export async function runRepair(args: RepairArgs): Promise<number> {
  // A bundle's databases are redacted snapshots in a folder removed at exit: repairing them would repair nothing.
  if (args.apply && args.logsDir !== undefined && isBundle(args.logsDir))
    throw new UsageError(`--apply cannot repair a bundle (${args.logsDir}): run it on the machine the bundle came from`);
  const { sources, report: analysed } = await loadAnalysis(args);
  // Each conversation of a group by cause is repaired on its own.
  const report = { ...analysed, findings: ungrouped(analysed.findings) };
  const facts = await gatherRepairFacts(report, sources);
  if (facts === null) {
    throw new UsageError(`no readable state DB at ${report.inputs.stateDb ?? 'the Codex home'}: nothing to repair (see codex-logs analyze)`);
  }
  const plan = planRepairs(report.findings, facts);
  const path = (file: string) => displayPath(file, process.cwd());
  if (!args.apply) {
    await writeStdout(args.json ? repairJson(plan, path) : repairScript(plan, path));
    return 0;
  }
  const result = applyRepairPlan(plan);
  const summary =
    result.applied === 0
      ? 'Nothing to repair automatically; nothing was changed.\n'
      : `Applied ${plural(result.applied, 'repair')} in one transaction to ${path(plan.database)}.\nBackups: ${result.backups.map(path).join(', ')}\nRun codex-logs analyze again to confirm.\n`;
  await writeStdout(args.json ? repairResultJson(plan.database, result) : summary);
  return 0;
}
