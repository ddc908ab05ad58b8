import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileIdentities, type FileIdentities } from '../../src/log-index/file-identity.js';
import { emptyDesktopLogStats, readDesktopLogFile } from '../../src/sources/desktop-log/read-file.js';
import { desktopLine } from '../builders/desktop-log.js';

const ID = '019ea6fa-2afa-7c41-9d3e-5b8f0ac525a5';
const T1 = Date.UTC(2026, 5, 8, 11, 24, 48, 180);
const created = desktopLine({ ts: T1, level: 'info', component: 'electron-message-handler', message: 'Conversation created', fields: { conversationId: ID } });
// About 230 bytes: 5,000 of them are over the megabyte from which a file's identity is kept.
const routed = desktopLine({
  ts: T1 + 57,
  level: 'info',
  component: 'AppServerConnection',
  message: 'response_routed',
  fields: { conversationId: ID, durationMs: 12, errorCode: null, method: 'turn/start', requestId: '8f0c2d14-7a51-4c8e-b1f3-2e6a9d0b7c55' },
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-file-identity-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeRaw(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The identities the reader leaves of `files`, read as the log index reads them. */
async function identitiesOf(files: string[]): Promise<FileIdentities> {
  const identities = createFileIdentities();
  for (const file of files) await readDesktopLogFile(file, () => {}, emptyDesktopLogStats(), { onOpened: identities.opened });
  return identities;
}

describe('file identities', () => {
  it("keeps a large file's identity as opened, which any later write, rotation or removal changes", async () => {
    const lines = Array.from({ length: 5_000 }, () => routed);
    const big = writeRaw('big.log', `${lines.join('\n')}\n`);
    const small = writeRaw('small.log', `${created}\n`);
    const identities = await identitiesOf([big, small]);
    expect(identities.unchanged(big)).toBe(true);
    // Too small to be worth an identity: its lines are checked instead.
    expect(identities.unchanged(small)).toBe(false);
    expect(identities.unchanged(join(dir, 'never-read.log'))).toBe(false);

    const sameSize = `${lines.map((l) => l.replace('turn/start', 'turn/abcde')).join('\n')}\n`;
    writeFileSync(big, sameSize);
    // A later write: set the time apart, as the clock would (two writes within one tick share a time stamp).
    const later = new Date(Date.now() + 60_000);
    utimesSync(big, later, later);
    expect(identities.unchanged(big)).toBe(false);

    const again = await identitiesOf([big]);
    expect(again.unchanged(big)).toBe(true);
    appendFileSync(big, `${routed}\n`);
    expect(again.unchanged(big)).toBe(false);

    const third = await identitiesOf([big]);
    const rotated = writeRaw('rotated.log', readFileSync(big));
    renameSync(rotated, big);
    expect(third.unchanged(big)).toBe(false);
    const fourth = await identitiesOf([big]);
    rmSync(big);
    expect(fourth.unchanged(big)).toBe(false);
  });
});
