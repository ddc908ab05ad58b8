import { describe, expect, it } from 'vitest';
import { desktopStampInBytes, readLeadingStamp } from '../../../src/sources/desktop-log/stamp.js';

const bytes = (text: string) => Buffer.from(`xx${text}yy`, 'utf8');

describe('desktopStampInBytes', () => {
  it.each([
    '2026-05-13T09:12:44.120Z info [x] y',
    '2026-05-13T09:12:44.120Z',
    '2024-02-29T23:59:59.999Z leap day',
  ])('reads %j as readLeadingStamp does', (line) => {
    const b = bytes(line);
    const stamp = readLeadingStamp(line);
    expect(stamp?.kind).toBe('datetime');
    expect(desktopStampInBytes(b, 2, b.length - 2)).toEqual({ ms: stamp?.kind === 'datetime' ? stamp.ms : NaN, end: 24 });
  });

  it.each([
    ['another shape', '2026-05-13 09:12:44.120 info'],
    ['no boundary after it', '2026-05-13T09:12:44.120Zinfo'],
    ['an impossible date', '2026-02-30T09:12:44.120Z info'],
    ['a year before 100', '0099-05-13T09:12:44.120Z info'],
    ['too short', '2026-05-13T09:12'],
    ['non-ASCII digits', '２026-05-13T09:12:44.120Z info'],
  ])('gives null for %s (the general reader decides)', (_why, line) => {
    const b = bytes(line);
    expect(desktopStampInBytes(b, 2, b.length - 2)).toBeNull();
  });
});
