import { describe, expect, it } from 'vitest';
import { endOfJsonString, endOfJsonValue, withoutHeavyValues } from '../../../src/sources/rollouts/skip-value.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('endOfJsonValue', () => {
  it.each([
    ['"abc",x', 0, 5],
    ['"a\\"b\\\\",x', 0, 8],
    ['{"a":{"b":"}"}},x', 0, 15],
    ['[1,[2,"]"]],x', 0, 11],
    ['  123,x', 0, 5],
    ['null}', 0, 4],
    ['"unterminated', 0, -1],
  ])('%j from %i ends at %i', (text, from, end) => {
    expect(endOfJsonValue(bytes(text), from)).toBe(end);
  });
});

describe('withoutHeavyValues', () => {
  it('drops base_instructions and dynamic_tools in any shape and keeps the rest parseable', () => {
    const meta = {
      id: 'x',
      base_instructions: { text: `You are "Codex" {[${'z'.repeat(1000)}` },
      dynamic_tools: [{ name: 'a', schema: { q: '}' } }],
      cwd: '/w',
      git: { branch: 'main' },
    };
    const line = JSON.stringify({ timestamp: 't', type: 'session_meta', payload: meta });
    const slim = withoutHeavyValues(bytes(line));
    expect(slim?.length).toBeLessThan(200);
    expect(JSON.parse(slim!)).toEqual({ timestamp: 't', type: 'session_meta', payload: { ...meta, base_instructions: null, dynamic_tools: null } });
  });

  it('decodes the kept text exactly as the whole line would, multi-byte characters included', () => {
    const meta = { cwd: '/Users/zoë/项目 🚀', base_instructions: 'Ünïcödé "quoted" \\ 日本語 🎉'.repeat(50), originator: 'Café', dynamic_tools: [{ d: '✓' }] };
    const slim = withoutHeavyValues(bytes(JSON.stringify(meta)));
    expect(JSON.parse(slim!)).toEqual({ ...meta, base_instructions: null, dynamic_tools: null });
  });

  it('finds a heavy key after the other one whatever their order, and ignores one inside a dropped value', () => {
    const line = JSON.stringify({ dynamic_tools: ['"base_instructions":"inside"'], base_instructions: 'real', a: 1 });
    expect(JSON.parse(withoutHeavyValues(bytes(line))!)).toEqual({ dynamic_tools: null, base_instructions: null, a: 1 });
  });

  it('gives null for a line without those keys, or with a broken value', () => {
    expect(withoutHeavyValues(bytes('{"a":1}'))).toBeNull();
    expect(withoutHeavyValues(bytes('{"base_instructions":"never closed'))).toBeNull();
  });
});

describe('endOfJsonString', () => {
  it.each([
    ['"abc"x', 0, 5],
    ['"a\\"b"x', 0, 6],
    ['"a\\\\"x', 0, 5],
    ['"a\\\\\\"b"x', 0, 8],
    ['"open', 0, -1],
  ])('%j', (text, quote, end) => {
    expect(endOfJsonString(bytes(text), quote)).toBe(end);
  });
});
