import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayPath, displayTime, isoTime } from '../../src/render/format.js';

describe('times and paths', () => {
  it('formats times for machines and people', () => {
    expect(isoTime(Date.parse('2026-05-03T08:40:05.251Z'))).toBe('2026-05-03T08:40:05.251Z');
    expect(isoTime(null)).toBeNull();
  });

  it('writes every instant as Date#toISOString does, whole or fractional, before 1970 or far ahead', () => {
    const instant = fc.oneof(
      fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }),
      fc.double({ min: -3e14, max: 3e14, noNaN: true }),
      fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
    );
    fc.assert(
      fc.property(instant, (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
    expect(isoTime(Number.NaN)).toBeNull();
    expect(isoTime(Number.POSITIVE_INFINITY)).toBeNull();
    expect(displayTime(Date.parse('2026-05-03T08:40:05.251Z'))).toBe('2026-05-03 08:40:05Z');
    expect(displayTime(null)).toBe('—');
  });

  it('shows paths below the working directory relative to it', () => {
    expect(displayPath('/work/case/logs/a.log', '/work/case')).toBe('logs/a.log');
    expect(displayPath('/work/case', '/work/case')).toBe('.');
    expect(displayPath('/elsewhere/a.log', '/work/case')).toBe('/elsewhere/a.log');
    expect(displayPath('relative/a.log', '/work/case')).toBe('relative/a.log');
  });
});
