import Table from 'cli-table3';
import type { InventoryEntry, TreeNode } from '../analysis/inventory.js';
import { plural } from '../util/plural.js';
import { palette, type Palette } from './color.js';
import { showControl } from './control.js';
import { displayTime, isoTime } from './format.js';
import { redact } from './redact.js';
import { clip } from '../util/text.js';
import { jsonEnvelope, jsonText, type JsonEnvelope } from './json-envelope.js';

/**
 * Every conversation as a table row when the table fits `width`; else (it needs about 170 columns) as a block of
 * short lines per conversation, so that no id is wrapped at 80 columns.
 */
export function inventoryTable(entries: readonly InventoryEntry[], width: number, color = false): string {
  const p = palette(color);
  if (entries.length === 0) return 'No conversations.\n';
  const table = new Table({
    head: ['Conversation', 'Title', 'State', 'Origin', 'Parent', 'Created', 'Last seen', 'Findings'],
    style: { head: [], border: [] },
  });
  for (const e of entries)
    table.push([
      shown(e.id),
      titleOf(e, TABLE_TITLE),
      p.state(e.state, shown(e.state)),
      shown(e.origin),
      shown(e.parent ?? '—'),
      displayTime(e.created),
      displayTime(e.lastSeen),
      String(e.findings),
    ]);
  const wide = table.toString();
  const body = (wide.split('\n')[0] ?? '').length <= width ? wide : entries.map((e) => inventoryBlock(e, p)).join('\n');
  const counts = new Map<InventoryEntry['state'], number>();
  for (const e of entries) counts.set(e.state, (counts.get(e.state) ?? 0) + 1);
  // Each field is shown inert where it is written (control.ts), so that the colours around them stay colours.
  return `${body}\n${plural(entries.length, 'conversation')}: ${[...counts].map(([s, n]) => `${n} ${p.state(s, shown(s))}`).join(', ')}\n`;
}

/** Room for a title: in the table's column, and on a block's or tree's line. */
const TABLE_TITLE = 28;
const LINE_TITLE = 60;

/** The title as a reader may share it: user names, e-mails and tokens redacted, one line, clipped; '—' without one. */
function titleOf(e: InventoryEntry, max: number): string {
  return e.title === null ? '—' : clip(shown(redact(e.title.replace(/\s+/g, ' '))), max);
}

/** Text from the sources on one line, its control characters shown, not obeyed. */
function shown(text: string): string {
  return showControl(text.replace(/[\r\n]+/g, ' '));
}

function inventoryBlock(e: InventoryEntry, p: Palette): string {
  const lines = [`${shown(e.id)}  ${p.state(e.state, shown(e.state))} · ${shown(e.origin)} · ${plural(e.findings, 'finding')}`];
  if (e.title !== null) lines.push(`  ${titleOf(e, LINE_TITLE)}`);
  if (e.parent !== null) lines.push(`  parent ${shown(e.parent)}`);
  lines.push(`  created ${displayTime(e.created)} · last seen ${displayTime(e.lastSeen)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * An inventory entry as `list --json` and `tree --json` write it: times as ISO-8601 UTC or null.
 * @public part of the JSON contract, for readers of those documents
 */
export type InventoryEntryJson = Omit<InventoryEntry, 'created' | 'lastSeen'> & { created: string | null; lastSeen: string | null };
export type ListDocument = JsonEnvelope<'list'> & { conversations: InventoryEntryJson[] };
/** @public part of the JSON contract of `tree --json` */
export type TreeNodeJson = InventoryEntryJson & { children: TreeNodeJson[] };
export type TreeDocument = JsonEnvelope<'tree'> & { focus: string; tree: TreeNodeJson };

function entryJson(e: InventoryEntry): InventoryEntryJson {
  return { ...e, created: isoTime(e.created), lastSeen: isoTime(e.lastSeen) };
}

export function inventoryJson(entries: readonly InventoryEntry[]): string {
  const doc: ListDocument = { ...jsonEnvelope('list'), conversations: entries.map(entryJson) };
  return jsonText(doc);
}

/** The family as an indented tree; the conversation asked about is marked. */
export function treeText(root: TreeNode, focus: string, color = false): string {
  const p = palette(color);
  const lines: string[] = [];
  const walk = (node: TreeNode, prefix: string, last: boolean, top: boolean) => {
    const e = node.entry;
    const branch = top ? '' : last ? '└── ' : '├── ';
    const marker = e.id === focus ? p.bold('  ◀') : '';
    const title = e.title === null ? '' : `  ${titleOf(e, LINE_TITLE)}`;
    lines.push(
      `${prefix}${branch}${shown(e.id)}  ${p.state(e.state, shown(e.state))} · ${shown(e.origin)}${e.findings > 0 ? ` · ${plural(e.findings, 'finding')}` : ''}${title}${marker}`,
    );
    const childPrefix = top ? '' : `${prefix}${last ? '    ' : '│   '}`;
    node.children.forEach((child, i) => {
      walk(child, childPrefix, i === node.children.length - 1, false);
    });
  };
  walk(root, '', true, true);
  return `${lines.join('\n')}\n`;
}

/** The family from its root; `focus` is the conversation asked about. */
export function treeJson(root: TreeNode, focus: string): string {
  const toJson = (node: TreeNode): TreeNodeJson => ({ ...entryJson(node.entry), children: node.children.map(toJson) });
  const doc: TreeDocument = { ...jsonEnvelope('tree'), focus, tree: toJson(root) };
  return jsonText(doc);
}
