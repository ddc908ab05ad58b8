import { describe, expect, it } from 'vitest';
import { palette, shouldColor } from '../../src/render/color.js';

describe('shouldColor', () => {
  it.each([
    [{}, false, false],
    [{}, true, true],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
  ])('env %j, tty %s → %s', (env, tty, expected) => {
    expect(shouldColor(env as NodeJS.ProcessEnv, tty)).toBe(expected);
  });
});

describe('palette', () => {
  it('adds escapes only when colour is on', () => {
    expect(palette(false).severity('critical', 'x')).toBe('x');
    expect(palette(false).bold('x')).toBe('x');
    expect(palette(true).severity('critical', 'x')).toBe('\u001b[1;31mx\u001b[0m');
  });
});
