/**
 * The trace store's time column: every time reads back as the very number written (NaN, -0,
 * fractions and huge values included), whether its chunk was packed or not, across truncations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeColumn } from '../../../src/lib/sim/time-column';

const BITS = 3;

describe('TimeColumn', () => {
  it('reads back every time written, packed or not, after any truncations', () => {
    const time = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 20_000_000 }) },
      { weight: 1, arbitrary: fc.constantFrom(NaN, -0, 0.5, 2 ** 40, -(2 ** 33), Infinity) },
      { weight: 1, arbitrary: fc.double() },
    );
    const op = fc.oneof(
      { weight: 6, arbitrary: fc.array(time, { maxLength: 30 }).map((ts) => ({ put: ts })) },
      { weight: 1, arbitrary: fc.nat(60).map((n) => ({ cut: n })) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const col = new TimeColumn(BITS);
        const model: number[] = [];
        for (const o of ops) {
          if ('put' in o) {
            for (const t of o.put) {
              col.put(model.length, t);
              model.push(t);
            }
          } else if (o.cut < model.length) {
            col.truncate(o.cut);
            model.length = o.cut;
          }
        }
        model.forEach((t, i) => expect(Object.is(col.get(i), t), `record ${i}: ${col.get(i)} for ${t}`).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a full chunk of whole milliseconds in half the bytes, and one with a fraction as it was', () => {
    const col = new TimeColumn(BITS);
    for (let i = 0; i < 8; i++) col.put(i, 1_000_000 + i * 17);
    for (let i = 8; i < 16; i++) col.put(i, i === 12 ? 5.5 : i);
    col.put(16, 0);
    // Two full chunks (the first packed to 32 bytes, the second left at 64) and the open one.
    expect(col.bytes).toBe(32 + 64 + 64);
    expect(col.get(3)).toBe(1_000_051);
    expect(col.get(12)).toBe(5.5);
  });
});
