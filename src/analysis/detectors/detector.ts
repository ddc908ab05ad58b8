import type { AnalysisContext } from '../context.js';
import type { Finding, FindingKind } from '../../model/finding.js';

/** One failure mode. `earlier` holds the findings of the detectors listed before it (symptoms link to causes). */
export interface Detector {
  kind: FindingKind;
  detect(ctx: AnalysisContext, earlier: readonly Finding[]): Finding[];
}

/** Evidence lists are capped so a grouped finding stays readable; `count` keeps the true number. */
export const MAX_EVIDENCE = 8;

export function finding(f: Omit<Finding, 'explainedBy' | 'count'> & Partial<Pick<Finding, 'explainedBy' | 'count'>>): Finding {
  return { explainedBy: null, count: 1, ...f };
}
