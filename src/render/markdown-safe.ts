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

/** `#123` and `owner/repo#123` (which GitHub also links) get the zero-width space; `issue#5` is not a link. */
function neutraliseReferences(text: string): string {
  return text
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9-])/g, `$1@${ZWSP}`)
    .replace(/(^|[^\w&])#(?=\d)/g, `$1#${ZWSP}`)
    .replace(/([\w.-]+\/[\w.-]+)#(?=\d)/g, `$1#${ZWSP}`);
}

const UPSTREAM_ISSUES = 'https://github.com/openai/codex/issues/';

/**
 * For our own sentences (a finding's cause, a remedy, repair advice), which may quote values from the input: their
 * `code spans` stay code, their references to upstream issues (`openai/codex#20944`, the only form we write) become
 * links, and everything else is made inert as mdText makes it.
 */
export function mdProse(text: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const m of text.matchAll(/`([^`\n]+)`|openai\/codex#(\d+)\b/g)) {
    parts.push(mdText(text.slice(at, m.index)));
    parts.push(m[1] !== undefined ? mdCode(m[1]) : `[openai/codex#${m[2]}](${UPSTREAM_ISSUES}${m[2]})`);
    at = m.index + m[0].length;
  }
  parts.push(mdText(text.slice(at)));
  return parts.join('');
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
