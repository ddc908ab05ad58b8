/**
 * Writes rollout files the way Codex does: `sessions/YYYY/MM/DD/rollout-<local stamp>-<id>.jsonl` (or flat under
 * `archived_sessions/`), one compact JSON envelope per line, `session_meta` first. Shapes follow real rollouts of
 * Codex Desktop 0.118–0.146 (see codex-formats.md §3).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RolloutRoot } from '../../src/sources/rollouts/types.js';

export type Instant = Date | number;

/** Where a rollout goes and how it is named. */
export interface RolloutLocation {
  id: string;
  root?: RolloutRoot;
  /** The thread's creation time (UTC): `session_meta.payload.timestamp`, and the file name in local time. */
  startedAt: Instant;
  /** The writer's offset east of UTC, in minutes: Codex names files and date folders in local time. Default 0. */
  localOffsetMinutes?: number;
  /** Adds the ` (N)` suffix of a copied file (#39853). */
  copyIndex?: number;
  /** The id to put in the file name when it must differ from `id`. */
  fileNameId?: string;
  /** A reverted thread's rollout id (#38127): the name becomes `rollout-<stamp>-<thread id>_<rollout id>.jsonl`. */
  rolloutId?: string;
  /** Writes `<name>.jsonl.zst`: a real zstd frame (stored blocks) holding the JSONL. */
  compressed?: boolean;
  /** File mtime; default: the time of the last line written. */
  mtime?: Instant;
}

interface TurnSpec {
  turnId?: string;
  /** When the turn started (UTC). */
  at: Instant;
  /** Omitted: the turn has no user message lines. */
  userMessage?: string;
  agentMessage?: string;
  /** Write `task_complete` at the end. Default true unless `aborted`. */
  complete?: boolean;
  /** Write `turn_aborted` (reason `interrupted`) instead of `task_complete`. */
  aborted?: boolean;
  /** Default 5000. */
  durationMs?: number;
}

interface GitInfo {
  commit_hash?: string;
  branch?: string;
  repository_url?: string;
}

export interface RolloutSpec extends RolloutLocation {
  cwd?: string;
  /** Default `Codex Desktop`. */
  originator?: string;
  cliVersion?: string;
  /** `vscode` (Desktop's value, the default), `cli`, `exec`, or an object such as `{subagent:{thread_spawn:{…}}}`. */
  source?: string | Record<string, unknown>;
  forkedFromId?: string;
  /** The envelope time of `session_meta`; default: the first turn's start (Desktop writes it on the first message). */
  metaWrittenAt?: Instant;
  /** Default: a plausible repository; null omits `git`. */
  git?: GitInfo | null;
  baseInstructions?: string;
  /** More `session_meta` payload fields (`session_id`, `thread_source`, `history_mode`, …). */
  metaExtra?: Record<string, unknown>;
  turns?: TurnSpec[];
  /** Adds `event_msg/thread_name_updated` two seconds after the first turn ends. */
  threadName?: string;
  /** Default true. */
  finalNewline?: boolean;
  /** Lines appended verbatim, or a function that receives the generated lines and returns the lines to write. */
  rawLines?: string[] | ((lines: string[]) => string[]);
  /**
   * Writes as Codex 0.154 does: an `ordinal` (0, 1, …) on every record after `timestamp`, and a `token_usage_record`
   * after each turn's `task_complete`.
   */
  paginated?: boolean;
}

export interface LegacyRolloutSpec extends RolloutLocation {
  instructions?: string | null;
  git?: GitInfo | null;
  messages?: { role: 'user' | 'assistant'; text: string }[];
  finalNewline?: boolean;
}

const DEFAULT_CWD = '/Users/dev/projects/sample-app';
const DEFAULT_CLI_VERSION = '0.128.0-alpha.1';
const DEFAULT_GIT: GitInfo = {
  commit_hash: '3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39',
  branch: 'main',
  repository_url: 'https://github.com/example/sample-app.git',
};
const DEFAULT_TURN_MS = 5_000;
const MODEL = 'gpt-5.5';
const CONTEXT_WINDOW = 258_400;

/** Writes a rollout under `codexHome` and returns its path. */
export function writeRollout(codexHome: string, spec: RolloutSpec): string {
  const lines = rolloutLines(spec);
  const lastWrite = lastLineTime(lines) ?? toMs(spec.startedAt);
  return writeLocated(codexHome, spec, joinLines(lines, spec.finalNewline ?? true), lastWrite);
}

/** A pre-Sept-2025 rollout: a bare `{id,timestamp,instructions,git}` header, then unwrapped items and state records. */
export function writeLegacyRollout(codexHome: string, spec: LegacyRolloutSpec): string {
  const startedAt = toMs(spec.startedAt);
  const header = { id: spec.id, timestamp: iso(startedAt), instructions: spec.instructions ?? null, git: gitOf(spec.git) };
  const lines = [JSON.stringify(header), JSON.stringify({ record_type: 'state' })];
  for (const message of spec.messages ?? []) {
    const contentType = message.role === 'user' ? 'input_text' : 'output_text';
    lines.push(JSON.stringify({ type: 'message', id: null, role: message.role, content: [{ type: contentType, text: message.text }] }));
    lines.push(JSON.stringify({ record_type: 'state' }));
  }
  const lastWrite = startedAt + 1_000 * (spec.messages?.length ?? 0);
  return writeLocated(codexHome, spec, joinLines(lines, spec.finalNewline ?? true), lastWrite);
}

/** A zero-byte rollout, as left when materialization races a resume (#38613). */
export function writeEmptyRollout(codexHome: string, location: RolloutLocation): string {
  return writeLocated(codexHome, location, '', toMs(location.startedAt));
}

/** `rollout-YYYY-MM-DDThh-mm-ss-<id>[_<rollout id>][ (N)].jsonl[.zst]`, the stamp in the writer's local time. */
export function rolloutFileName(location: RolloutLocation): string {
  const local = localParts(location);
  const stamp = `${local.date}T${local.hh}-${local.mm}-${local.ss}`;
  const copy = location.copyIndex === undefined ? '' : ` (${location.copyIndex})`;
  const ext = location.compressed ? '.jsonl.zst' : '.jsonl';
  const rollout = location.rolloutId === undefined ? '' : `_${location.rolloutId}`;
  return `rollout-${stamp}-${location.fileNameId ?? location.id}${rollout}${copy}${ext}`;
}

/** The path below CODEX_HOME, with `/`: `sessions/YYYY/MM/DD/<name>` or `archived_sessions/<name>`. */
export function rolloutRelPath(location: RolloutLocation): string {
  const name = rolloutFileName(location);
  if ((location.root ?? 'sessions') === 'archived_sessions') return `archived_sessions/${name}`;
  const local = localParts(location);
  return `sessions/${local.yyyy}/${local.MM}/${local.dd}/${name}`;
}

/** The JSONL lines `writeRollout` writes, without the final newline decision. */
export function rolloutLines(spec: RolloutSpec): string[] {
  const firstTurnAt = spec.turns?.[0] === undefined ? undefined : toMs(spec.turns[0].at);
  const metaAt = toMs(spec.metaWrittenAt ?? firstTurnAt ?? spec.startedAt);
  const lines = [envelope(metaAt, 'session_meta', sessionMetaPayload(spec))];
  (spec.turns ?? []).forEach((turn, index) => {
    lines.push(...turnLines(spec, turn, index));
    if (index === 0 && spec.threadName !== undefined) {
      const namedAt = toMs(turn.at) + (turn.durationMs ?? DEFAULT_TURN_MS) + 2_000;
      lines.push(envelope(namedAt, 'event_msg', { type: 'thread_name_updated', thread_id: spec.id, thread_name: spec.threadName }));
    }
  });
  const shaped = spec.paginated ? withOrdinals(lines.flatMap(withTokenUsageRecord)) : lines;
  if (typeof spec.rawLines === 'function') return spec.rawLines(shaped);
  return [...shaped, ...(spec.rawLines ?? [])];
}

function withTokenUsageRecord(line: string): string[] {
  const record = JSON.parse(line) as { timestamp: string; payload?: { type?: string; turn_id?: string } };
  if (record.payload?.type !== 'task_complete') return [line];
  const usage = {
    turn_id: record.payload.turn_id,
    input_tokens: 8_512,
    cached_input_tokens: 6_144,
    output_tokens: 412,
    reasoning_output_tokens: 128,
    total_tokens: 8_924,
  };
  return [line, JSON.stringify({ timestamp: record.timestamp, type: 'token_usage_record', payload: usage })];
}

function withOrdinals(lines: string[]): string[] {
  return lines.map((line, ordinal) => {
    const { timestamp, ...rest } = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify({ timestamp, ordinal, ...rest });
  });
}

/** A UUIDv7 whose first 48 bits are `ms`; the rest is derived from `salt`, so test data is reproducible. */
export function makeThreadId(ms: Instant, salt = ''): string {
  const time = toMs(ms).toString(16).padStart(12, '0');
  const rand = createHash('sha256')
    .update(`v7:${toMs(ms)}:${salt}`)
    .digest('hex');
  const variant = '89ab'[Number.parseInt(rand.charAt(3), 16) & 3];
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(4, 7)}-${rand.slice(7, 19)}`;
}

/** A UUIDv4 derived from `salt`, like the ids of rollouts written before Sept 2025. */
export function makeV4Id(salt: string): string {
  const rand = createHash('sha256').update(`v4:${salt}`).digest('hex');
  const variant = '89ab'[Number.parseInt(rand.charAt(3), 16) & 3];
  return `${rand.slice(4, 12)}-${rand.slice(12, 16)}-4${rand.slice(16, 19)}-${variant}${rand.slice(19, 22)}-${rand.slice(22, 34)}`;
}

function sessionMetaPayload(spec: RolloutSpec): Record<string, unknown> {
  const payload: Record<string, unknown> = { id: spec.id };
  if (spec.forkedFromId !== undefined) payload.forked_from_id = spec.forkedFromId;
  payload.timestamp = iso(toMs(spec.startedAt));
  payload.cwd = spec.cwd ?? DEFAULT_CWD;
  payload.originator = spec.originator ?? 'Codex Desktop';
  payload.cli_version = spec.cliVersion ?? DEFAULT_CLI_VERSION;
  payload.source = spec.source ?? 'vscode';
  Object.assign(payload, spawnedAgentFields(spec.source));
  payload.model_provider = 'openai';
  payload.base_instructions = { text: spec.baseInstructions ?? BASE_INSTRUCTIONS };
  Object.assign(payload, spec.metaExtra);
  const git = gitOf(spec.git);
  if (git !== null) payload.git = git;
  return payload;
}

/** Codex repeats a spawned agent's nickname and role beside `source`. */
function spawnedAgentFields(source: RolloutSpec['source']): Record<string, unknown> {
  const subagent = typeof source === 'object' ? source.subagent : undefined;
  const spawn = typeof subagent === 'object' && subagent !== null ? (subagent as Record<string, unknown>).thread_spawn : undefined;
  if (typeof spawn !== 'object' || spawn === null) return {};
  const { agent_nickname, agent_role } = spawn as Record<string, unknown>;
  return { agent_nickname: agent_nickname ?? null, agent_role: agent_role ?? null };
}

function turnLines(spec: RolloutSpec, turn: TurnSpec, index: number): string[] {
  const at = toMs(turn.at);
  const turnId = turn.turnId ?? makeThreadId(at, `${spec.id}:turn:${index}`);
  const duration = turn.durationMs ?? DEFAULT_TURN_MS;
  const endAt = at + duration;
  const cwd = spec.cwd ?? DEFAULT_CWD;
  const lines = [
    envelope(at, 'event_msg', {
      type: 'task_started',
      turn_id: turnId,
      started_at: Math.floor(at / 1000),
      model_context_window: CONTEXT_WINDOW,
      collaboration_mode_kind: 'default',
    }),
  ];
  if (index === 0) lines.push(envelope(at + 1, 'response_item', userItem(environmentContext(cwd, spec, at))));
  lines.push(envelope(at + 1, 'turn_context', turnContext(turnId, cwd, spec, at)));
  if (turn.userMessage !== undefined) {
    lines.push(envelope(at + 2, 'response_item', userItem(turn.userMessage)));
    lines.push(envelope(at + 3, 'event_msg', { type: 'user_message', message: turn.userMessage, images: [], local_images: [], text_elements: [] }));
  }
  lines.push(envelope(at + 600, 'event_msg', { type: 'token_count', info: null, rate_limits: RATE_LIMITS }));
  if (turn.agentMessage !== undefined) {
    const saidAt = at + Math.floor(duration * 0.8);
    lines.push(envelope(saidAt, 'event_msg', { type: 'agent_message', message: turn.agentMessage, phase: 'final_answer', memory_citation: null }));
    lines.push(
      envelope(saidAt + 1, 'response_item', {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: turn.agentMessage }],
        phase: 'final_answer',
      }),
    );
  }
  if (turn.aborted) {
    lines.push(envelope(endAt, 'response_item', userItem(TURN_ABORTED_NOTE)));
    lines.push(
      envelope(endAt, 'event_msg', {
        type: 'turn_aborted',
        turn_id: turnId,
        reason: 'interrupted',
        completed_at: Math.floor(endAt / 1000),
        duration_ms: duration,
      }),
    );
  } else if (turn.complete ?? true) {
    lines.push(
      envelope(endAt, 'event_msg', {
        type: 'task_complete',
        turn_id: turnId,
        last_agent_message: turn.agentMessage ?? null,
        completed_at: Math.floor(endAt / 1000),
        duration_ms: duration,
        time_to_first_token_ms: Math.min(duration, 1_200),
      }),
    );
  }
  return lines;
}

function turnContext(turnId: string, cwd: string, spec: RolloutSpec, at: number): Record<string, unknown> {
  return {
    turn_id: turnId,
    cwd,
    current_date: localParts({ ...spec, startedAt: at }).date,
    timezone: zoneName(spec.localOffsetMinutes ?? 0),
    approval_policy: 'on-request',
    sandbox_policy: { type: 'workspace-write', writable_roots: [], network_access: false, exclude_tmpdir_env_var: false, exclude_slash_tmp: false },
    model: MODEL,
    personality: 'pragmatic',
    collaboration_mode: { mode: 'default', settings: { model: MODEL, reasoning_effort: 'medium', developer_instructions: null } },
    realtime_active: false,
    effort: 'medium',
    summary: 'none',
    truncation_policy: { mode: 'tokens', limit: 10000 },
  };
}

function environmentContext(cwd: string, spec: RolloutSpec, at: number): string {
  const date = localParts({ ...spec, startedAt: at }).date;
  const zone = zoneName(spec.localOffsetMinutes ?? 0);
  return `<environment_context>\n  <cwd>${cwd}</cwd>\n  <shell>zsh</shell>\n  <current_date>${date}</current_date>\n  <timezone>${zone}</timezone>\n</environment_context>`;
}

function userItem(text: string): Record<string, unknown> {
  return { type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
}

function envelope(at: number, type: string, payload: Record<string, unknown>): string {
  return JSON.stringify({ timestamp: iso(at), type, payload });
}

function writeLocated(codexHome: string, location: RolloutLocation, content: string, lastWriteMs: number): string {
  const path = join(codexHome, ...rolloutRelPath(location).split('/'));
  mkdirSync(dirname(path), { recursive: true });
  const bytes = Buffer.from(content, 'utf8');
  writeFileSync(path, location.compressed ? zstdStoredFrame(bytes) : bytes);
  const mtime = new Date(toMs(location.mtime ?? lastWriteMs));
  utimesSync(path, mtime, mtime);
  return path;
}

/**
 * A valid zstd frame whose blocks are stored uncompressed (RFC 8878 §3.1.1): what `zstd -d` and Codex read,
 * without needing a compressor (Node 20 has none).
 */
function zstdStoredFrame(data: Buffer): Buffer {
  const MAX_BLOCK = 128 * 1024;
  const header = Buffer.alloc(13);
  header.writeUInt32LE(0xfd2fb528, 0);
  header[4] = 0xe0; // 8-byte content size, single segment, no checksum, no dictionary
  header.writeBigUInt64LE(BigInt(data.length), 5);
  const parts: Buffer[] = [header];
  let offset = 0;
  do {
    const size = Math.min(MAX_BLOCK, data.length - offset);
    const last = offset + size >= data.length ? 1 : 0;
    const blockHeader = Buffer.alloc(3);
    blockHeader.writeUIntLE(last | (size << 3), 0, 3); // block type 0 = raw
    parts.push(blockHeader, data.subarray(offset, offset + size));
    offset += size;
  } while (offset < data.length);
  return Buffer.concat(parts);
}

function joinLines(lines: string[], finalNewline: boolean): string {
  if (lines.length === 0) return '';
  return lines.join('\n') + (finalNewline ? '\n' : '');
}

function lastLineTime(lines: string[]): number | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const ms = Date.parse((JSON.parse(lines[i] as string) as { timestamp?: string }).timestamp ?? '');
      if (!Number.isNaN(ms)) return ms;
    } catch {
      // raw lines may be deliberately broken
    }
  }
  return null;
}

function gitOf(git: GitInfo | null | undefined): GitInfo | null {
  return git === undefined ? DEFAULT_GIT : git;
}

function localParts(location: Pick<RolloutLocation, 'startedAt' | 'localOffsetMinutes'>) {
  const local = new Date(toMs(location.startedAt) + (location.localOffsetMinutes ?? 0) * 60_000).toISOString();
  const yyyy = local.slice(0, 4);
  const MM = local.slice(5, 7);
  const dd = local.slice(8, 10);
  return { yyyy, MM, dd, date: `${yyyy}-${MM}-${dd}`, hh: local.slice(11, 13), mm: local.slice(14, 16), ss: local.slice(17, 19) };
}

/** An IANA zone for whole-hour offsets (`Etc/GMT-8` is UTC+8: POSIX signs are inverted). */
function zoneName(offsetMinutes: number): string {
  if (offsetMinutes === 0 || offsetMinutes % 60 !== 0) return 'Etc/UTC';
  const hours = offsetMinutes / 60;
  return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}

function toMs(instant: Instant): number {
  return typeof instant === 'number' ? instant : instant.getTime();
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const RATE_LIMITS = {
  limit_id: 'codex',
  limit_name: null,
  primary: { used_percent: 4.0, window_minutes: 300, resets_at: 1_778_678_484 },
  secondary: { used_percent: 21.0, window_minutes: 10_080, resets_at: 1_778_832_591 },
  credits: null,
  plan_type: 'plus',
};

const TURN_ABORTED_NOTE =
  '<turn_aborted>\nThe user interrupted the previous turn on purpose. Any running unified exec processes may still be running in the background. If any tools/commands were aborted, they may have partially executed; verify current state before retrying.\n</turn_aborted>';

/** Written for these tests in the style of Codex's base instructions (real ones are 7–21 KB). */
export const BASE_INSTRUCTIONS = `You are Codex, a coding agent. You and the user share one workspace, and your job is to collaborate with them until their goal is handled.

# Personality

You are direct, careful and pragmatic. You explain what you did and why in plain words, and you do not pad answers. When you are unsure, you say so and propose how to find out.

# General

- Prefer \`rg\` and \`rg --files\` for searching text and files; they are much faster than alternatives.
- Read the surrounding code before changing it. Follow the conventions of the repository you are in: naming, formatting, error handling, test layout.
- Default to ASCII when editing or creating files. Only introduce non-ASCII characters when there is a clear reason and the file already uses them.
- Add short comments only where the code is not self-explanatory. Comments say why, not what.
- Never revert changes you did not make unless the user asks for it. The worktree may be dirty because the user is working in parallel with you.
- Do not amend commits, force-push or run destructive git commands (\`git reset --hard\`, \`git checkout --\`) unless the user explicitly asks for them.

# Editing files

- Use the apply_patch tool for single-file edits. Keep patches small and focused; do not reformat code you do not touch.
- When you create a new file, put it where similar files live and give it a name that says what it holds.
- After editing, run the narrowest check that proves the change works: a single test file, a type check, a build of one package.

# Working with the sandbox

The sandbox decides which commands may run without asking. In \`workspace-write\` mode you may read any file and write inside the workspace and the temporary directory. Network access may be disabled. When a command fails because of the sandbox, explain what it needs and request escalation with a one-sentence justification instead of trying workarounds.

Commands that need approval include installing packages, writing outside the workspace, and anything that touches the network. Never ask for approval for a command that only reads files.

# Planning

For tasks that take several steps, keep a short plan with the update_plan tool: one line per step, exactly one step in progress at a time. Skip the plan for simple requests that you can finish in one or two actions. Update the plan when you learn something that changes it.

# Testing

If the repository has tests, run the ones related to your change. Start specific and widen the scope as you gain confidence. Do not fix unrelated failing tests, but mention them in your final message. When there are no tests for the code you changed and the repository has a test setup, add one that would have failed before your change.

# Final answer

Your final message should read like an update from a teammate:

- Lead with the outcome: what changed and whether it works.
- Reference files with their paths, for example \`src/app.ts:42\`, so the user can open them.
- Mention anything you could not verify, any assumption you made, and the natural next step if there is one.
- Keep it short. Use headers only when the answer has several distinct parts, and bullets only for lists of parallel items.

Do not paste large files you wrote; the user can open them. Do not tell the user to save or copy code into a file: you already did that.

# Reviews

When the user asks for a review, prioritise finding bugs, risks, behavioural regressions and missing tests. Present findings first, ordered by severity, each with a file and line reference. Keep summaries brief and after the findings. If you find nothing, say so and mention any residual risk or testing gap.
`;
