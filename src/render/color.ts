import type { PersistenceState } from '../model/choices.js';
import type { Severity } from '../model/finding.js';

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  severity(severity: Severity, s: string): string;
  /** Where a conversation stands: green when it is on disk, yellow when half of it is, red when none of it is. */
  state(state: PersistenceState, s: string): string;
}

/** NO_COLOR (any non-empty value) wins, then FORCE_COLOR (anything but `0`/`false`), then whether stdout is a terminal. */
export function shouldColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY;
}

const SEVERITY_CODES: Record<Severity, string> = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2' };
const STATE_CODES: Record<PersistenceState, string> = {
  persisted: '32',
  archived: '32',
  compressed: '32',
  'row-only': '33',
  'rollout-only': '33',
  'index-only': '33',
  'log-only': '31',
};

export function palette(color: boolean): Palette {
  const wrap = (code: string) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    bold: wrap('1'),
    dim: wrap('2'),
    severity: (severity, s) => wrap(SEVERITY_CODES[severity])(s),
    state: (state, s) => (Object.hasOwn(STATE_CODES, state) ? wrap(STATE_CODES[state])(s) : s),
  };
}
