import { describe, expect, it } from 'vitest';
import { mdCode, mdFence, mdText } from '../../src/render/markdown-safe.js';

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
