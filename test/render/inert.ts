import { expect } from 'vitest';

/** What a terminal or GitHub would act on: every C0 character but tab and newline, DEL, and the C1 range. */
export const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
/** JSON escapes the C0 range itself and leaves the rest as characters, which is all the format needs. */
export const ACTIVE_IN_JSON = /[\u0000-\u0008\u000b-\u001f]/u;
/** The colours the CLI writes itself, when asked to. */
export const OWN_COLOUR = /\u001b\[[0-9;]*m/g;

/** Fails naming the first active character of `text` and what stands around it. */
export function expectInert(text: string, what: string, active = ACTIVE): void {
  const found = active.exec(text);
  expect(
    found === null
      ? null
      : `${what}: U+${found[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${found.index} near ${JSON.stringify(text.slice(Math.max(0, found.index - 30), found.index + 10))}`,
  ).toBeNull();
}
