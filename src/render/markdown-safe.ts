/**
 * Text from logs goes into markdown that GitHub renders: it must not break the layout, inject HTML, open links, or
 * notify people. Mentions and issue references get a zero-width space after `@`/`#`, which GitHub does not link.
 */
import { showControl } from './control.js';

const ZWSP = '\u200b';

/** For table cells and prose: one line, HTML and markdown syntax inert, no mentions or `#123` links. */
export function mdText(text: string): string {
  return neutraliseReferences(
    showControl(text.replace(/[\r\n]+/g, ' '))
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_[\]|~])/g, '\\$1'),
  );
}

/** An inline code span whose fence is longer than any backtick run inside, so nothing can close it early. */
export function mdCode(text: string): string {
  const one = showControl(text.replace(/[\r\n]+/g, ' '));
  const fence = '`'.repeat(longestRun(one, '`') + 1);
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

/**
 * A fenced block that no line of `body` can close. Content inside is not rendered, so mentions stay inert; control
 * characters are shown (control.ts), since a terminal that prints the file obeys them inside a fence too.
 */
export function mdFence(body: string, info = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  const inert = showControl(body.replace(/\r\n/g, '\n'));
  return `${fence}${info}\n${inert}\n${fence}`;
}

function neutraliseReferences(text: string): string {
  return text.replace(/(^|[^\w`])@(?=[A-Za-z0-9-])/g, `$1@${ZWSP}`).replace(/(^|[^\w&])#(?=\d)/g, `$1#${ZWSP}`);
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
