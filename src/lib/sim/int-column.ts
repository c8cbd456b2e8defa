/**
 * A column of integers, one per record: the trace store's shapes, first effects, ids and payload
 * places. A full chunk whose values lie within 65,533 of its least is packed to 16-bit offsets
 * from it: half the bytes. -1 and -2 (the store's "none" and "kept aside") pack wherever they
 * are. A chunk with any other spread stays as it was.
 */
import { PackedColumn } from './packed-column';

const MINUS_ONE = 0xffff;
const MINUS_TWO = 0xfffe;
const MAX_OFFSET = 0xfffd;

export class IntColumn extends PackedColumn<Int32Array, Uint16Array> {
  get(i: number): number {
    const c = i >> this.bits;
    const a = this.open[c];
    if (a !== null) return a[i & this.mask];
    const o = (this.packed[c] as Uint16Array)[i & this.mask];
    return o > MAX_OFFSET ? (o === MINUS_ONE ? -1 : -2) : this.base[c] + o;
  }

  protected make(n: number): Int32Array {
    return new Int32Array(n);
  }

  protected pack(a: Int32Array): { packed: Uint16Array; base: number } | null {
    let base = Infinity;
    for (let k = 0; k < a.length; k++) if (a[k] < base && a[k] !== -1 && a[k] !== -2) base = a[k];
    if (base === Infinity) base = 0;
    const out = new Uint16Array(a.length);
    for (let k = 0; k < a.length; k++) {
      const v = a[k];
      if (v === -1) out[k] = MINUS_ONE;
      else if (v === -2) out[k] = MINUS_TWO;
      else if (v - base > MAX_OFFSET) return null;
      else out[k] = v - base;
    }
    return { packed: out, base };
  }

  protected unpack(o: Uint16Array, base: number): Int32Array {
    const a = new Int32Array(o.length);
    for (let k = 0; k < o.length; k++) a[k] = o[k] === MINUS_ONE ? -1 : o[k] === MINUS_TWO ? -2 : base + o[k];
    return a;
  }
}
