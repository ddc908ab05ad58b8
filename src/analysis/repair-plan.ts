import type { FoundRollout, RepairFacts, RepairNote, RepairPlan, RepairStep, RowFacts, SqlValue } from '../model/repair.js';
import { onceHadRollout } from './detectors/unpersisted-conversation.js';
import type { Finding } from '../model/finding.js';

const PATH_KINDS = new Set(['empty-rollout-path', 'rollout-path-not-a-file', 'missing-rollout-file']);

/** What would fix each finding, computed without touching anything; `--apply` executes it separately. */
export function planRepairs(findings: readonly Finding[], facts: RepairFacts): RepairPlan {
  const steps: RepairStep[] = [];
  const notes: RepairNote[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const key = `${f.kind}\u0000${f.threadId ?? ''}`;
    // Symptoms and information need no repair of their own.
    if (seen.has(key) || f.kind === 'request-failed' || f.severity === 'info') continue;
    seen.add(key);
    if (f.kind === 'missing-thread-row' && f.threadId !== null) {
      const row = facts.rowFacts.get(f.threadId);
      const found = facts.rollouts.get(f.threadId);
      if (row !== undefined && found !== undefined) steps.push(insertRow(row, found, facts));
      else notes.push(note(f, 'The rollout could not be read in full, so the row cannot be rebuilt from it.'));
    } else if (PATH_KINDS.has(f.kind) && f.threadId !== null && facts.rollouts.has(f.threadId)) {
      steps.push(updatePath(f, facts.rollouts.get(f.threadId)!, facts));
    } else if (f.kind === 'unpersisted-turns') {
      notes.push(
        note(
          f,
          'These turns never reached disk and nothing can restore them; the conversation itself is intact up to its last write. What remains is the evidence below.',
        ),
      );
    } else if (onceHadRollout(f)) {
      notes.push(
        note(
          f,
          'The rollout existed once (the conversation was resumed days after it began) and is gone from this home: restore it from a backup or from the machine this home was copied from; nothing here can rebuild it.',
        ),
      );
    } else if (f.kind === 'sidebar-catalog-missing') {
      // Desktop's catalog is closed-source state: rebuilt by Desktop, never written by us.
      notes.push(
        note(
          f,
          'Nothing is lost and nothing in state_5.sqlite needs changing: the conversation opens by id (`codex resume <id>`). The sidebar shows it again once Desktop rebuilds its catalog: restart Codex; if that is not enough, quit Codex and move sqlite/codex-dev.db (with -wal/-shm) aside before starting it.',
        ),
      );
    } else if (f.kind === 'unpersisted-conversation') {
      notes.push(note(f, 'Nothing on disk can restore this conversation: it never had a threads row or a rollout. What remains is the evidence below.'));
    } else {
      notes.push(
        note(
          f,
          f.threadId === null
            ? 'No automatic repair: this finding is about the home as a whole.'
            : 'No automatic repair: no rollout for this conversation exists to point the row at.',
        ),
      );
    }
  }
  return { database: facts.database, schemaVersion: facts.schemaVersion, steps, notes };
}

function note(f: Finding, text: string): RepairNote {
  // A grouped finding's evidence is often one row after another of the same database: named once.
  return { kind: f.kind, threadId: f.threadId, text, evidence: [...new Set(f.evidence.map((e) => `${e.file}${e.line > 0 ? `:${e.line}` : ''}`))] };
}

/** `rollout_path` as the DB's own machine would write it: under the recorded home when the home was copied. */
export function recordedRolloutPath(found: FoundRollout, facts: RepairFacts): string {
  const base = facts.recordedHome ?? facts.codexHome;
  const sep = facts.recordedHome === null ? facts.separator : facts.recordedHome.includes('\\') ? '\\' : '/';
  return `${base.replace(/[\\/]+$/, '')}${sep}${found.relPath.split('/').join(sep)}`;
}

function insertRow(row: RowFacts, found: FoundRollout, facts: RepairFacts): RepairStep {
  const path = recordedRolloutPath(found, facts);
  const names: string[] = [];
  const params: SqlValue[] = [];
  for (const column of facts.columns) {
    let value = valueFor(column.name, row, path, found.archived);
    if (value === undefined) {
      if (!column.notNull || column.hasDefault) continue;
      // A NOT NULL column this tool does not know (a newer schema): the neutral value of its type.
      value = /INT|REAL|NUM/i.test(column.type) ? 0 : '';
    }
    names.push(column.name);
    params.push(value);
  }
  return {
    kind: 'missing-thread-row',
    threadId: row.id,
    explanation: `restore the threads row from ${found.relPath} (${names.length} columns, derived as Codex derives them)`,
    sql: `INSERT INTO threads (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    params,
  };
}

function valueFor(column: string, row: RowFacts, rolloutPath: string, archived: boolean): SqlValue | undefined {
  const seconds = (ms: number) => Math.floor(ms / 1000);
  switch (column) {
    case 'id':
      return row.id;
    case 'rollout_path':
      return rolloutPath;
    case 'created_at':
      return seconds(row.createdAtMs);
    case 'updated_at':
    case 'recency_at':
      return seconds(row.updatedAtMs);
    case 'created_at_ms':
      return Math.floor(row.createdAtMs);
    case 'updated_at_ms':
    case 'recency_at_ms':
      return Math.floor(row.updatedAtMs);
    case 'source':
      return row.source;
    case 'model_provider':
      return row.modelProvider;
    case 'cwd':
      return row.cwd;
    case 'title':
      return row.title;
    case 'sandbox_policy':
      return row.sandboxPolicy;
    case 'approval_mode':
      return row.approvalMode;
    case 'tokens_used':
      return row.tokensUsed;
    case 'has_user_event':
      return row.hasUserEvent ? 1 : 0;
    case 'archived':
      return archived ? 1 : 0;
    case 'archived_at':
      return archived ? seconds(row.updatedAtMs) : null;
    case 'git_sha':
      return row.gitSha;
    case 'git_branch':
      return row.gitBranch;
    case 'git_origin_url':
      return row.gitOriginUrl;
    case 'cli_version':
      return row.cliVersion;
    case 'first_user_message':
    case 'preview':
      return row.firstUserMessage;
    case 'agent_nickname':
      return row.agentNickname;
    case 'agent_role':
      return row.agentRole;
    case 'agent_path':
      return row.agentPath;
    case 'model':
      return row.model;
    case 'reasoning_effort':
      return row.reasoningEffort;
    case 'thread_source':
      return row.threadSource;
    case 'name':
      return row.name;
    // Left to the column default unless the rollout says otherwise.
    case 'memory_mode':
      return row.memoryMode ?? undefined;
    case 'history_mode':
      return row.historyMode ?? undefined;
    default:
      return undefined;
  }
}

function updatePath(f: Finding, found: FoundRollout, facts: RepairFacts): RepairStep {
  const path = recordedRolloutPath(found, facts);
  const hasArchived = facts.columns.some((c) => c.name === 'archived');
  return {
    kind: f.kind,
    threadId: f.threadId!,
    explanation: `point rollout_path at ${found.relPath}, the rollout found for this id`,
    sql: hasArchived ? 'UPDATE threads SET rollout_path = ?, archived = ? WHERE id = ?' : 'UPDATE threads SET rollout_path = ? WHERE id = ?',
    params: hasArchived ? [path, found.archived ? 1 : 0, f.threadId!] : [path, f.threadId!],
  };
}

/** The statement with its parameters written in, for people to read and for `sqlite3` to run. */
export function literalSql(step: RepairStep): string {
  let i = 0;
  return `${step.sql.replace(/\?/g, () => sqlLiteral(step.params[i++] ?? null))};`;
}

/**
 * A value as SQL text. Control characters (a path can hold any but NUL) are spelt `char(N)` outside the quotes: the
 * statement stays exact when sqlite3 runs it, and a terminal that shows the script has nothing to obey.
 */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  const quoted = `'${value.replace(/'/g, "''")}'`;
  if (!CONTROL_CHARACTER.test(quoted)) return quoted;
  return quoted.replace(CONTROL_CHARACTERS, (ch) => `' || char(${ch.charCodeAt(0)}) || '`).replace(/^'' \|\| | \|\| ''$/g, '');
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
