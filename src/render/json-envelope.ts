import { packageVersion } from '../util/version.js';

/**
 * The version of every `--json` document's shape (as `codex doctor --json` has one), shared by all commands: raised
 * when a field changes meaning. 2: list, tree, timeline, repair and report got the envelope, and repair's state DB
 * schema moved from `schemaVersion` to `stateDbSchemaVersion`.
 */
export const JSON_SCHEMA_VERSION = 2;

/** The commands that print JSON; `command` in a document says which one made it. */
export type JsonCommand = 'analyze' | 'list' | 'tree' | 'timeline' | 'repair' | 'report';

/** The fields every JSON document starts with, in this order. */
export interface JsonEnvelope<C extends JsonCommand = JsonCommand> {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  version: string;
  command: C;
}

export function jsonEnvelope<C extends JsonCommand>(command: C, version: string = packageVersion()): JsonEnvelope<C> {
  return { schemaVersion: JSON_SCHEMA_VERSION, version, command };
}

/** A document as every command prints it: two-space indented, one trailing newline. */
export function jsonText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
