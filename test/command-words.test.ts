import { describe, expect, it } from 'vitest';
import { commandOf, mistypedCommand, nearestWord } from '../src/command-words.js';
import { terminalWidth } from '../src/util/terminal-width.js';

const COMMANDS = ['analyze', 'timeline', 'report', 'repair', 'list', 'tree', 'lnav-format'];
const nothingOnDisk = () => false;

describe('mistypedCommand', () => {
  it('suggests the command a typo, a swap or a prefix points at', () => {
    expect(nearestWord('anaylze', COMMANDS)).toBe('analyze');
    expect(nearestWord('ANALYZE', COMMANDS)).toBe('analyze');
    expect(nearestWord('repiar', COMMANDS)).toBe('repair');
    expect(nearestWord('lnav', COMMANDS)).toBe('lnav-format');
    expect(nearestWord('re', COMMANDS)).toBeNull(); // report and repair: no guess
    expect(nearestWord('frobnicate', COMMANDS)).toBeNull();
  });

  it('leaves commands, options, paths and existing folders to yargs', () => {
    expect(mistypedCommand(['analyze', 'x'], COMMANDS, nothingOnDisk)).toBeNull();
    expect(mistypedCommand(['--json'], COMMANDS, nothingOnDisk)).toBeNull();
    expect(mistypedCommand(['./logs'], COMMANDS, nothingOnDisk)).toBeNull();
    expect(mistypedCommand(['~/bundle'], COMMANDS, nothingOnDisk)).toBeNull();
    expect(mistypedCommand(['C:\\logs'], COMMANDS, nothingOnDisk)).toBeNull();
    expect(mistypedCommand(['logs'], COMMANDS, (p) => p === 'logs')).toBeNull();
    expect(mistypedCommand([], COMMANDS, nothingOnDisk)).toBeNull();
    expect(mistypedCommand(['logs'], COMMANDS, nothingOnDisk)).toMatch(/^unknown command 'logs'/);
  });

  it('finds the command a usage error belongs to', () => {
    // An option's value before the command is taken for the first word: the pointer is then the general help.
    expect(commandOf(['--codex-home', 'h', 'report'], COMMANDS)).toBeNull();
    expect(commandOf(['report', '--out'], COMMANDS)).toBe('report');
    expect(commandOf(['sample-logs'], COMMANDS)).toBeNull();
  });
});

describe('terminalWidth', () => {
  it("is the terminal's, else $COLUMNS, else 80", () => {
    expect(terminalWidth({ isTTY: true, columns: 132 }, { COLUMNS: '90' })).toBe(132);
    expect(terminalWidth({ isTTY: false, columns: 132 }, { COLUMNS: '90' })).toBe(90);
    expect(terminalWidth({}, { COLUMNS: 'wide' })).toBe(80);
    expect(terminalWidth({}, {})).toBe(80);
  });
});
