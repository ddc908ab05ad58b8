import { describe, expect, it } from 'vitest';
import { endOfJsonString, endOfJsonValue, withoutHeavyValues } from '../../../src/sources/rollouts/skip-value.js';

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
    expect(endOfJsonValue(text, from)).toBe(end);
  });
});

describe('withoutHeavyValues', () => {
  it('drops base_instructions and dynamic_tools in any shape and keeps the rest parseable', () => {
    const meta = { id: 'x', base_instructions: { text: 'You are "Codex" {[' + 'z'.repeat(1000) }, dynamic_tools: [{ name: 'a', schema: { q: '}' } }], cwd: '/w', git: { branch: 'main' } };
    const line = JSON.stringify({ timestamp: 't', type: 'session_meta', payload: meta });
    const slim = withoutHeavyValues(line);
    expect(slim.length).toBeLessThan(200);
    expect(JSON.parse(slim)).toEqual({ timestamp: 't', type: 'session_meta', payload: { ...meta, base_instructions: null, dynamic_tools: null } });
  });

  it('leaves a line without those keys, or with a broken value, unchanged', () => {
    expect(withoutHeavyValues('{"a":1}')).toBe('{"a":1}');
    expect(withoutHeavyValues('{"base_instructions":"never closed')).toBe('{"base_instructions":"never closed');
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
    expect(endOfJsonString(text, quote)).toBe(end);
  });
});
