/**
 * Growable lists of numbers in typed arrays: what the world's indexes keep per event (a million
 * heartbeats cost four or eight bytes each, not an object each).
 *
 * A list grows by doubling up to one chunk of 8,192 values, and then by whole chunks: a small list
 * (one timer's ticks) stays small, and a long one (every message of a six-hour run) never holds
 * more than a chunk to spare nor copies itself to grow.
 */

const BITS = 13;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;

type Column = Int32Array | Float64Array;

class ChunkedList<A extends Column> {
  protected chunks: A[];
  length = 0;

  constructor(
    private readonly make: (n: number) => A,
    capacity: number,
  ) {
    this.chunks = [make(Math.max(1, Math.min(capacity, CHUNK)))];
  }

  push(v: number): void {
    const n = this.length;
    const c = n >> BITS;
    let a = this.chunks[c];
    if (a === undefined) {
      a = this.make(CHUNK);
      this.chunks.push(a);
    } else if ((n & MASK) === a.length) {
      // Only the first chunk is ever short: it doubles until it is whole.
      const next = this.make(Math.min(CHUNK, a.length * 2));
      next.set(a);
      this.chunks[c] = a = next;
    }
    a[n & MASK] = v;
    this.length = n + 1;
  }

  get(i: number): number {
    return this.chunks[i >> BITS][i & MASK];
  }

  set(i: number, v: number): void {
    this.chunks[i >> BITS][i & MASK] = v;
  }

  last(): number {
    return this.get(this.length - 1);
  }

  /** Keeps the first `n` (and the chunks they need). */
  truncate(n: number): void {
    if (n >= this.length) return;
    this.length = Math.max(0, n);
    const keep = Math.max(1, (this.length + MASK) >> BITS);
    if (this.chunks.length > keep) this.chunks.length = keep;
  }
}

export class IntList extends ChunkedList<Int32Array> {
  constructor(capacity = 16) {
    super((n) => new Int32Array(n), capacity);
  }

  /** How many of the values (kept in ascending order) are below `v`. */
  countBelow(v: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.get(mid) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The same for floating-point values. */
export class FloatList extends ChunkedList<Float64Array> {
  constructor(capacity = 16) {
    super((n) => new Float64Array(n), capacity);
  }
}
