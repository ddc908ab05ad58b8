import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/analysis/analyze.js';
import type { Filters, Report } from '../../src/model/report.js';
import type { Finding } from '../../src/model/finding.js';
import { collectSources } from '../../src/log-index/collect.js';
import { writeDesktopLog, type DesktopLineSpec } from '../builders/desktop-log.js';
import { makeThreadId, rolloutRelPath, writeRollout, type RolloutSpec } from '../builders/rollouts.js';
import { buildStateDb, type StateDbSpec, type ThreadSeed } from '../builders/state-db.js';

/** A temporary folder with `logs/` (Desktop logs) and `home/` (a Codex home), analysed end to end. */
export interface Scenario {
  root: string;
  logs: string;
  home: string;
}

export function newScenario(): Scenario {
  const root = mkdtempSync(join(tmpdir(), 'codex-logs-scenario-'));
  const scenario = { root, logs: join(root, 'logs'), home: join(root, 'home') };
  mkdirSync(scenario.logs, { recursive: true });
  mkdirSync(scenario.home, { recursive: true });
  return scenario;
}

/** A fresh scenario for every test of the calling file, removed after it; the returned object is refilled each time. */
export function useScenario(): Scenario {
  const holder = {} as Scenario;
  beforeEach(() => {
    Object.assign(holder, newScenario());
  });
  afterEach(() => removeScenario(holder));
  return holder;
}

export function removeScenario(s: Scenario): void {
  rmSync(s.root, { recursive: true, force: true });
}

export const T0 = Date.parse('2026-05-03T08:00:00.000Z');
export const at = (minutes: number): number => T0 + minutes * 60_000;
export const idAt = (minutes: number, salt: string): string => makeThreadId(at(minutes), salt);

export function writeLog(s: Scenario, lines: DesktopLineSpec[], pid = 4612): string {
  return writeDesktopLog(s.logs, { date: lines[0]?.ts ?? T0, pid, lines });
}

export function writeDb(s: Scenario, threads: ThreadSeed[], spec: Partial<StateDbSpec> = {}): void {
  buildStateDb(join(s.home, 'state_5.sqlite'), { schemaVersion: 42, backfillStatus: 'complete', threads, ...spec });
}

/** A rollout for `id` started at `minutes`, in `root`; returns the spec (for rows that point at it). */
export function writeThreadRollout(s: Scenario, id: string, minutes: number, extra: Partial<RolloutSpec> = {}): RolloutSpec {
  const spec: RolloutSpec = {
    id,
    startedAt: at(minutes),
    turns: [{ at: at(minutes) + 5_000, userMessage: 'hi', agentMessage: 'hello', complete: true }],
    ...extra,
  };
  writeRollout(s.home, spec);
  return spec;
}

/** A `threads` row whose rollout_path is where `spec` was written, as recorded under `recordedHome`. */
export function rowFor(spec: RolloutSpec, recordedHome: string, extra: Partial<ThreadSeed> = {}): ThreadSeed {
  const created = Math.floor(Number(spec.startedAt) / 1000);
  return { id: spec.id, rolloutPath: `${recordedHome}/${rolloutRelPath(spec)}`, createdAt: created, updatedAt: created + 60, ...extra };
}

export async function run(s: Scenario, partial: Partial<Filters> = {}, opts: { logs?: boolean; home?: string | null } = {}): Promise<Report> {
  const filters = { since: null, until: null, threads: [], ...partial };
  const sources = await collectSources({
    logsDir: opts.logs === false ? null : s.logs,
    codexHome: opts.home === undefined ? s.home : opts.home,
    env: {},
    home: join(s.root, 'no-user-home'),
    filters,
  });
  return analyze(sources, filters, 'test');
}

export function kinds(report: Report): string[] {
  return report.findings.map((f) => `${f.kind} ${f.threadId ?? '-'}`).sort();
}

export function only(report: Report, kind: string): Finding[] {
  return report.findings.filter((f) => f.kind === kind);
}

// Desktop log lines, as Desktop writes them (codex-formats.md §8).
export function routed(minutes: number, method: string, conversationId: string | null, extra: DesktopLineSpec['fields'] = {}): DesktopLineSpec {
  return {
    ts: at(minutes),
    level: 'info',
    component: 'AppServerConnection',
    message: 'response_routed',
    fields: { conversationId, durationMs: 12, errorCode: null, method, requestId: makeThreadId(at(minutes), method), ...extra },
  };
}

export function created(minutes: number, conversationId: string, forkedFromId?: string): DesktopLineSpec {
  return { ts: at(minutes), level: 'info', component: 'electron-message-handler', message: 'Conversation created', fields: { conversationId, forkedFromId } };
}

export function requestFailed(minutes: number, conversationId: string, method: string, code: number, message: string): DesktopLineSpec {
  return {
    ts: at(minutes),
    level: 'error',
    component: 'electron-message-handler',
    message: 'Request failed',
    fields: { conversationId, error: { code, message }, method },
  };
}

export function routedError(minutes: number, method: string, conversationId: string, code: number, message: string): DesktopLineSpec {
  return routed(minutes, method, conversationId, { errorCode: code, errorMessage: message });
}

/** A side chat of `parent`: created as a fork, then given an inject_items and `turns` turn/starts. */
export function sideChat(minutes: number, id: string, parent: string, turns = 1): DesktopLineSpec[] {
  return [
    routed(minutes, 'thread/fork', parent, { ephemeral: true }),
    created(minutes, id, parent),
    routed(minutes + 0.1, 'thread/inject_items', id),
    ...Array.from({ length: turns }, (_, i) => routed(minutes + 1 + i, 'turn/start', id)),
  ];
}
