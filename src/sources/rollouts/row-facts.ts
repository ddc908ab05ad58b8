import { pipeline } from 'node:stream/promises';
import split2 from 'split2';
import { uuidV7TimeMs } from '../thread-id.js';
import type { RowFacts } from '../../model/repair.js';
import type { RolloutFile } from './types.js';
import { openRolloutStream } from './zstd-stream.js';
import { isObject } from '../../util/text.js';

/** Codex wraps injected context before the user's words; the title starts after this marker. */
const USER_MESSAGE_BEGIN = '## My request for Codex:';
const IMAGE_ONLY = '[Image]';

type Json = Record<string, unknown>;

/** Reads the whole rollout, streamed; only for the few conversations being repaired. Null without a usable session_meta. */
export async function readRowFacts(file: RolloutFile, defaultProvider = 'openai'): Promise<RowFacts | null> {
  if (file.head.status !== 'ok') return null;
  const head = file.head;
  const facts: RowFacts = {
    id: head.id,
    // The file name's stamp is local time in an unknown zone: the id's own UUIDv7 time is exact.
    createdAtMs: head.timestamp ?? head.writtenAt ?? uuidV7TimeMs(head.id) ?? file.name?.localStampMs ?? file.mtimeMs,
    // Set from the last line's time once read; the file's mtime is only a fallback (a copied home has the copy's).
    updatedAtMs: Math.floor(file.mtimeMs),
    source: '',
    modelProvider: '',
    cwd: head.cwd ?? '',
    cliVersion: head.cliVersion ?? '',
    title: '',
    firstUserMessage: '',
    hasUserEvent: false,
    sandboxPolicy: '',
    approvalMode: '',
    tokensUsed: 0,
    gitSha: null,
    gitBranch: null,
    gitOriginUrl: null,
    agentNickname: null,
    agentRole: null,
    agentPath: null,
    memoryMode: null,
    model: null,
    reasoningEffort: null,
    threadSource: null,
    historyMode: null,
    name: null,
    badLines: 0,
  };
  let lastLineMs: number | null = null;
  await pipeline(openRolloutStream(file.path), split2(), async (lines: AsyncIterable<string>) => {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        facts.badLines += 1;
        continue;
      }
      if (!isObject(value)) continue;
      const at = typeof value.timestamp === 'string' ? Date.parse(value.timestamp) : Number.NaN;
      if (Number.isFinite(at) && (lastLineMs === null || at > lastLineMs)) lastLineMs = at;
      if (isObject(value.payload)) apply(facts, String(value.type), value.payload);
    }
  });
  if (lastLineMs !== null) facts.updatedAtMs = Math.max(Math.floor(lastLineMs), Math.floor(facts.createdAtMs));
  if (facts.modelProvider === '') facts.modelProvider = defaultProvider;
  return facts;
}

function apply(facts: RowFacts, type: string, payload: Json): void {
  if (type === 'session_meta' && payload.id === facts.id) {
    // Forked rollouts embed their parent's session_meta; only the thread's own one counts.
    facts.source = enumText(payload.source);
    facts.agentNickname = text(payload.agent_nickname);
    facts.agentRole = text(payload.agent_role) ?? text(payload.agent_type);
    facts.agentPath = text(payload.agent_path);
    if (text(payload.model_provider)) facts.modelProvider = String(payload.model_provider);
    if (text(payload.cli_version)) facts.cliVersion = String(payload.cli_version);
    if (text(payload.cwd)) facts.cwd = String(payload.cwd);
    facts.memoryMode = text(payload.memory_mode) ?? facts.memoryMode;
    facts.threadSource = text(payload.thread_source) ?? facts.threadSource;
    facts.historyMode = text(payload.history_mode) ?? facts.historyMode;
    const git = isObject(payload.git) ? payload.git : null;
    if (git !== null) {
      facts.gitSha = text(git.commit_hash);
      facts.gitBranch = text(git.branch);
      facts.gitOriginUrl = text(git.repository_url);
    }
  } else if (type === 'turn_context') {
    if (facts.cwd === '' && text(payload.cwd)) facts.cwd = String(payload.cwd);
    facts.sandboxPolicy = enumText(payload.sandbox_policy);
    facts.approvalMode = enumText(payload.approval_policy);
    facts.model = text(payload.model) ?? facts.model;
    facts.reasoningEffort = text(payload.effort) ?? facts.reasoningEffort;
  } else if (type === 'event_msg') {
    applyEvent(facts, payload);
  }
}

function applyEvent(facts: RowFacts, payload: Json): void {
  switch (payload.type) {
    case 'token_count': {
      const total = isObject(payload.info) && isObject(payload.info.total_token_usage) ? payload.info.total_token_usage.total_tokens : null;
      if (typeof total === 'number') facts.tokensUsed = Math.max(0, total);
      return;
    }
    case 'user_message': {
      facts.hasUserEvent = true;
      const message = stripPrefix(typeof payload.message === 'string' ? payload.message : '');
      const hasImages =
        (Array.isArray(payload.images) && payload.images.length > 0) || (Array.isArray(payload.local_images) && payload.local_images.length > 0);
      if (facts.firstUserMessage === '') facts.firstUserMessage = message !== '' ? message : hasImages ? IMAGE_ONLY : '';
      if (facts.title === '' && message !== '') facts.title = message;
      return;
    }
    case 'thread_name_updated':
      facts.name = text(payload.thread_name) ?? facts.name;
      return;
    default:
  }
}

function stripPrefix(message: string): string {
  const at = message.indexOf(USER_MESSAGE_BEGIN);
  return (at === -1 ? message : message.slice(at + USER_MESSAGE_BEGIN.length)).trim();
}

/** serde's view of an enum: a bare string stays a string, anything else is its JSON text. */
function enumText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
