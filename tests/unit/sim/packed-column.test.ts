/**
 * The trace store's packed columns: every value reads back as the very number written (for times:
 * NaN, -0, fractions and huge values; for integers: -1, -2 and any spread), whether its chunk was
 * packed or not, across truncations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntColumn } from '../../../src/lib/sim/int-column';
import type { PackedColumn } from '../../../src/lib/sim/packed-column';
import { TimeColumn } from '../../../src/lib/sim/time-column';

const BITS = 3;

type Column = PackedColumn<Float64Array, Int32Array> | PackedColumn<Int32Array, Uint16Array>;

/** Writes and truncates as `ops` say, and checks that every value kept reads back exactly. */
function readsBack(col: Column, ops: ({ put: number[] } | { cut: number })[]): void {
  const model: number[] = [];
  for (const o of ops) {
    if ('put' in o) {
      for (const v of o.put) {
        col.put(model.length, v);
        model.push(v);
      }
    } else if (o.cut < model.length) {
      col.truncate(o.cut);
      model.length = o.cut;
    }
  }
  model.forEach((v, i) => expect(Object.is(col.get(i), v), `record ${i}: ${col.get(i)} for ${v}`).toBe(true));
}

const opsOf = (value: fc.Arbitrary<number>) =>
  fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.array(value, { maxLength: 30 }).map((put) => ({ put })) },
      { weight: 1, arbitrary: fc.nat(60).map((cut) => ({ cut })) },
    ),
    { maxLength: 12 },
  );

describe('TimeColumn', () => {
  it('reads back every time written, packed or not, after any truncations', () => {
    const time = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 20_000_000 }) },
      { weight: 1, arbitrary: fc.constantFrom(NaN, -0, 0.5, 2 ** 40, -(2 ** 33), Infinity) },
      { weight: 1, arbitrary: fc.double() },
    );
    fc.assert(
      fc.property(opsOf(time), (ops) => readsBack(new TimeColumn(BITS), ops)),
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

describe('IntColumn', () => {
  it('reads back every integer written, packed or not, after any truncations', () => {
    const int = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 70_000 }) },
      { weight: 2, arbitrary: fc.constantFrom(-1, -2) },
      { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) },
    );
    fc.assert(
      fc.property(opsOf(int), (ops) => readsBack(new IntColumn(BITS), ops)),
      { numRuns: 300 },
    );
  });

  it('packs a full chunk spread over less than 65,534 (with -1 and -2 anywhere) to half the bytes', () => {
    const col = new IntColumn(BITS);
    [5_000_000, -1, 5_065_533, -2, 5_000_001, 5_000_002, -1, 5_000_003].forEach((v, i) => col.put(i, v));
    [0, 1, 65_534, 3, 4, 5, 6, 7].forEach((v, i) => col.put(8 + i, v));
    col.put(16, 0);
    expect(col.bytes).toBe(16 + 32 + 32);
    expect([col.get(1), col.get(2), col.get(3), col.get(10)]).toEqual([-1, 5_065_533, -2, 65_534]);
  });
});
