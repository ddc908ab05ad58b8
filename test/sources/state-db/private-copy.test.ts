import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyDbSnapshot, copyMainFileOnly, MAX_COPY_ATTEMPTS } from '../../../src/sources/state-db/private-copy.js';
import { fileFingerprint } from '../../builders/fingerprint.js';
import { buildStateDb } from '../../builders/state-db.js';

let dir: string;
let writer: ChildProcess | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-logs-state-db-copy-'));
});
afterEach(() => {
  writer?.kill();
  writer = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Another process that keeps appending to `path`, as a running Codex appends frames to `-wal`. */
async function startAppender(path: string): Promise<ChildProcess> {
  const script = `
    const fs = require('node:fs');
    const fd = fs.openSync(process.argv[1], 'a');
    const byte = Buffer.from([0]);
    fs.writeSync(fd, byte);
    process.stdout.write('ready\\n');
    const stopAt = Date.now() + 20000;
    while (Date.now() < stopAt) fs.writeSync(fd, byte);
  `;
  const child = spawn(process.execPath, ['-e', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('error', reject);
  });
  return child;
}

describe('copyDbSnapshot', () => {
  it('copies the database and its -wal, never the -shm, in one attempt when nothing changes', () => {
    const db = join(dir, 'home', 'state_5.sqlite');
    buildStateDb(db, {
      schemaVersion: 42,
      threads: [{ id: '019e1c6b-6b4c-7f52-9b7a-3a7d96c0faac', rolloutPath: '/r/a.jsonl' }],
      walOnlyThreads: [{ id: '019e206d-14fa-7811-a15c-7a9b4a2fe5ab', rolloutPath: '/r/w.jsonl' }],
    });
    const before = fileFingerprint([db, `${db}-wal`, `${db}-shm`]);
    const dest = join(dir, 'copy');
    const snap = copyDbSnapshot(db, dest);
    expect(snap).toEqual({ dbCopy: join(dest, 'state.sqlite'), walCopied: true, attempts: 1, stable: true });
    expect(readdirSync(dest).sort()).toEqual(['state.sqlite', 'state.sqlite-wal']);
    expect(readFileSync(snap.dbCopy).equals(readFileSync(db))).toBe(true);
    expect(readFileSync(`${snap.dbCopy}-wal`).equals(readFileSync(`${db}-wal`))).toBe(true);
    expect(statSync(snap.dbCopy).mode & 0o777).toBe(0o600);
    expect(fileFingerprint([db, `${db}-wal`, `${db}-shm`])).toEqual(before);
  });

  it('copies no -wal when there is none, and removes one left by an earlier attempt', () => {
    const db = join(dir, 'state_5.sqlite');
    buildStateDb(db, { schemaVersion: 22 });
    const dest = join(dir, 'copy');
    writeFileSync(join(dir, 'state_5.sqlite-wal'), 'x');
    expect(copyDbSnapshot(db, dest).walCopied).toBe(true);
    rmSync(join(dir, 'state_5.sqlite-wal'));
    const snap = copyDbSnapshot(db, dest);
    expect(snap.walCopied).toBe(false);
    expect(existsSync(`${snap.dbCopy}-wal`)).toBe(false);
  });

  it('retries while a live writer appends to -wal, then keeps the last copy', async () => {
    const db = join(dir, 'state_5.sqlite');
    buildStateDb(db, { schemaVersion: 42 });
    // Large enough that each copy takes a while, so the appender always lands between the two stats.
    writeFileSync(`${db}-wal`, Buffer.alloc(64 * 1024 * 1024));
    writer = await startAppender(`${db}-wal`);
    const snap = copyDbSnapshot(db, join(dir, 'copy'));
    expect(snap.attempts).toBe(MAX_COPY_ATTEMPTS);
    expect(snap.stable).toBe(false);
    expect(snap.walCopied).toBe(true);
    expect(statSync(`${snap.dbCopy}-wal`).size).toBeGreaterThan(64 * 1024 * 1024);
  });
});

describe('copyMainFileOnly', () => {
  it('copies the database file alone into its own folder', () => {
    const db = join(dir, 'state_5.sqlite');
    buildStateDb(db, { schemaVersion: 42, walOnlyThreads: [{ id: '019e206d-14fa-7811-a15c-7a9b4a2fe5ab', rolloutPath: '/r/w.jsonl' }] });
    const target = copyMainFileOnly(db, join(dir, 'main-only'));
    expect(target).toBe(join(dir, 'main-only', 'state.sqlite'));
    expect(readdirSync(join(dir, 'main-only'))).toEqual(['state.sqlite']);
    expect(readFileSync(target).equals(readFileSync(db))).toBe(true);
  });
});
