/**
 * The timeline's minimap counts: the index, which merges buckets as the run grows, against counting
 * every event into its bin directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DensityIndex } from '../../../src/lib/world/density-index';

/** Counts each time into its bin, scaled so that the fullest is 1. */
function direct(times: number[], end: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const t of times) {
    const b = Math.floor((t / end) * bins);
    if (b < bins) out[b]++;
  }
  const max = Math.max(0, ...out);
  return max === 0 ? out : out.map((v) => v / max);
}

describe('density index', () => {
  it('is nothing but zeros before any event', () => {
    expect(new DensityIndex().density(1000, 4)).toEqual([0, 0, 0, 0]);
  });

  it('counts events in the span they happen in, whatever the run grew to', () => {
    const d = new DensityIndex();
    for (const t of [0, 10, 20, 5_000, 9_999]) d.add(t);
    expect(d.length).toBe(5);
    // Two bins over 10 s: three events in the first, two in the second.
    expect(d.density(10_000, 2)).toEqual([1, 2 / 3]);
  });

  it('agrees with counting directly when bins are much wider than its buckets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 21_600_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 7 }),
        (raw, log) => {
          const bins = 2 ** log;
          const times = [...raw].sort((a, b) => a - b);
          const d = new DensityIndex();
          for (const t of times) d.add(t);
          // The end where the index's 2,048 buckets end, and a power of 2 of bins: no bucket straddles two.
          let width = 1;
          while (width * 2048 <= times[times.length - 1]) width *= 2;
          const end = 2048 * width;
          expect(d.density(end, bins)).toEqual(direct(times, end, bins));
        },
      ),
    );
  });
});
