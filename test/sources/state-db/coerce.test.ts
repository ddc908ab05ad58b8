import { describe, expect, it } from 'vitest';
import { cellToBoolean, cellToNumber, cellToText } from '../../../src/sources/state-db/coerce.js';

describe('cellToNumber', () => {
  it.each([
    [1775575448n, 1775575448],
    [9223372036854775807n, Number(9223372036854775807n)],
    [1.5, 1.5],
    [Number.POSITIVE_INFINITY, null],
    [Number.NaN, null],
    [' 42 ', 42],
    ['-7', -7],
    ['1.7e9', 1.7e9],
    ['.5', 0.5],
    ['', null],
    ['12abc', null],
    ['Infinity', null],
    ['0x10', null],
    [Buffer.from('12'), null],
    [null, null],
    [undefined, null],
  ])('%o -> %o', (cell, expected) => {
    expect(cellToNumber(cell)).toBe(expected);
  });
});

describe('cellToText', () => {
  it.each([
    ['cli', 'cli'],
    ['', ''],
    [5n, '5'],
    [7.5, '7.5'],
    [Buffer.from('vscode'), 'vscode'],
    [null, null],
    [undefined, null],
  ])('%o -> %o', (cell, expected) => {
    expect(cellToText(cell)).toBe(expected);
  });
});

describe('cellToBoolean', () => {
  it.each([
    [1n, true],
    [0n, false],
    [2n, true],
    ['1', true],
    ['0', false],
    ['true', true],
    [' TRUE ', true],
    ['false', false],
    ['yes', false],
    [null, false],
    [Buffer.from([1]), false],
  ])('%o -> %o', (cell, expected) => {
    expect(cellToBoolean(cell)).toBe(expected);
  });
});
