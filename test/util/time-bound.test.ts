import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/util/errors.js';
import { parseTimeBound } from '../../src/util/time-bound.js';

const NOW = Date.parse('2026-05-04T12:00:00.000Z');

describe('parseTimeBound', () => {
  it.each([
    ['2d', NOW - 2 * 86_400_000],
    ['36h', NOW - 36 * 3_600_000],
    ['90m', NOW - 90 * 60_000],
    ['1w', NOW - 7 * 86_400_000],
    ['1.5h', NOW - 90 * 60_000],
    ['2026-05-03T14:00Z', Date.parse('2026-05-03T14:00:00Z')],
    ['2026-05-03T14:00:00.250+02:00', Date.parse('2026-05-03T12:00:00.250Z')],
  ])('%s', (text, expected) => {
    expect(parseTimeBound('since', text, NOW)).toBe(expected);
  });

  it('reads a date without a zone as local time', () => {
    expect(parseTimeBound('since', '2026-05-03', NOW)).toBe(new Date(2026, 4, 3).getTime());
  });

  it.each(['yesterday', '', '2d ago', '2026-13-01', '-2d'])('rejects %j with a usage error naming the option', (text) => {
    expect(() => parseTimeBound('until', text, NOW)).toThrow(UsageError);
    expect(() => parseTimeBound('until', text, NOW)).toThrow(/^--until /);
  });
});
