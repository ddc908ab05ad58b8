import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planShares, startedAt, timeWindowSkip, WINDOW_MARGIN_MS } from '../../src/log-index/plan.js';
import { desktopLine } from '../builders/desktop-log.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'codex-logs-plan-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HOUR = 3600 * 1000;

describe('startedAt', () => {
  it('reads the day folder and the -HHMMSS- of a Desktop file name', () => {
    expect(startedAt('/logs/2026/09/14/codex-desktop-0a1b-4612-t0-i1-083657-0.log')).toBe(Date.parse('2026-09-14T08:36:57Z'));
    expect(startedAt('C:\\Logs\\2026\\09\\14\\codex-desktop-x-1-t0-i1-235959-0.log')).toBe(Date.parse('2026-09-14T23:59:59Z'));
    expect(startedAt('/logs/2026/09/14/other.log')).toBe(Date.parse('2026-09-14T00:00:00Z'));
    expect(startedAt('/logs/2026/09/14/nested/codex-desktop-x-1-t0-i1-120000-0.log')).toBe(Date.parse('2026-09-14T12:00:00Z'));
    expect(startedAt('/logs/codex-desktop-x-1-t0-i1-120000-0.log')).toBeNull();
    expect(startedAt('/logs/2026/13/14/a.log')).toBeNull();
  });
});

describe('timeWindowSkip', () => {
  const path = '/logs/2026/09/14/codex-desktop-x-1-t0-i1-080000-0.log';
  const started = Date.parse('2026-09-14T08:00:00Z');
  it('skips a log last written before --since, with the margin', () => {
    const since = Date.parse('2026-09-20T00:00:00Z');
    expect(timeWindowSkip(path, since - WINDOW_MARGIN_MS - 1, since, null)).toMatchObject({
      reason: 'outside-window',
      detail: expect.stringContaining('before --since'),
    });
    expect(timeWindowSkip(path, since - WINDOW_MARGIN_MS + 1, since, null)).toBeNull();
  });
  it('skips a log started after --until by its path, with the margin (local time)', () => {
    expect(timeWindowSkip(path, started + 10 * HOUR, null, started - WINDOW_MARGIN_MS - 1)).toMatchObject({
      reason: 'outside-window',
      detail: expect.stringContaining('after --until'),
    });
    expect(timeWindowSkip(path, started + 10 * HOUR, null, started - WINDOW_MARGIN_MS + 1)).toBeNull();
    expect(timeWindowSkip('/logs/undated.log', started + 10 * HOUR, null, 0)).toBeNull();
  });
});

describe('planShares', () => {
  it('cuts a large file only before lines with Desktop stamps, and groups small files in order', () => {
    const dir = join(root, 'cut');
    mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < 200; i += 1)
      lines.push(desktopLine({ ts: Date.parse('2026-09-14T08:00:00Z') + i, message: 'm', fields: { i } }), '    at continuation', 'untimed');
    const text = `${lines.join('\n')}\n`;
    const big = join(dir, 'big.log');
    writeFileSync(big, text);
    const small = [join(dir, 's1.log'), join(dir, 's2.log'), join(dir, 's3.log')];
    for (const s of small) writeFileSync(s, 'x\n'.repeat(300));
    const plan = planShares([small[0]!, big, small[1]!, small[2]!], { shareBytes: 1000, since: null, until: null });
    expect(plan.shares[0]!.files).toEqual([{ path: small[0] }]);
    const ranges = plan.shares.filter((s) => s.files[0]!.path === big).map((s) => s.files[0]!.range!);
    expect(ranges.length).toBeGreaterThan(5);
    expect(ranges[0]!.start).toBe(0);
    expect(ranges.at(-1)!.end).toBe(text.length);
    for (let i = 1; i < ranges.length; i += 1) {
      expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
      expect(text[ranges[i]!.start - 1]).toBe('\n');
      expect(text.slice(ranges[i]!.start, ranges[i]!.start + 4)).toBe('2026');
    }
    // 600 bytes each: the first alone (the big file ends its run), the two after it together.
    expect(plan.shares.at(-1)!.files).toEqual([{ path: small[1] }, { path: small[2] }]);
  });

  it('reports a large binary file as the reader would, without cutting it', () => {
    const dir = join(root, 'binary');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'core.log');
    writeFileSync(path, Buffer.concat([Buffer.from('2026-09-14T08:00:00.000Z info x\n'), Buffer.alloc(1), Buffer.alloc(5000, 0x41)]));
    expect(planShares([path], { shareBytes: 1000, since: null, until: null })).toEqual({
      shares: [],
      skipped: [{ path, reason: 'binary', detail: 'NUL byte at offset 32' }],
    });
  });

  it('does not open a log wholly before --since, and says why', () => {
    const dir = join(root, 'prune', '2026', '09', '14');
    mkdirSync(dir, { recursive: true });
    const old = join(dir, 'codex-desktop-a-1-t0-i1-080000-0.log');
    const recent = join(dir, 'codex-desktop-b-1-t0-i1-090000-0.log');
    writeFileSync(old, 'x\n');
    writeFileSync(recent, 'x\n');
    utimesSync(old, new Date('2026-09-14T10:00:00Z'), new Date('2026-09-14T10:00:00Z'));
    const plan = planShares([old, recent], { shareBytes: 1 << 20, since: Date.parse('2026-09-16T00:00:00Z'), until: null });
    expect(plan.skipped).toEqual([
      { path: old, reason: 'outside-window', detail: 'last written 2026-09-14T10:00:00.000Z, before --since 2026-09-16T00:00:00.000Z' },
    ]);
    expect(plan.shares.flatMap((s) => s.files.map((f) => f.path))).toEqual([recent]);
  });
});
