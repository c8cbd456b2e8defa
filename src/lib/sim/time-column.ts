/**
 * A column of times (virtual ms), one per record: what the trace store keeps for every event and
 * every effect. A full chunk whose times are whole milliseconds within 2^31 of its first (every
 * simulated run's, and a log's) is packed to 32-bit offsets from that first time: half the bytes,
 * and the same numbers read back. "No time" (NaN: an effect that has none) packs too. A chunk with
 * any other time stays as it was.
 */
import { PackedColumn } from './packed-column';

/** The offset that stands for NaN; offsets are above it. */
const NAN_OFFSET = -0x80000000;
const MAX_OFFSET = 0x7fffffff;

export class TimeColumn extends PackedColumn<Float64Array, Int32Array> {
  get(i: number): number {
    const c = i >> this.bits;
    const f = this.open[c];
    if (f !== null) return f[i & this.mask];
    const o = (this.packed[c] as Int32Array)[i & this.mask];
    return o === NAN_OFFSET ? NaN : this.base[c] + o;
  }

  protected make(n: number): Float64Array {
    return new Float64Array(n);
  }

  protected pack(f: Float64Array): { packed: Int32Array; base: number } | null {
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
      if (!Number.isInteger(d) || d <= NAN_OFFSET || d > MAX_OFFSET || base + d !== t || Object.is(t, -0)) return null;
      out[k] = d;
    }
    return { packed: out, base };
  }

  protected unpack(o: Int32Array, base: number): Float64Array {
    const f = new Float64Array(o.length);
    for (let k = 0; k < o.length; k++) f[k] = o[k] === NAN_OFFSET ? NaN : base + o[k];
    return f;
  }
}
