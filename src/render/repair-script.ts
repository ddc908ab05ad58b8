import { literalSql } from '../analysis/repair-plan.js';
import type { RepairPlan, RepairStep } from '../model/repair.js';
import { showControl } from './control.js';
import { jsonEnvelope, jsonText, type JsonEnvelope } from './json-envelope.js';

/** The dry run: a script a person can read, and `sqlite3` can run, with what cannot be repaired as comments. */
export function repairScript(plan: RepairPlan, path: (file: string) => string): string {
  const lines = [
    `-- codex-logs repair plan for ${path(plan.database)} (schema ${plan.schemaVersion ?? 'unknown'})`,
    '-- Dry run: nothing was changed. `codex-logs repair --apply` backs up the database and runs this in one transaction.',
    '',
  ];
  if (plan.steps.length === 0) lines.push('-- Nothing to repair automatically.');
  else {
    lines.push('BEGIN;');
    for (const step of plan.steps) lines.push('', `-- ${step.kind} ${step.threadId}: ${step.explanation}`, literalSql(step));
    lines.push('', 'COMMIT;');
  }
  if (plan.notes.length > 0) {
    lines.push('', '-- Not repairable here:');
    for (const note of plan.notes) {
      lines.push(`-- * ${note.kind}${note.threadId ? ` ${note.threadId}` : ''}: ${note.text}`);
      for (const e of note.evidence) lines.push(`--     ${path(e)}`);
    }
  }
  // A note must not end a comment line early: no newlines inside them. SQL literals spell control characters with
  // char() (sqlLiteral), so showing the rest changes no statement.
  return `${lines.map((l) => showControl(l.replace(/[\r\n]+/g, ' '))).join('\n')}\n`;
}

/** `repair --json` without `--apply`: the plan, nothing changed. */
export type RepairPlanDocument = JsonEnvelope<'repair'> & {
  applied: false;
  database: string;
  stateDbSchemaVersion: number | null;
  steps: Pick<RepairStep, 'kind' | 'threadId' | 'explanation' | 'sql'>[];
  notes: (Omit<RepairPlan['notes'][number], 'evidence'> & { evidence: string[] })[];
};

/**
 * `repair --apply --json`: what was done.
 * @public part of the JSON contract, for readers of that document
 */
export type RepairResultDocument = JsonEnvelope<'repair'> & { applied: true; database: string; repairs: number; backups: string[] };

export function repairJson(plan: RepairPlan, path: (file: string) => string): string {
  const doc: RepairPlanDocument = {
    ...jsonEnvelope('repair'),
    applied: false,
    database: plan.database,
    stateDbSchemaVersion: plan.schemaVersion,
    steps: plan.steps.map((s) => ({ kind: s.kind, threadId: s.threadId, explanation: s.explanation, sql: literalSql(s) })),
    notes: plan.notes.map((n) => ({ ...n, evidence: n.evidence.map(path) })),
  };
  return jsonText(doc);
}

export function repairResultJson(database: string, result: { applied: number; backups: readonly string[] }): string {
  const doc: RepairResultDocument = { ...jsonEnvelope('repair'), applied: true, database, repairs: result.applied, backups: [...result.backups] };
  return jsonText(doc);
}
