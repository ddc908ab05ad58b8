/**
 * What a share's fold sends to the fold of the run (fold.ts partial() and absorb()): per conversation, its row of
 * numbers, its routed turn times and fork parent, and its kept events, which are the sample's first and last events of
 * each class with their place in the class (or every event, for a conversation kept whole), and its failure groups.
 * Everything travels as typed arrays and plain arrays of strings: events never cross threads, only the few a sample
 * keeps, as columns that point at their line (file, offset) rather than holding its text.
 */
import type { TimelineEvent } from '../model/timeline-event.js';

export interface FoldPartial {
  /** Conversations in the order the share first met them. */
  ids: string[];
  /** The `source/kind` count key of each count slot past the class counts. */
  slotKeys: string[];
  /** Numbers per conversation in `rows` (fold.ts's row layout). */
  stride: number;
  rows: Float64Array;
  forkedFrom: (string | null)[];
  /** Routed turn times of every conversation, one after another; turnTimeEnds[k] ends conversation k's. */
  turnTimes: Float64Array;
  turnTimeEnds: Int32Array;
  /** Triples (event, class index, place in the class within the share); class -1: a conversation kept whole. */
  samples: Int32Array;
  sampleEnds: Int32Array;
  failures: (PartialFailureGroup[] | null)[];
  events: EventColumns;
}

/** A share's failures of one kind (method and key), in the order their first one came; `mixed` holds the rest. */
export interface PartialFailureGroup {
  method: string | null;
  key: string;
  mixed: boolean;
  count: number;
  /** Its first events (indices into the partial's events), in order. */
  events: number[];
}

/** How far a share's seq and line numbers are from the run's: the seqs and lines of every share before it. */
export interface ShareOffsets {
  seq: number;
  line: number;
}

/** Desktop events as columns; strings as indices into `strings` (-1 for null). */
export interface EventColumns {
  strings: string[];
  /** Per event: kind, method, level, text, file, errorMessage, forkedFromId. */
  refs: Int32Array;
  /** Per event: ts (NaN: null), line, seq, errorCode (NaN: null), textAt (NaN: none). */
  numbers: Float64Array;
}

const REFS = 7;
const NUMBERS = 5;

export function encodeEvents(events: readonly TimelineEvent[]): EventColumns {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (text: string | null): number => {
    if (text === null) return -1;
    let at = index.get(text);
    if (at === undefined) {
      index.set(text, (at = strings.length));
      strings.push(text);
    }
    return at;
  };
  const refs = new Int32Array(events.length * REFS);
  const numbers = new Float64Array(events.length * NUMBERS);
  // Written in place: an array of seven and one of five made for each of 150,000 events were half the encoding's time.
  events.forEach((e, i) => {
    const r = i * REFS;
    refs[r] = ref(e.kind);
    refs[r + 1] = ref(e.method);
    refs[r + 2] = ref(e.level);
    refs[r + 3] = ref(e.text);
    refs[r + 4] = ref(e.file);
    refs[r + 5] = ref(e.errorMessage);
    refs[r + 6] = ref(e.forkedFromId);
    const n = i * NUMBERS;
    numbers[n] = e.ts ?? Number.NaN;
    numbers[n + 1] = e.line;
    numbers[n + 2] = e.seq;
    numbers[n + 3] = e.errorCode ?? Number.NaN;
    numbers[n + 4] = e.textAt ?? Number.NaN;
  });
  return { strings, refs, numbers };
}

/** Event `at` of the columns, its seq and line moved by `offsets`; its thread id is set by the fold that keeps it. */
export function decodeEvent(columns: EventColumns, at: number, offsets: ShareOffsets): TimelineEvent {
  const { strings, refs, numbers } = columns;
  const r = at * REFS;
  const n = at * NUMBERS;
  const text = (k: number): string | null => (refs[r + k]! < 0 ? null : strings[refs[r + k]!]!);
  const ts = numbers[n]!;
  const errorCode = numbers[n + 3]!;
  const textAt = numbers[n + 4]!;
  // The properties in the order events.ts makes them: one hidden class for every Desktop event.
  return {
    threadId: '',
    ts: Number.isNaN(ts) ? null : ts,
    source: 'desktop-log',
    kind: text(0) as TimelineEvent['kind'],
    method: text(1),
    level: text(2),
    text: text(3) ?? '',
    file: text(4) ?? '',
    line: numbers[n + 1]! + offsets.line,
    seq: numbers[n + 2]! + offsets.seq,
    errorCode: Number.isNaN(errorCode) ? null : errorCode,
    errorMessage: text(5),
    forkedFromId: text(6),
    textAt: Number.isNaN(textAt) ? undefined : textAt,
  };
}
