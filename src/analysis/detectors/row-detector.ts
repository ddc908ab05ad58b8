import type { Evidence, Finding, FindingKind, Severity } from '../../model/finding.js';
import type { RowPathCheck } from '../../model/report.js';
import type { StateDbOk, ThreadRow } from '../../sources/state-db/types.js';
import { rowEvidence, type AnalysisContext } from '../context.js';
import { finding, type Detector } from './detector.js';
import { groupWhenMany } from './group.js';

/** What a detector says about one threads row. */
export interface RowVerdict {
  severity: Severity;
  summary: string;
  cause: string;
  /** Evidence after the row's own, which every such finding starts with. */
  more?: Evidence[];
}

/** A context whose state DB was read: the only one in which a threads row can be judged. */
export type RowContext = AnalysisContext & { stateDb: StateDbOk };

interface RowDetectorSpec<T> {
  kind: FindingKind;
  /** Once per run: the judge of one row, or null when there is nothing to judge in this run. */
  judge(ctx: RowContext): ((item: T, row: ThreadRow) => RowVerdict | null) | null;
  /** The summary of the one finding that stands for more than ten (groupWhenMany); without it, never grouped. */
  grouped?: (count: number, ctx: RowContext) => string;
}

/**
 * A detector that judges each threads row of a selected conversation on its own. It holds what every such detector
 * repeated: nothing to say without a readable state DB, only the selected conversations, the row as first evidence,
 * and one finding for many.
 */
export function rowDetector(spec: RowDetectorSpec<ThreadRow>): Detector {
  return eachRow(spec, function* (ctx) {
    for (const row of ctx.rowsById.values()) yield [row, row];
  });
}

/** As rowDetector, for the checks of what each row's `rollout_path` names on this machine. */
export function rowPathDetector(spec: RowDetectorSpec<RowPathCheck>): Detector {
  return eachRow(spec, function* (ctx) {
    for (const check of ctx.rowPathById.values()) yield [check, ctx.rowsById.get(check.threadId)!];
  });
}

function eachRow<T>(spec: RowDetectorSpec<T>, items: (ctx: RowContext) => Iterable<readonly [T, ThreadRow]>): Detector {
  return {
    kind: spec.kind,
    detect(ctx) {
      if (!hasStateDb(ctx)) return [];
      const judge = spec.judge(ctx);
      if (judge === null) return [];
      const found: Finding[] = [];
      for (const [item, row] of items(ctx)) {
        if (!ctx.isSelected(row.id)) continue;
        const verdict = judge(item, row);
        if (verdict !== null) found.push(rowFinding(spec.kind, row, ctx.stateDb.path, verdict));
      }
      const grouped = spec.grouped;
      return grouped === undefined ? found : groupWhenMany(found, (n) => grouped(n, ctx));
    },
  };
}

function hasStateDb(ctx: AnalysisContext): ctx is RowContext {
  return ctx.stateDb.status === 'ok';
}

/** A finding about one threads row, its evidence starting with the row. */
export function rowFinding(kind: FindingKind, row: ThreadRow, dbPath: string, verdict: RowVerdict): Finding {
  return finding({
    kind,
    severity: verdict.severity,
    threadId: row.id,
    summary: verdict.summary,
    cause: verdict.cause,
    evidence: [rowEvidence(row, dbPath), ...(verdict.more ?? [])],
  });
}
