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
});
