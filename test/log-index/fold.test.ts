import { describe, expect, it } from 'vitest';
import { countOf, countOfKind, turnCount } from '../../src/model/log-timeline.js';
import { createLogTimelineFolder } from '../../src/log-index/fold.js';
import type { EventKind, EventSource, TimelineEvent } from '../../src/model/timeline-event.js';

const ID = '019decfe-a771-7380-ac92-fec89615facd';
const T0 = Date.parse('2026-05-03T08:00:00.000Z');
let seq = 0;

function event(kind: EventKind, minute: number, extra: Partial<TimelineEvent> = {}): TimelineEvent {
  const methods: Partial<Record<EventKind, string>> = {
    'turn-start': 'turn/start',
    'inject-items': 'thread/inject_items',
    read: 'thread/read',
    resume: 'thread/resume',
  };
  return {
    threadId: ID,
    ts: T0 + minute * 60_000,
    source: 'desktop-log' as EventSource,
    kind,
    method: methods[kind] ?? null,
    level: 'info',
    text: `${kind} at ${minute}`,
    file: '/logs/a.log',
    line: seq + 1,
    seq: seq++,
    errorCode: null,
    errorMessage: null,
    forkedFromId: null,
    ...extra,
  };
}

function fold(events: TimelineEvent[], keepAll = false, window: { since?: number; until?: number } = {}) {
  const folder = createLogTimelineFolder({ since: window.since ?? null, until: window.until ?? null, keepAll: () => keepAll });
  for (const e of events) folder.add(e);
  return folder.finish();
}

describe('createLogTimelineFolder', () => {
  const many = () => [
    event('conversation-created', 0, { forkedFromId: '019dece3-0000-7000-8000-000000000000' }),
    ...Array.from({ length: 200 }, (_, i) => event('read', 1 + i / 1000)),
    ...Array.from({ length: 50 }, (_, i) => event(i % 2 === 0 ? 'turn-start' : 'inject-items', 2 + i)),
    ...Array.from({ length: 30 }, (_, i) =>
      event('request-failed', 60 + i, { method: 'thread/resume', errorMessage: 'no rollout found for thread id x', errorCode: -32600 }),
    ),
    event('request-failed', 95, { method: 'thread/fork', errorMessage: 'something else' }),
  ];

  it('counts every event but keeps a sample: the first and last turns and failures, one routine request', () => {
    const events = many();
    const originals = new Map(events.map((e) => [e.text, { ...e }]));
    const timeline = fold(events).get(ID)!;
    // Each kept event is whole, with its own values, whichever object holds them.
    for (const kept of timeline.events) expect(kept).toEqual(originals.get(kept.text));
    expect(timeline.total).toBe(282);
    expect(timeline.counts).toEqual({
      'desktop-log/conversation-created': 1,
      'desktop-log/read': 200,
      'desktop-log/turn-start': 25,
      'desktop-log/inject-items': 25,
      'desktop-log/request-failed': 31,
    });
    // In one order for every conversation (the report writes them so).
    expect(Object.keys(timeline.counts)).toEqual(Object.keys(timeline.counts).sort());
    expect(turnCount(timeline)).toBe(50);
    expect(countOf(timeline, 'desktop-log', 'turn-start')).toBe(25);
    expect(countOfKind(timeline, 'inject-items')).toBe(25);
    expect(timeline.complete).toBe(false);
    const kept = timeline.events.map((e) => e.text);
    expect(kept).toEqual([
      'conversation-created at 0',
      'read at 1',
      'turn-start at 2',
      'inject-items at 3',
      'turn-start at 4',
      'turn-start at 50',
      'inject-items at 51',
      'request-failed at 60',
      'request-failed at 61',
      'request-failed at 62',
      'request-failed at 89',
      'request-failed at 95',
    ]);
    expect(timeline.firstTs).toBe(T0);
    expect(timeline.lastTs).toBe(T0 + 95 * 60_000);
    expect(timeline.forkedFromId).toBe('019dece3-0000-7000-8000-000000000000');
  });

  it('keeps the time of every routed turn, and groups failures by method and signature with exact counts', () => {
    const timeline = fold(many()).get(ID)!;
    expect(timeline.routedTurnTimes).toHaveLength(50);
    expect(timeline.routedTurnTimes[49]).toBe(T0 + 51 * 60_000);
    expect(timeline.failures.map((g) => [g.method, g.count, g.events.length, g.mixed])).toEqual([
      ['thread/resume', 30, 8, false],
      ['thread/fork', 1, 1, false],
    ]);
  });

  it('keeps every event of a conversation that will be shown whole', () => {
    const events = many();
    const timeline = fold(events, true).get(ID)!;
    expect(timeline.events).toEqual(events);
    expect(timeline.complete).toBe(true);
  });

  it('calls a small timeline complete when nothing had to be dropped', () => {
    const timeline = fold([event('thread-start', 0), event('turn-start', 1), event('read', 2)]).get(ID)!;
    expect(timeline.events.map((e) => e.kind)).toEqual(['thread-start', 'turn-start', 'read']);
    expect(timeline.complete).toBe(true);
  });

  it('drops events outside --since/--until before counting them', () => {
    const timeline = fold(many(), false, { since: T0 + 10 * 60_000, until: T0 + 70 * 60_000 }).get(ID)!;
    expect(timeline.total).toBe(42 + 11); // turns at minutes 10–51, failures at 60–70
    expect('desktop-log/read' in timeline.counts).toBe(false);
    expect(fold([event('read', 0, { ts: null })], false, { since: T0 }).size).toBe(0);
  });

  it('puts failures beyond the group limit in one mixed group, still counted', () => {
    const failures = Array.from({ length: 40 }, (_, i) => event('request-failed', i, { method: 'thread/read', errorMessage: `error number ${i}` }));
    const timeline = fold(failures).get(ID)!;
    expect(timeline.failures).toHaveLength(33);
    const mixed = timeline.failures.filter((g) => g.mixed);
    expect(mixed.map((g) => g.count)).toEqual([8]);
    expect(timeline.failures.reduce((n, g) => n + g.count, 0)).toBe(40);
  });
});

describe('createLogTimelineFolder with id keys', () => {
  it('folds the same whether an event comes with its id key or not, keys and ids mixed', () => {
    const OTHER = '019decfe-a771-7380-ac92-fec89615fac0';
    const events = Array.from({ length: 120 }, (_, i) => event(i % 3 === 0 ? 'turn-start' : 'read', i, { threadId: i % 2 === 0 ? ID : OTHER }));
    const plain = fold(events.map((e) => ({ ...e })));
    const folder = createLogTimelineFolder({ since: null, until: null, keepAll: () => false });
    // Key 7 stands for ID and key 3 for OTHER; some events of each come without a key, as from a full parse.
    for (const [i, e] of events.entries()) folder.add({ ...e }, i % 5 === 0 ? -1 : e.threadId === ID ? 7 : 3);
    const keyed = folder.finish();
    expect([...keyed.keys()].sort()).toEqual([...plain.keys()].sort());
    for (const [id, timeline] of plain) expect(keyed.get(id)).toEqual(timeline);
  });
});

describe('createLogTimelineFolder with many conversations', () => {
  it("keeps every conversation's counts and times across blocks of rows, and when it makes room for a late kind", () => {
    const ids = Array.from({ length: 9000 }, (_, i) => `019decfe-a771-7380-ac92-${String(i).padStart(12, '0')}`);
    const folder = createLogTimelineFolder({ since: null, until: null, keepAll: (id) => id === ids[7] });
    ids.forEach((id, i) => {
      folder.add(event('turn-start', i, { threadId: id }));
      folder.add(event('read', i + 0.5, { threadId: id }), i % 3 === 0 ? i : -1);
    });
    // Kinds no conversation had when the rows were laid out (more than the rows had room for), for the first and the
    // last conversation.
    const late = (['rollout', 'state-db', 'tui-log', 'history'] as EventSource[]).flatMap((source) =>
      (['rollout-created', 'row-created', 'row-updated', 'thread-renamed'] as EventKind[]).map((kind) => ({ source, kind })),
    );
    for (const id of [ids[0]!, ids[8999]!]) for (const { source, kind } of late) folder.add(event(kind, 9000, { threadId: id, source, method: null }));
    const timelines = folder.finish();
    expect(timelines.size).toBe(9000);
    ids.forEach((id, i) => {
      const timeline = timelines.get(id)!;
      const renamed = i === 0 || i === 8999 ? 1 : 0;
      expect(timeline.total).toBe(2 + renamed * late.length);
      for (const { source, kind } of late) expect(countOf(timeline, source, kind)).toBe(renamed);
      expect(countOf(timeline, 'desktop-log', 'turn-start')).toBe(1);
      expect(countOf(timeline, 'desktop-log', 'read')).toBe(1);
      expect(timeline.firstTs).toBe(T0 + i * 60_000);
      expect(timeline.lastTs).toBe(renamed ? T0 + 9000 * 60_000 : T0 + (i + 0.5) * 60_000);
      expect(timeline.routedTurnTimes).toEqual([T0 + i * 60_000]);
      expect(timeline.complete).toBe(i !== 0 && i !== 8999);
    });
  });
});

describe('createLogTimelineFolder: shares absorbed in order', () => {
  /** Events folded in shares of `size` (seq numbers from each share's start), partials absorbed, then `after` added. */
  function foldInShares(events: TimelineEvent[], size: number, keepAll: (id: string) => boolean, after: TimelineEvent[]) {
    const run = createLogTimelineFolder({ since: null, until: null, keepAll });
    for (let start = 0; start < events.length; start += size) {
      const share = createLogTimelineFolder({ since: null, until: null, keepAll, share: true });
      const first = events[start]!.seq;
      for (const e of events.slice(start, start + size)) share.add({ ...e, seq: e.seq - first });
      run.absorb(share.partial(), { seq: first, line: 0 });
    }
    for (const e of after) run.add({ ...e });
    return run.finish();
  }

  it('gives what adding every event in turn gives: samples, turn times, forks, failure groups past the first 32 kinds', () => {
    const OTHER = '019decfe-a771-7380-ac92-fec89615fac0';
    const events = Array.from({ length: 700 }, (_, i) => {
      const threadId = i % 3 === 0 ? OTHER : ID;
      if (i % 4 === 0)
        return event('request-failed', i, {
          threadId,
          method: i % 8 === 0 ? 'turn/start' : 'thread/read',
          errorMessage: `kind ${(i * 7) % 45}`,
          errorCode: -1,
        });
      if (i % 5 === 0) return event('turn-start', i, { threadId });
      if (i === 33) return event('fork', i, { threadId, forkedFromId: '019dece3-0000-7000-8000-000000000000' });
      return event(i % 7 === 0 ? 'conversation-created' : 'read', i, { threadId });
    });
    // Events of other sources after the logs, as collectSources adds them.
    const after = [
      event('turn-start', 800, { source: 'tui-log', method: null }),
      event('request-failed', 801, { source: 'tui-log', errorMessage: 'late kind' }),
    ];
    for (const keepAll of [() => false, (id: string) => id === OTHER]) {
      const single = createLogTimelineFolder({ since: null, until: null, keepAll });
      for (const e of [...events, ...after]) single.add({ ...e });
      const expected = JSON.stringify([...single.finish()]);
      expect(expected).toContain('"mixed":true');
      for (const size of [1, 7, 64, 333, 700]) expect(JSON.stringify([...foldInShares(events, size, keepAll, after)])).toBe(expected);
    }
  });
});
