/**
 * A growable list of integers in one typed array: what the world's indexes keep per event (a
 * million heartbeats cost four bytes each, not an object each).
 */
export class IntList {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  last(): number {
    return this.data[this.length - 1];
  }

  /** Keeps the first `n`. */
  truncate(n: number): void {
    if (n < this.length) this.length = Math.max(0, n);
  }

  /** How many of the values (kept in ascending order) are below `v`. */
  countBelow(v: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.data[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The same for floating-point values. */
export class FloatList {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  truncate(n: number): void {
    if (n < this.length) this.length = Math.max(0, n);
  }
}
