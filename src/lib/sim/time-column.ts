/**
 * A column of times (virtual ms), one per record, in chunks of 2^bits: what the trace store keeps
 * for every event and every effect. The chunk being written holds 64-bit floats; once full, a
 * chunk whose times are whole milliseconds within 2^31 of its first (every simulated run's, and
 * a log's) is kept as 32-bit offsets from that first time: half the bytes, and the same numbers
 * read back. "No time" (NaN: an effect that has none) packs too. A chunk with any other time stays
 * as it was.
 */
/** The offset that stands for NaN; offsets are above it. */
const NAN_OFFSET = -0x80000000;
const MAX_OFFSET = 0x7fffffff;

export class TimeColumn {
  private readonly mask: number;
  /** By chunk: its times as floats (the chunk being written, or one that could not be packed)... */
  private floats: (Float64Array | null)[] = [];
  /** ...or as offsets from `base`. */
  private offsets: (Int32Array | null)[] = [];
  private base: number[] = [];

  constructor(private readonly bits: number) {
    this.mask = (1 << bits) - 1;
  }

  get(i: number): number {
    const c = i >> this.bits;
    const f = this.floats[c];
    if (f !== null) return f[i & this.mask];
    const o = (this.offsets[c] as Int32Array)[i & this.mask];
    return o === NAN_OFFSET ? NaN : this.base[c] + o;
  }

  /** Writes the time of record `i`, the record after the last one written (or after a `truncate`). */
  put(i: number, t: number): void {
    const c = i >> this.bits;
    if (c === this.floats.length) {
      if (c > 0) this.pack(c - 1);
      this.floats.push(new Float64Array(this.mask + 1));
      this.offsets.push(null);
      this.base.push(0);
    }
    (this.floats[c] as Float64Array)[i & this.mask] = t;
  }

  /** Keeps the first `n` records: the chunk they end in is writable again. */
  truncate(n: number): void {
    const keep = (n + this.mask) >> this.bits;
    if (keep < this.floats.length) {
      this.floats.length = keep;
      this.offsets.length = keep;
      this.base.length = keep;
    }
    const c = n >> this.bits;
    if (c < keep) this.unpack(c);
  }

  /** Bytes held. */
  get bytes(): number {
    let b = 0;
    for (let c = 0; c < this.floats.length; c++) b += (this.floats[c] ?? this.offsets[c])?.byteLength ?? 0;
    return b;
  }

  private pack(c: number): void {
    const f = this.floats[c];
    if (!f) return;
    let base = 0;
    for (let k = 0; k < f.length; k++) {
      if (!Number.isNaN(f[k])) {
        base = f[k];
        break;
      }
    }
    const out = new Int32Array(f.length);
    for (let k = 0; k < f.length; k++) {
      const t = f[k];
      if (Number.isNaN(t)) {
        out[k] = NAN_OFFSET;
        continue;
      }
      const d = t - base;
      // Whole, in range, and read back exactly (`base + d` is the very float written; -0 is not 0).
      if (!Number.isInteger(d) || d <= NAN_OFFSET || d > MAX_OFFSET || base + d !== t || Object.is(t, -0)) return;
      out[k] = d;
    }
    this.floats[c] = null;
    this.offsets[c] = out;
    this.base[c] = base;
  }

  private unpack(c: number): void {
    const o = this.offsets[c];
    if (!o) return;
    const f = new Float64Array(o.length);
    for (let k = 0; k < o.length; k++) f[k] = o[k] === NAN_OFFSET ? NaN : this.base[c] + o[k];
    this.floats[c] = f;
    this.offsets[c] = null;
  }
}
