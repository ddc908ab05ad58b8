import { describe, expect, it } from 'vitest';
import { desktopStampInBytes, desktopStampInto, readLeadingStamp } from '../../../src/sources/desktop-log/stamp.js';

const bytes = (text: string) => Buffer.from(`xx${text}yy`, 'utf8');

describe('desktopStampInBytes', () => {
  it.each(['2026-05-13T09:12:44.120Z info [x] y', '2026-05-13T09:12:44.120Z', '2024-02-29T23:59:59.999Z leap day'])(
    'reads %j as readLeadingStamp does',
    (line) => {
      const b = bytes(line);
      const stamp = readLeadingStamp(line);
      expect(stamp?.kind).toBe('datetime');
      expect(desktopStampInBytes(b, 2, b.length - 2)).toEqual({ ms: stamp?.kind === 'datetime' ? stamp.ms : NaN, end: 24 });
    },
  );

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

describe('desktopStampInto', () => {
  it('writes each stamp of a run of lines into the same object, across minutes and days, and leaves it as it was for a line it declines', () => {
    const lines: [string, string | null][] = [
      ['2026-05-13T09:12:44.120Z a', '2026-05-13T09:12:44.120Z'],
      ['2026-05-13T09:12:59.999Z b', '2026-05-13T09:12:59.999Z'],
      ['2026-05-13T09:13:00.000Z c', '2026-05-13T09:13:00.000Z'],
      ['2026-05-13T09:12:01.001Z back a minute', '2026-05-13T09:12:01.001Z'],
      ['2026-02-30T09:12:44.120Z an impossible day', null],
      ['2026-05-14T09:12:01.001Z next day', '2026-05-14T09:12:01.001Z'],
      ['2026-05-14T09:12:61.001Z an impossible second', null],
      ['2026-05-14T09:12:02.001Z same minute again', '2026-05-14T09:12:02.001Z'],
    ];
    const into = { ms: -1, end: -1 };
    for (const [line, iso] of lines) {
      const before = { ...into };
      const b = bytes(line);
      expect(desktopStampInto(b, 2, b.length - 2, into)).toBe(iso !== null);
      expect(into).toEqual(iso === null ? before : { ms: Date.parse(iso), end: 24 });
    }
  });
});
