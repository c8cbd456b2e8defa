import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventArray } from '../../../src/lib/sim/event-array';
import type { TraceEvent } from '../../../src/lib/sim/types';
import { FlightIndex, type Flight } from '../../../src/lib/world/flight-index';

/**
 * A random trace of sends, arrivals and drops: each message is sent by one event and arrives (or
 * is dropped) at a later one, with latencies from 0 to 50 ms.
 */
const trace = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 0, max: 20 }),
      latency: fc.integer({ min: 0, max: 50 }),
      dropped: fc.boolean(),
      from: fc.constantFrom('a', 'b', 'c'),
      to: fc.constantFrom('a', 'b', 'c', null),
    }),
    { maxLength: 60 },
  )
  .map((msgs) => {
    const raw: { t: number; make: (i: number) => TraceEvent }[] = [];
    let t = 0;
    msgs.forEach((m, id) => {
      t += m.gap;
      const at = t + m.latency;
      const sentAt = t;
      raw.push({
        t: sentAt,
        make: (i) => ({
          i,
          t: sentAt,
          kind: 'timer',
          node: m.from,
          fx: [{ k: 'send', id, to: m.to, addr: `${m.to ?? 'x'}:1`, msg: { type: 'Heartbeat' }, mode: 'send', at }],
        }),
      });
      raw.push({
        t: at,
        make: (i) =>
          m.dropped
            ? {
                i,
                t: at,
                kind: 'drop',
                node: m.to ?? m.from,
                from: m.from,
                id,
                msg: 'Heartbeat',
                reason: 'lost',
                fx: [{ k: 'drop', id, from: m.from, to: m.to ?? 'x', msg: 'Heartbeat', reason: 'lost' }],
              }
            : { i, t: at, kind: 'deliver', node: m.to ?? m.from, from: m.from, id, msg: 'Heartbeat', fx: [] },
      });
    });
    // Stable by time: a message's arrival never comes before its send.
    return raw
      .map((r, k) => ({ ...r, k }))
      .sort((x, y) => x.t - y.t || x.k - y.k)
      .map((r, i) => r.make(i));
  });

const ids = (fs: Flight[]) => fs.map((f) => f.id).sort((a, b) => a - b);

describe('FlightIndex', () => {
  it('answers the window queries as a scan of every flight would', () => {
    fc.assert(
      fc.property(trace, fc.nat(), fc.integer({ min: -10, max: 600 }), fc.nat({ max: 100 }), (events, c, t, w) => {
        const index = new FlightIndex();
        index.readFrom(eventArray(events));
        for (const e of events) index.add(e);
        const all = Array.from({ length: index.length }, (_, id) => index.get(id) as Flight);
        const cursor = c % (events.length + 1);
        const arrived = (f: Flight) => f.fate !== undefined && f.fate.event < cursor;
        expect(ids(index.inAir(t, cursor))).toEqual(
          ids(all.filter((f) => f.sent < cursor && f.t0 <= t && (t < f.t1 || (t === f.t1 && !arrived(f))))),
        );
        expect(ids(index.overlapping(t, t + w, cursor, Infinity, () => true))).toEqual(
          ids(all.filter((f) => f.sent < cursor && f.t1 >= t && f.t0 <= t + w)),
        );
        // Between given nodes only: the same as the filter, told apart before a flight is read.
        const lanes = new Set(['a', 'c']);
        const between = (f: Flight) => lanes.has(f.from) && f.to !== null && lanes.has(f.to);
        expect(ids(index.overlapping(t, t + w, cursor, Infinity, () => true, lanes))).toEqual(
          ids(all.filter((f) => f.sent < cursor && f.t1 >= t && f.t0 <= t + w && between(f))),
        );
        expect(ids(index.droppedNear(t, cursor, w))).toEqual(
          ids(all.filter((f) => f.fate?.dropped && arrived(f) && f.t1 <= t && f.t1 >= t - w)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('forgets what a cut forgets, for kernel ids and for ids numbered otherwise (a log)', () => {
    const renumber = (events: TraceEvent[], f: (id: number) => number): TraceEvent[] =>
      events.map((e) => ({
        ...e,
        ...(e.id === undefined ? {} : { id: f(e.id) }),
        fx: e.fx.map((x) => (x.k === 'send' || x.k === 'drop' ? { ...x, id: f(x.id) } : x)),
      }));
    fc.assert(
      fc.property(trace, fc.boolean(), fc.nat(), fc.integer({ min: -10, max: 600 }), (raw, own, c, t) => {
        const events = own ? renumber(raw, (id) => 1000 + 3 * id) : raw;
        const n = c % (events.length + 1);
        const build = (evs: TraceEvent[]) => {
          const index = new FlightIndex();
          index.readFrom(eventArray(evs));
          for (const e of evs) index.add(e);
          return index;
        };
        const cut = build(events);
        cut.truncate(n);
        const short = build(events.slice(0, n));
        const answers = (index: FlightIndex) => ({
          inAir: ids(index.inAir(t, n)),
          overlapping: ids(index.overlapping(t - 50, t, n, Infinity, () => true)),
          dropped: ids(index.droppedNear(t, n, 50)),
          length: index.length,
          fates: events.map((e) => e.fx.map((x) => (x.k === 'send' ? index.get(x.id)?.fate : null))),
        });
        expect(answers(cut)).toEqual(answers(short));
        // Grown again, it is the index of the whole trace.
        for (const e of events.slice(n)) cut.add(e);
        const whole = build(events);
        expect(ids(cut.inAir(t, events.length))).toEqual(ids(whole.inAir(t, events.length)));
        expect(ids(cut.droppedNear(t, events.length, 50))).toEqual(ids(whole.droppedNear(t, events.length, 50)));
      }),
      { numRuns: 300 },
    );
  });

  it('stops at the limit and keeps only what the filter accepts', () => {
    const index = new FlightIndex();
    const events: TraceEvent[] = Array.from({ length: 10 }, (_, i) => ({
      i,
      t: i,
      kind: 'timer',
      node: 'a',
      fx: [
        {
          k: 'send',
          id: i,
          to: i % 2 ? 'b' : null,
          addr: 'b:1',
          msg: { type: 'Heartbeat' },
          mode: 'send',
          at: i + 100,
        },
      ],
    }));
    index.readFrom(eventArray(events));
    for (const e of events) index.add(e);
    expect(ids(index.overlapping(0, 50, 10, 3, (f) => f.to !== null))).toEqual([1, 3, 5]);
  });
});
