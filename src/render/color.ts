import type { Severity } from '../analysis/types.js';

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  severity(severity: Severity, s: string): string;
}

/** NO_COLOR (any non-empty value) wins, then FORCE_COLOR (anything but `0`/`false`), then whether stdout is a terminal. */
export function shouldColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY;
}

const SEVERITY_CODES: Record<Severity, string> = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2' };

export function palette(color: boolean): Palette {
  const wrap = (code: string) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    bold: wrap('1'),
    dim: wrap('2'),
    severity: (severity, s) => wrap(SEVERITY_CODES[severity])(s),
  };
}
