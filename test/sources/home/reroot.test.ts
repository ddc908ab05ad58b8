import { describe, expect, it } from 'vitest';
import { comparablePath, detectRecordedHomes, homeOfRolloutPath, rerootRolloutPath } from '../../../src/sources/home/reroot.js';

const NAME = 'rollout-2026-05-03T10-10-31-019dece3-985e-7487-8de9-5dbbf15a5520.jsonl';

describe('homeOfRolloutPath', () => {
  it.each([
    [`/Users/alice/.codex/sessions/2026/05/03/${NAME}`, '/Users/alice/.codex'],
    [`/home/bob/.codex/archived_sessions/${NAME}`, '/home/bob/.codex'],
    [`C:\\Users\\admin\\.codex\\sessions\\2026\\05\\03\\${NAME}`, 'C:\\Users\\admin\\.codex'],
    [`\\\\?\\C:\\Users\\admin\\.codex\\sessions\\2026\\05\\03\\${NAME}`, 'C:\\Users\\admin\\.codex'],
    ['/Users/alice/.codex', null],
    ['', null],
  ])('%s → %s', (path, home) => {
    expect(homeOfRolloutPath(path)).toBe(home);
  });
});

describe('detectRecordedHomes', () => {
  it('takes the home most rows were recorded under', () => {
    const paths = [`/Users/alice/.codex/sessions/a/${NAME}`, `/Users/alice/.codex/archived_sessions/${NAME}`, `/tmp/x/sessions/${NAME}`, ''];
    expect(detectRecordedHomes(paths, '/work/bundle/.codex')).toEqual(['/Users/alice/.codex']);
  });

  it('is empty when the rows already live under the analysed home (Windows paths compare without case)', () => {
    expect(detectRecordedHomes([`/work/h/sessions/${NAME}`], '/work/h')).toEqual([]);
    expect(detectRecordedHomes([`C:\\Users\\Admin\\.codex\\sessions\\${NAME}`], 'c:\\users\\admin\\.codex\\')).toEqual([]);
    expect(detectRecordedHomes([], '/work/h')).toEqual([]);
  });

  it('takes every home whose rollouts are present in the analysed home, the one with most found first', () => {
    // One home seen from a container (/root/.codex) and from the host (/source/<user>/…/.codex).
    const paths = [
      `/root/.codex/sessions/2026/05/03/${NAME}`,
      `/source/alice/proj/.codex/sessions/2026/05/04/b-${NAME}`,
      `/source/alice/proj/.codex/sessions/2026/05/05/c-${NAME}`,
      `/elsewhere/.codex/sessions/x-${NAME}`,
    ];
    const present = new Set([`sessions/2026/05/03/${NAME}`, `sessions/2026/05/04/b-${NAME}`, `sessions/2026/05/05/c-${NAME}`]);
    expect(detectRecordedHomes(paths, '/work/bundle/.codex', present)).toEqual(['/source/alice/proj/.codex', '/root/.codex']);
  });

  it('takes every home tied for most rows when none of their rollouts is present, in the order the rows name them', () => {
    const paths = [`/codex-home/sessions/${NAME}`, `/Users/bob/.codex/sessions/${NAME}`];
    expect(detectRecordedHomes(paths, '/work/bundle/.codex')).toEqual(['/codex-home', '/Users/bob/.codex']);
  });

  it('leaves a minority home whose rollouts are absent out, when the analysed home has more rows', () => {
    const paths = [`/work/h/sessions/a-${NAME}`, `/work/h/sessions/b-${NAME}`, `/Users/bob/.codex/sessions/${NAME}`];
    expect(detectRecordedHomes(paths, '/work/h', new Set([`sessions/a-${NAME}`]))).toEqual([]);
  });
});

describe('rerootRolloutPath', () => {
  const home = '/work/bundle/.codex';
  it.each([
    [`/Users/alice/.codex/sessions/2026/05/03/${NAME}`, '/Users/alice/.codex', { status: 'inside', relative: `sessions/2026/05/03/${NAME}` }],
    [`C:\\Users\\Alice\\.codex\\archived_sessions\\${NAME}`, 'C:\\Users\\alice\\.codex', { status: 'inside', relative: `archived_sessions/${NAME}` }],
    [`\\\\?\\C:\\Users\\alice\\.codex\\sessions\\${NAME}`, 'C:\\Users\\alice\\.codex', { status: 'inside', relative: `sessions/${NAME}` }],
    [`${home}/sessions/${NAME}`, null, { status: 'inside', relative: `sessions/${NAME}` }],
    ['/Users/alice/.codex', '/Users/alice/.codex', { status: 'inside', relative: '' }],
    ['/Users/alice/.codex/', '/Users/alice/.codex', { status: 'inside', relative: '' }],
    ['', null, { status: 'empty' }],
    ['   ', null, { status: 'empty' }],
    [`sessions/${NAME}`, null, { status: 'inside', relative: `sessions/${NAME}` }],
    ['../../etc/passwd', null, { status: 'outside' }],
    ['/Users/alice/.codex/sessions/../../../../etc/passwd', '/Users/alice/.codex', { status: 'outside' }],
    ['/etc/passwd', '/Users/alice/.codex', { status: 'outside' }],
    ['/Users/alice/.codex-other/sessions/x.jsonl', '/Users/alice/.codex', { status: 'outside' }],
  ])('%s (recorded home %s)', (recorded, recordedHome, expected) => {
    expect(rerootRolloutPath(recorded, home, recordedHome === null ? [] : [recordedHome])).toEqual(expected);
  });
});

describe('comparablePath', () => {
  it('drops the verbatim prefix, unifies separators and trailing slashes', () => {
    expect(comparablePath('\\\\?\\C:\\Users\\a\\.codex\\')).toBe('C:/Users/a/.codex');
    expect(comparablePath('/a/b//')).toBe('/a/b');
    expect(comparablePath('/')).toBe('/');
  });
});
