/**
 * Writes Codex Desktop log files the way Desktop does (codex-formats.md §8, real-world-shapes.md "Desktop log
 * shapes"): `YYYY/MM/DD/codex-desktop-<uuid>-<pid>-t0-i1-<HHMMSS>-0.log`, one line per event,
 * `<ISO UTC ms Z> <level> [<Component>][tags] <message> <key=value>*` with the keys in alphabetical order.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Instant = Date | number | string;

/** A value as Desktop logs it: objects and arrays as inline JSON, strings bare unless they need quotes. */
export type FieldValue = string | number | boolean | null | undefined | Record<string, unknown> | unknown[];

export interface DesktopLineSpec {
  ts: Instant;
  /** Default `info`. Anything is written as given (`warning`, `ERROR`, …). */
  level?: string;
  /** Default none: the line then has no bracketed component (`IAB_LIFECYCLE …`, `Launching app …`). */
  component?: string | null;
  /** Written after the component, adjacent to each other: `[electron-message-handler] [a][b] …`. */
  tags?: string[];
  message: string;
  /** Keys are written sorted; `undefined` values are left out. */
  fields?: Record<string, FieldValue>;
}

export interface DesktopLogSpec {
  /** The launch time: sets the `YYYY/MM/DD` folders and the `<HHMMSS>` of the file name (UTC, as in #29868). */
  date: Instant;
  /** Default: derived from `date` and `pid`, so that files are reproducible. */
  uuid?: string;
  /** Default 4612. */
  pid?: number;
  /** Rendered lines, or specs rendered with `desktopLine`. */
  lines: (string | DesktopLineSpec)[];
  /** Ends every line with `\r\n`. */
  crlf?: boolean;
  /** Default true. */
  finalNewline?: boolean;
}

/** `2026-05-13T09:12:44.120Z`. */
function isoStamp(at: Instant): string {
  return toDate(at).toISOString();
}

/** One Desktop log line (no terminator). A string value with a newline makes the line span several lines, as Desktop's do. */
export function desktopLine(spec: DesktopLineSpec): string {
  const parts = [isoStamp(spec.ts), spec.level ?? 'info'];
  if (spec.component !== undefined && spec.component !== null) parts.push(`[${spec.component}]`);
  if (spec.tags !== undefined && spec.tags.length > 0) parts.push(spec.tags.map((tag) => `[${tag}]`).join(''));
  if (spec.message !== '') parts.push(spec.message);
  parts.push(...renderFields(spec.fields ?? {}));
  return parts.join(' ');
}

/** How a Linux user's journal shows a line: `journalctl -o short` (seconds) or `-o short-precise` (microseconds). */
export interface JournalLineSpec extends Omit<DesktopLineSpec, 'ts' | 'level'> {
  /** The collecting machine's local wall time: the journal prints no year and no zone. */
  local: { month: number; day: number; hour: number; minute: number; second: number; micros?: number };
  /** Default `fedora`. */
  host?: string;
  /** Default `chatgpt`. */
  ident?: string;
  /** Default 10536. */
  pid?: number;
  /** The whole Desktop line as Electron printed it, ISO stamp first, instead of component and message alone. */
  desktopStamp?: Instant;
  level?: string;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Oct 07 18:30:30 fedora chatgpt[10536]: [electron-message-handler] …`, as Linux users collect Desktop's output. */
export function journalLine(spec: JournalLineSpec): string {
  const l = spec.local;
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(l.hour)}:${two(l.minute)}:${two(l.second)}${l.micros === undefined ? '' : `.${String(l.micros).padStart(6, '0')}`}`;
  const prefix = `${MONTH_NAMES[l.month - 1]} ${two(l.day)} ${time} ${spec.host ?? 'fedora'} ${spec.ident ?? 'chatgpt'}[${spec.pid ?? 10536}]:`;
  const body =
    spec.desktopStamp === undefined
      ? [spec.component ? `[${spec.component}]` : null, spec.message || null, ...renderFields(spec.fields ?? {})].filter((p) => p !== null).join(' ')
      : desktopLine({ ...spec, ts: spec.desktopStamp });
  return `${prefix} ${body}`;
}

/** Chromium's own line in Electron's output: `[pid:tid:MMDD/HHMMSS.micros:LEVEL:file.cc(line)] message`, local time. */
export function chromiumLine(spec: { local: JournalLineSpec['local']; level?: string; source?: string; message: string; pid?: number; tid?: number }): string {
  const l = spec.local;
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${two(l.month)}${two(l.day)}/${two(l.hour)}${two(l.minute)}${two(l.second)}.${String(l.micros ?? 0).padStart(6, '0')}`;
  return `[${spec.pid ?? 10536}:${spec.tid ?? 10536}:${stamp}:${spec.level ?? 'ERROR'}:${spec.source ?? 'gpu_process_host.cc(991)'}] ${spec.message}`;
}

/** `key=value` tokens in alphabetical key order. */
function renderFields(fields: Record<string, FieldValue>): string[] {
  return Object.keys(fields)
    .sort()
    .flatMap((key) => {
      const value = fields[key];
      return value === undefined ? [] : [`${key}=${renderValue(value)}`];
    });
}

export function renderValue(value: Exclude<FieldValue, undefined>): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return needsQuotes(value) ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : value;
}

/** `YYYY/MM/DD/codex-desktop-<uuid>-<pid>-t0-i1-<HHMMSS>-0.log`, relative to a log root. */
export function desktopLogRelPath(date: Instant, uuid: string, pid: number): string {
  const iso = isoStamp(date);
  const [year, month, day] = iso.slice(0, 10).split('-') as [string, string, string];
  const hhmmss = iso.slice(11, 19).replace(/:/g, '');
  return join(year, month, day, `codex-desktop-${uuid}-${pid}-t0-i1-${hhmmss}-0.log`);
}

/** Writes one log file under `root` and returns its path. */
export function writeDesktopLog(root: string, spec: DesktopLogSpec): string {
  const pid = spec.pid ?? 4612;
  const uuid = spec.uuid ?? uuidFrom(`${isoStamp(spec.date)}:${pid}`);
  const path = join(root, desktopLogRelPath(spec.date, uuid, pid));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderDesktopLog(spec));
  return path;
}

/** The text of a log file as `writeDesktopLog` writes it. */
export function renderDesktopLog(spec: Pick<DesktopLogSpec, 'lines' | 'crlf' | 'finalNewline'>): string {
  const eol = spec.crlf === true ? '\r\n' : '\n';
  const lines = spec.lines.map((line) => (typeof line === 'string' ? line : desktopLine(line)));
  if (lines.length === 0) return '';
  return lines.join(eol) + (spec.finalNewline === false ? '' : eol);
}

function needsQuotes(value: string): boolean {
  return value === '' || /[\s"]/.test(value);
}

/** A UUIDv4-shaped id that is a pure function of `seed`. */
function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function toDate(at: Instant): Date {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) throw new Error(`not a time: ${String(at)}`);
  return date;
}
