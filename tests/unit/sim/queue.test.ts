import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/lib/sim/queue';

describe('EventQueue', () => {
  it('orders by time, then by insertion for equal times', () => {
    const q = new EventQueue<{ t: number; seq: number; name: string }>();
    q.push({ t: 5, seq: 0, name: 'a' });
    q.push({ t: 1, seq: 1, name: 'b' });
    q.push({ t: 5, seq: 2, name: 'c' });
    q.push({ t: 1, seq: 3, name: 'd' });
    expect([q.pop(), q.pop(), q.pop(), q.pop()].map((e) => e?.name)).toEqual(['b', 'd', 'a', 'c']);
    expect(q.pop()).toBeUndefined();
  });

  it('skips cancelled entries and keeps a live count', () => {
    const q = new EventQueue<{ t: number; seq: number }>();
    const a = { t: 1, seq: 0 };
    const b = { t: 2, seq: 1 };
    q.push(a);
    q.push(b);
    q.cancel(a);
    expect(q.size).toBe(1);
    expect(q.pop()).toBe(b);
    q.cancel(b); // already popped: no effect on the count
    expect(q.size).toBe(0);
  });

  it('pops any set of entries in sorted (t, seq) order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean())), (items) => {
        const q = new EventQueue<{ t: number; seq: number }>();
        const entries = items.map(([t], seq) => ({ t, seq }));
        entries.forEach((e) => q.push(e));
        items.forEach(([, cancel], i) => cancel && q.cancel(entries[i]));
        const out: { t: number; seq: number }[] = [];
        for (let e = q.pop(); e; e = q.pop()) out.push(e);
        const expected = entries.filter((_, i) => !items[i][1]).sort((x, y) => x.t - y.t || x.seq - y.seq);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('matches a sorted reference under any mix of pushes (in or out of seq order), pops, cancels and walks', () => {
    type Op =
      { op: 'push'; t: number; seq: number } | { op: 'pop' } | { op: 'cancel'; k: number } | { op: 'walk'; n: number };
    const op = fc.oneof(
      fc.record({
        op: fc.constant('push' as const),
        t: fc.integer({ min: 0, max: 8 }),
        seq: fc.integer({ min: 0, max: 40 }),
      }),
      fc.record({ op: fc.constant('pop' as const) }),
      fc.record({ op: fc.constant('cancel' as const), k: fc.nat() }),
      fc.record({ op: fc.constant('walk' as const), n: fc.nat({ max: 10 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 120, size: 'max' }), (ops: Op[]) => {
        const q = new EventQueue<{ t: number; seq: number; cancelled?: boolean }>();
        let model: { t: number; seq: number; cancelled?: boolean }[] = [];
        const pushed: { t: number; seq: number; cancelled?: boolean }[] = [];
        const order = (a: { t: number; seq: number }, b: { t: number; seq: number }) => a.t - b.t || a.seq - b.seq;
        let clock = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            // Never earlier than the last entry popped, as in the kernel; seqs unique.
            const e = { t: clock + o.t, seq: o.seq * 1000 + pushed.length };
            pushed.push(e);
            q.push(e);
            model.push(e);
          } else if (o.op === 'pop') {
            model = model.filter((e) => !e.cancelled).sort(order);
            const want = model.shift();
            expect(q.pop()).toBe(want);
            if (want) clock = want.t;
          } else if (o.op === 'cancel' && pushed.length > 0) {
            q.cancel(pushed[o.k % pushed.length]);
          } else if (o.op === 'walk') {
            const seen: unknown[] = [];
            q.walk((e) => (seen.push(e), seen.length < o.n));
            const live = model.filter((e) => !e.cancelled).sort(order);
            expect(seen).toEqual(live.slice(0, Math.min(o.n, live.length) || (live.length ? 1 : 0)));
          }
          expect(q.entries()).toEqual(model.filter((e) => !e.cancelled).sort(order));
          expect(q.size).toBe(model.filter((e) => !e.cancelled).length);
        }
      }),
    );
  });
});
