import { describe, expect, it } from 'vitest';
import { findClosingQuote, parseFields, startsWithField } from '../../../src/sources/desktop-log/fields.js';

describe('parseFields', () => {
  it('text without pairs is all message', () => {
    expect(parseFields('  Conversation created  ')).toEqual({ message: 'Conversation created', fields: {}, openValue: null });
  });

  it('an = that is not after a key does not start the pairs', () => {
    expect(parseFields('compare a = b and --flag=x and (n=1) then k=v')).toEqual({
      message: 'compare a = b and --flag=x and (n=1) then',
      fields: { k: 'v' },
      openValue: null,
    });
  });

  it('pairs at the very start leave an empty message', () => {
    expect(parseFields('conversationId=019e method=turn/start')).toEqual({
      message: '',
      fields: { conversationId: '019e', method: 'turn/start' },
      openValue: null,
    });
  });

  it('keys may hold dots, dashes and digits', () => {
    expect(parseFields('close time.busy=5.33ms x-request-id=abc v2_flag=1')).toEqual({
      message: 'close',
      fields: { 'time.busy': '5.33ms', 'x-request-id': 'abc', v2_flag: '1' },
      openValue: null,
    });
  });

  it('an empty bare value', () => {
    expect(parseFields('msg a= b=2')).toEqual({ message: 'msg', fields: { a: '', b: '2' }, openValue: null });
  });

  it('JSON: brackets and escaped quotes inside strings do not close the value', () => {
    expect(parseFields('e error={"message":"a } b","quote":"say \\"}\\"","list":[1,[2]]} after=1').fields).toEqual({
      error: '{"message":"a } b","quote":"say \\"}\\"","list":[1,[2]]}',
      after: '1',
    });
  });

  it('unbalanced JSON (a cut line) keeps the rest of the text', () => {
    expect(parseFields('e params={"threadId":"019e","input":[{"text":"abc def').fields).toEqual({
      params: '{"threadId":"019e","input":[{"text":"abc def',
    });
  });

  it('text glued after a closing quote is skipped, not taken for a pair', () => {
    expect(parseFields('e a="x"junk=1 b=2').fields).toEqual({ a: 'x', b: '2' });
  });

  it('an unterminated quote runs to the end and is reported open', () => {
    expect(parseFields('boundary name=Page errorStack="Error: boom')).toEqual({
      message: 'boundary',
      fields: { name: 'Page', errorStack: 'Error: boom' },
      openValue: { key: 'errorStack', kept: true },
    });
  });

  it('an open quote on a duplicate key is reported as not kept', () => {
    expect(parseFields('e a=1 a="two')).toEqual({ message: 'e', fields: { a: '1' }, openValue: { key: 'a', kept: false } });
  });

  it('keys named like Object members are ordinary keys', () => {
    const { fields } = parseFields('e constructor=x __proto__=y toString=z');
    expect(Object.keys(fields)).toEqual(['constructor', '__proto__', 'toString']);
    expect(fields.constructor).toBe('x');
    // biome-ignore lint/suspicious/noProto: a log field named __proto__ must be an own key, not the prototype
    expect(fields.__proto__).toBe('y');
  });
});

describe('startsWithField and findClosingQuote', () => {
  it('startsWithField', () => {
    expect(startsWithField('conversationId=019e')).toBe(true);
    expect(startsWithField('at Hy (x.js:1:2)')).toBe(false);
    expect(startsWithField('=x')).toBe(false);
    expect(startsWithField('9a=1')).toBe(false);
  });

  it('findClosingQuote skips escaped quotes', () => {
    expect(findClosingQuote('a \\" b " c', 0)).toBe(7);
    expect(findClosingQuote('no quote', 0)).toBe(-1);
  });
});
