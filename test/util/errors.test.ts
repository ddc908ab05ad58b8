import { describe, expect, it } from 'vitest';
import { codeOf, errnoCode, errorCode } from '../../src/util/errors.js';

const withCode = (code: string) => Object.assign(new Error(`${code}: it failed`), { code });

describe('error codes', () => {
  it('says a file-system failure by its code, anything else by its message', () => {
    expect(errorCode(withCode('ENOENT'))).toBe('ENOENT');
    expect(errorCode(new Error('no code'))).toBe('no code');
    expect(errorCode('thrown text')).toBe('thrown text');
  });

  it('tells a failed system call from an error that carries another code (a bug to surface)', () => {
    expect(errnoCode(withCode('EACCES'))).toBe('EACCES');
    expect(errnoCode(withCode('ERR_INVALID_ARG_TYPE'))).toBeNull();
    expect(codeOf(withCode('SQLITE_BUSY'))).toBe('SQLITE_BUSY');
    expect([null, undefined, 7, {}].map(codeOf)).toEqual([null, null, null, null]);
  });
});
