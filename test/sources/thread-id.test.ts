import { describe, expect, it } from 'vitest';
import { isThreadId, normalizeThreadId, uuidV7TimeMs } from '../../src/sources/thread-id.js';
import { makeThreadId, makeV4Id } from '../builders/rollouts.js';

const V7 = '019d6d67-1952-7e83-93ef-94497e3c15b6';
const V4 = '613a9a68-8816-40b2-a2d4-041ade599da6';

describe('isThreadId', () => {
  it('accepts hyphenated UUIDs of any version and case', () => {
    expect(isThreadId(V7)).toBe(true);
    expect(isThreadId(V4)).toBe(true);
    expect(isThreadId(V7.toUpperCase())).toBe(true);
  });

  it('rejects other shapes', () => {
    expect(isThreadId(V7.replaceAll('-', ''))).toBe(false);
    expect(isThreadId(V7.slice(1))).toBe(false);
    expect(isThreadId(`${V7} `)).toBe(false);
    expect(isThreadId(`{${V7}}`)).toBe(false);
    expect(isThreadId('019d6d67-1952-7e83-93ef-94497e3c15bz')).toBe(false);
  });
});

describe('uuidV7TimeMs', () => {
  it("reads a v7 id's creation time: the Xu-Wentao thread was created at 14:02:46.482Z, its session_meta says .487", () => {
    const ms = uuidV7TimeMs(V7);
    expect(ms).toBe(Date.parse('2026-04-08T14:02:46.482Z'));
    expect(Math.abs((ms as number) - Date.parse('2026-04-08T14:02:46.487Z'))).toBeLessThan(1000);
  });

  it('reads uppercase ids', () => {
    expect(uuidV7TimeMs(V7.toUpperCase())).toBe(Date.parse('2026-04-08T14:02:46.482Z'));
  });

  it('is null for v4 ids and non-ids, whose leading bits mean nothing', () => {
    expect(uuidV7TimeMs(V4)).toBeNull();
    expect(uuidV7TimeMs('019d6d67')).toBeNull();
    expect(uuidV7TimeMs(`client-new-thread:${V7}`)).toBeNull();
  });

  it('round-trips the ids the builders make', () => {
    const at = Date.parse('2026-05-13T08:21:20.256Z');
    expect(uuidV7TimeMs(makeThreadId(at, 'x'))).toBe(at);
    expect(makeThreadId(at, 'x')).toBe(makeThreadId(at, 'x'));
    expect(makeThreadId(at, 'x')).not.toBe(makeThreadId(at, 'y'));
    expect(isThreadId(makeV4Id('a'))).toBe(true);
    expect(makeV4Id('a')[14]).toBe('4');
  });
});

describe('normalizeThreadId', () => {
  it('lowercases and trims a UUID', () => {
    expect(normalizeThreadId(` ${V7.toUpperCase()}\t`)).toBe(V7);
    expect(normalizeThreadId(V4)).toBe(V4);
  });

  it.each([
    ['null', 'null'],
    ['none', 'none'],
    ['empty', ''],
    ['a Desktop placeholder', `client-new-thread:${V7}`],
    ['a placeholder elided by a reporter', 'client-new-thread:33199600-...'],
    ['a feedback id', `no-active-thread-${V7}`],
    ['an elided id', '019ef957-...-0e6'],
    ['a truncated id', '019f68ec'],
    ['an id in a log path', `/local/${V7}`],
    ['a placeholder', '<ID>'],
  ])('rejects %s', (_what, raw) => {
    expect(normalizeThreadId(raw)).toBeNull();
  });

  it('rejects missing values', () => {
    expect(normalizeThreadId(null)).toBeNull();
    expect(normalizeThreadId(undefined)).toBeNull();
  });
});
