import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPlainLineEvents, EVENT_FIELDS, logEntryToEvent, plainLineToEvent, REPEATED_EVENT_FIELDS } from '../../src/log-index/events.js';
import { createPlainLineParser } from '../../src/sources/desktop-log/plain-line.js';
import { desktopStampInBytes } from '../../src/sources/desktop-log/stamp.js';
import { emptyDesktopLogStats, readDesktopLogFile } from '../../src/sources/desktop-log/read-file.js';
import type { DesktopLogEntry } from '../../src/sources/desktop-log/types.js';

const ID = '019decfe-a771-7380-ac92-fec89615facd';
const PARENT = '019dece3-985e-7487-8de9-5dbbf15a5520';

/** Entries as the real reader builds them from a file holding `line`. */
async function entry(line: string): Promise<DesktopLogEntry> {
  const dir = mkdtempSync(join(tmpdir(), 'codex-logs-events-'));
  try {
    const path = join(dir, 'a.log');
    writeFileSync(path, `launcher noise\n\n\n\n\n\n${line}\n`);
    const entries: DesktopLogEntry[] = [];
    await readDesktopLogFile(path, (e) => entries.push({ ...e, file: '/logs/a.log' }), emptyDesktopLogStats());
    return entries[entries.length - 1]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('logEntryToEvent', () => {
  it.each([
    [
      `2026-05-03T08:40:06.002Z info [AppServerConnection] response_routed conversationId=${ID} durationMs=41 errorCode=null method=turn/start`,
      'turn-start',
      null,
    ],
    [
      `2026-05-03T08:40:05.610Z info [AppServerConnection] response_routed conversationId=${ID} errorCode=null method=thread/inject_items`,
      'inject-items',
      null,
    ],
    [`2026-05-03T08:40:05.251Z info [electron-message-handler] Conversation created conversationId=${ID} forkedFromId=${PARENT}`, 'conversation-created', null],
    [`2026-05-04T08:31:40.270Z info [electron-message-handler] Conversation state not found conversationId=${ID}`, 'unknown-conversation', null],
    [
      `2026-05-04T08:31:40.200Z info [electron-message-handler] maybe_resume_started conversationId=${ID} hostId=local previousResumeState=needs_resume`,
      'resume-attempt',
      null,
    ],
    [
      `2026-05-04T08:31:40.262Z info [AppServerConnection] response_routed conversationId=${ID} errorCode=-32600 errorMessage="no rollout found for thread id ${ID}" method=thread/fork`,
      'request-failed',
      -32600,
    ],
    [
      `2026-05-04T08:52:19.871Z error [electron-message-handler] Request failed conversationId=${ID} error={"code":-32603,"message":"failed to read thread: x: Is a directory (os error 21)"} method=thread/resume`,
      'request-failed',
      -32603,
    ],
    [
      `2026-05-04T08:52:19.871Z error [electron-message-handler] Request failed conversationId=${ID} error={} failureReason=rollout_not_found method=thread/read source=thread_hydration`,
      'request-failed',
      null,
    ],
    [`2026-05-03T08:00:00.000Z info [AppServerConnection] response_routed conversationId=${ID} errorCode=null method=thread/start`, 'thread-start', null],
  ])('%s → %s', async (line, kind, code) => {
    const event = logEntryToEvent(await entry(line), 3);
    expect(event).toMatchObject({ threadId: ID, kind, errorCode: code, file: '/logs/a.log', line: 7, seq: 3, source: 'desktop-log' });
  });

  it("names the fork parent and keeps the line's text without its timestamp", async () => {
    const event = logEntryToEvent(
      await entry(`2026-05-03T08:40:05.251Z info [electron-message-handler] Conversation created conversationId=${ID.toUpperCase()} forkedFromId=${PARENT}`),
      0,
    );
    expect(event?.threadId).toBe(ID);
    expect(event?.forkedFromId).toBe(PARENT);
    expect(event?.text).toBe(`info [electron-message-handler] Conversation created conversationId=${ID.toUpperCase()} forkedFromId=${PARENT}`);
  });

  it('takes the id from params JSON when no conversationId is logged', async () => {
    const event = logEntryToEvent(
      await entry(`2026-05-03T08:40:05.251Z info [IpcRouter] request method=thread/resume params={"threadId":"${ID}","path":"/Users/a/.codex"}`),
      0,
    );
    expect(event).toMatchObject({ threadId: ID, kind: 'resume' });
  });

  it.each(['null', 'none', 'client-new-thread:3b0c9d55-4e0b-4c2e-9d0f-0a3b8c1f7e21', '019ef957-...-0e6', '<ID>'])(
    'ignores conversationId=%s',
    async (value) => {
      expect(
        logEntryToEvent(await entry(`2026-05-03T08:40:05.251Z info [AppServerConnection] response_routed conversationId=${value} method=turn/start`), 0),
      ).toBeNull();
    },
  );
});

describe('createPlainLineEvents', () => {
  const ID = '019decfe-a771-7380-ac92-fec89615facd';
  const parse = createPlainLineParser(EVENT_FIELDS, REPEATED_EVENT_FIELDS);
  const events = createPlainLineEvents();
  const read = (text: string) => {
    const bytes = Buffer.from(text);
    const line = parse(bytes, 0, bytes.length, desktopStampInBytes(bytes, 0, bytes.length)!, true)!;
    const event = events.toEvent(line, '/a.log', 1, 0, 0);
    // The same event as without the cache.
    expect(event).toEqual(plainLineToEvent(line, '/a.log', 1, 0, 0));
    return { event, key: events.lastIdKey(), entries: { ...line.entries } };
  };

  it('keys an event by the entry of the value that named its id: the same number for the same id, whichever key held it', () => {
    const first = read(`2026-05-13T09:12:44.120Z info [A] m conversationId=${ID} method=turn/start`);
    expect(first.event?.threadId).toBe(ID);
    expect(first.key).toBe(first.entries.conversationId);
    // An invalid conversationId gives way to threadId, as in the event.
    const second = read(`2026-05-13T09:12:44.120Z info [A] m conversationId=null threadId=${ID}`);
    expect(second.event?.threadId).toBe(ID);
    expect(second.key).toBe(first.key);
  });

  it('keys the same id spelled otherwise by another number (each stands for one id), and gives -1 without an id', () => {
    const upper = read(`2026-05-13T09:12:44.120Z info [A] m conversationId=${ID.toUpperCase()}`);
    expect(upper.event?.threadId).toBe(ID);
    expect(upper.key).toBeGreaterThanOrEqual(0);
    expect(upper.key).not.toBe(read(`2026-05-13T09:12:44.120Z info [A] m conversationId=${ID}`).key);
    const none = read(`2026-05-13T09:12:44.120Z info [A] m conversationId=null`);
    expect(none.event).toBeNull();
    expect(none.key).toBe(-1);
  });
});
