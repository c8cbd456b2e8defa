/** The world's number lists against plain arrays, across chunk boundaries, cuts and regrowth. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FloatList, IntList } from '../../../src/lib/world/int-list';

type Op = { push: number } | { cut: number } | { set: [number, number] };

const ops = fc.array(
  fc.oneof(
    { weight: 20, arbitrary: fc.record({ push: fc.integer({ min: -1e6, max: 1e6 }) }) },
    // Bursts: enough pushes at once to cross a chunk (8,192 values).
    { weight: 1, arbitrary: fc.record({ push: fc.constant(7) }).map((p) => ({ push: p.push, burst: 9000 })) },
    { weight: 2, arbitrary: fc.record({ cut: fc.nat({ max: 20_000 }) }) },
    { weight: 2, arbitrary: fc.record({ set: fc.tuple(fc.nat({ max: 20_000 }), fc.integer()) }) },
  ),
  { maxLength: 60 },
);

describe('int and float lists', () => {
  it('read back what an array would hold, whatever was pushed, cut and set', () => {
    fc.assert(
      fc.property(ops, fc.nat({ max: 40 }), (list, capacity) => {
        const ints = new IntList(capacity);
        const floats = new FloatList(capacity);
        const want: number[] = [];
        for (const op of list as (Op & { burst?: number })[]) {
          if ('push' in op) {
            for (let k = 0; k < (op.burst ?? 1); k++) {
              ints.push(op.push + k);
              floats.push((op.push + k) / 4);
              want.push(op.push + k);
            }
          } else if ('cut' in op) {
            ints.truncate(op.cut);
            floats.truncate(op.cut);
            want.length = Math.min(want.length, op.cut);
          } else if (want.length > 0) {
            const i = op.set[0] % want.length;
            ints.set(i, op.set[1]);
            want[i] = op.set[1];
            floats.truncate(i);
            floats.push(op.set[1] / 4);
            want.length = i + 1;
            ints.truncate(i + 1);
          }
        }
        expect(ints.length).toBe(want.length);
        expect(floats.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) {
          expect(ints.get(i)).toBe(want[i] | 0);
          expect(floats.get(i)).toBe(want[i] / 4);
        }
        if (want.length > 0) expect(ints.last()).toBe(want[want.length - 1] | 0);
      }),
      { numRuns: 60 },
    );
  });

  it('counts the values below a bound in a sorted list', () => {
    const l = new IntList(2);
    for (let v = 0; v < 20_000; v += 2) l.push(v);
    expect(l.countBelow(-1)).toBe(0);
    expect(l.countBelow(0)).toBe(0);
    expect(l.countBelow(1)).toBe(1);
    expect(l.countBelow(16_385)).toBe(8193);
    expect(l.countBelow(1e9)).toBe(10_000);
  });
});
