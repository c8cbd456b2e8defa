/**
 * How many events happen over virtual time, for the timeline's minimap. Events are counted into
 * buckets of one width as they are read; when a time falls past the last bucket, neighbouring
 * buckets are merged and the width doubles. So a run of millions of events is counted once, as it
 * grows, and `density` reads a few hundred numbers whatever the run's length.
 */

/** Buckets kept: enough that any minimap of up to a few hundred bins is drawn from several each. */
const BUCKETS = 2048;

export class DensityIndex {
  private counts = new Float64Array(BUCKETS);
  /** Virtual time a bucket spans (a power of 2, in ms). */
  private width = 1;
  private n = 0;

  add(t: number): void {
    while (t >= this.width * BUCKETS) this.widen();
    this.counts[Math.floor(t / this.width)]++;
    this.n++;
  }

  private widen(): void {
    const c = this.counts;
    for (let b = 0; b < BUCKETS / 2; b++) c[b] = c[2 * b] + c[2 * b + 1];
    c.fill(0, BUCKETS / 2);
    this.width *= 2;
  }

  /** Events counted so far. */
  get length(): number {
    return this.n;
  }

  /** Forgets everything (another trace; a cut one is counted again, which costs less than keeping times). */
  clear(): void {
    this.counts.fill(0);
    this.width = 1;
    this.n = 0;
  }

  /**
   * The share of events in each of `bins` equal spans of [0, end), scaled so that the fullest is 1
   * (all zeros when nothing happened). A bucket that straddles two bins counts in the one its start
   * falls in.
   */
  density(end: number, bins: number): number[] {
    const out = new Array<number>(bins).fill(0);
    if (end <= 0 || bins <= 0) return out;
    for (let b = 0; b < BUCKETS; b++) {
      const count = this.counts[b];
      if (count === 0) continue;
      const bin = Math.floor(((b * this.width) / end) * bins);
      if (bin >= bins) break;
      out[bin] += count;
    }
    let max = 0;
    for (const v of out) if (v > max) max = v;
    return max === 0 ? out : out.map((v) => v / max);
  }
}
