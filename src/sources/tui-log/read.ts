import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import split2 from 'split2';
import { matchErrorSignature } from '../../model/error-signatures.js';
import type { TimelineEvent } from '../../model/timeline-event.js';
import type { ProblemCount } from '../../model/report.js';
import { problemList } from '../problems.js';
import { parseTuiHeader } from './parse-line.js';
import { clip } from '../../util/text.js';

const MAX_TEXT = 240;

export interface TuiLogStats {
  files: string[];
  lines: number;
  entries: number;
  continuationLines: number;
  /** Lines before the first header of a file: no entry to attach them to. */
  orphanLines: number;
  /** `codex-login.log`, the login command's own log: its lines are counted in `lines`, it names no thread. */
  loginLogs: string[];
  unreadable: { path: string; error: string }[];
}

export function emptyTuiLogStats(): TuiLogStats {
  return { files: [], lines: 0, entries: 0, continuationLines: 0, orphanLines: 0, loginLogs: [], unreadable: [] };
}

/**
 * Codex's own tracing logs in `CODEX_HOME/log/` (`codex-tui.log`, and app-server stderr saved there): entries that name
 * a thread become timeline events; warnings and errors carrying a known error signature keep their message, so they
 * can explain findings (`failed to materialize thread persistence`, `state db discrepancy …`).
 */
export async function readTuiLogs(codexHome: string, seqStart: number): Promise<{ events: TimelineEvent[]; stats: TuiLogStats }> {
  const stats = emptyTuiLogStats();
  const events: TimelineEvent[] = [];
  let names: string[];
  try {
    names = readdirSync(join(codexHome, 'log'))
      .filter((n) => n.endsWith('.log'))
      .sort();
  } catch {
    return { events, stats };
  }
  let seq = seqStart;
  for (const name of names) {
    const path = join(codexHome, 'log', name);
    if (name === LOGIN_LOG) {
      await countLines(path, stats);
      continue;
    }
    let lineNo = 0;
    let sawHeader = false;
    try {
      await pipeline(createReadStream(path), split2(), async (lines: AsyncIterable<string>) => {
        for await (const line of lines) {
          lineNo += 1;
          stats.lines += 1;
          const header = line.length > 64 * 1024 ? null : parseTuiHeader(line.slice(0, 4096));
          if (header === null) {
            if (sawHeader) stats.continuationLines += 1;
            else stats.orphanLines += 1;
            continue;
          }
          sawHeader = true;
          stats.entries += 1;
          if (header.threadId === null) continue;
          const text = header.rest.replace(/\s+/g, ' ');
          const isProblem = header.level === 'error' || header.level === 'warn';
          events.push({
            threadId: header.threadId,
            ts: header.ts,
            source: 'tui-log',
            kind: 'log',
            method: null,
            level: header.level,
            text: clip(text, MAX_TEXT),
            file: path,
            line: lineNo,
            seq: seq++,
            errorCode: null,
            errorMessage: isProblem && matchErrorSignature(text) !== null ? text.slice(0, 1000) : null,
            forkedFromId: null,
          });
        }
      });
      stats.files.push(path);
    } catch (err) {
      stats.unreadable.push({ path, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { events, stats };
}

/**
 * `codex login` writes its own tracing log beside the TUI's, interleaved with what users tee into it (the browser
 * prompt): it tells nothing about threads, so it is only counted.
 */
const LOGIN_LOG = 'codex-login.log';

async function countLines(path: string, stats: TuiLogStats): Promise<void> {
  try {
    await pipeline(createReadStream(path), split2(), async (lines: AsyncIterable<string>) => {
      for await (const _line of lines) stats.lines += 1;
    });
    stats.loginLogs.push(path);
  } catch (err) {
    stats.unreadable.push({ path, error: err instanceof Error ? err.message : String(err) });
  }
}

/** What Codex's own logs' reader could not use: lines before any entry, and logs it could not read. */
export function tuiLogProblems(stats: TuiLogStats): ProblemCount[] {
  const { add, problems } = problemList();
  add('lines before the first entry of a Codex TUI log', stats.orphanLines);
  add(
    'unreadable Codex TUI logs',
    stats.unreadable.length,
    stats.unreadable.map((u) => `${u.path} (${u.error})`),
  );
  return problems;
}
