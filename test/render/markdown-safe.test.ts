import { describe, expect, it } from 'vitest';
import { mdCode, mdFence, mdProse, mdText } from '../../src/render/markdown-safe.js';

describe('markdown safety', () => {
  it('makes HTML, links and table syntax inert in text', () => {
    expect(mdText('<img src=x onerror=alert(1)> | [a](http://x) *b*')).toBe('&lt;img src=x onerror=alert(1)&gt; \\| \\[a\\](http://x) \\*b\\*');
    expect(mdText('two\nlines')).toBe('two lines');
  });

  it('neutralises @mentions and #123 references without touching e-mail-like or ordinary text', () => {
    const out = mdText('ping @octocat and @openai/team about #123, not issue#5 or C# or a@b');
    expect(out).not.toMatch(/(^|\s)@[A-Za-z]/);
    expect(out).not.toMatch(/(^|\s)#\d/);
    expect(out).toContain('issue#5');
    expect(out).toContain('a@b');
    expect(mdText('see openai/codex#20944 and some.org/repo#7')).toBe('see openai/codex#\u200b20944 and some.org/repo#\u200b7');
  });

  it('our own sentences keep their code spans and link upstream issues, and stay inert elsewhere', () => {
    const prose = mdProse('Desktop sent CODEX_HOME as `path` (openai/codex#20944, fixed by openai/codex#25661); ask @octocat about #12 <b>');
    expect(prose).toBe(
      'Desktop sent CODEX\\_HOME as `path` ([openai/codex#20944](https://github.com/openai/codex/issues/20944), fixed by [openai/codex#25661](https://github.com/openai/codex/issues/25661)); ask @\u200boctocat about #\u200b12 &lt;b&gt;',
    );
    expect(mdProse('an odd ` tick stays text')).toBe('an odd \\` tick stays text');
  });

  it('code spans and fences cannot be closed by their content', () => {
    expect(mdCode('a `tick` b')).toBe('``a `tick` b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    const body = 'before\n```\n# Injected heading @someone\n````\nafter';
    const fence = mdFence(body, 'text');
    expect(fence.startsWith('`````text\n')).toBe(true);
    expect(fence.endsWith('\n`````')).toBe(true);
  });
});
