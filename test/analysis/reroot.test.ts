import { describe, expect, it } from 'vitest';
import { comparablePath, detectRecordedHome, homeOfRolloutPath, rerootRolloutPath } from '../../src/analysis/reroot.js';

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

describe('detectRecordedHome', () => {
  it('takes the home most rows were recorded under', () => {
    const paths = [`/Users/alice/.codex/sessions/a/${NAME}`, `/Users/alice/.codex/archived_sessions/${NAME}`, `/tmp/x/sessions/${NAME}`, ''];
    expect(detectRecordedHome(paths, '/work/bundle/.codex')).toBe('/Users/alice/.codex');
  });

  it('is null when the rows already live under the analysed home (Windows paths compare without case)', () => {
    expect(detectRecordedHome([`/work/h/sessions/${NAME}`], '/work/h')).toBeNull();
    expect(detectRecordedHome([`C:\\Users\\Admin\\.codex\\sessions\\${NAME}`], 'c:\\users\\admin\\.codex\\')).toBeNull();
    expect(detectRecordedHome([], '/work/h')).toBeNull();
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
    expect(rerootRolloutPath(recorded, home, recordedHome)).toEqual(expected);
  });
});

describe('comparablePath', () => {
  it('drops the verbatim prefix, unifies separators and trailing slashes', () => {
    expect(comparablePath('\\\\?\\C:\\Users\\a\\.codex\\')).toBe('C:/Users/a/.codex');
    expect(comparablePath('/a/b//')).toBe('/a/b');
    expect(comparablePath('/')).toBe('/');
  });
});
