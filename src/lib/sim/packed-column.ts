/**
 * A column of numbers, one per record, in chunks of 2^bits, for the trace store: the chunk being
 * written holds full-width numbers (`open`), and a full chunk is packed into fewer bytes when its
 * values allow it (`packed`, with a per-chunk `base`), or else stays as it was. A subclass says
 * how to pack, unpack and read a packed value; `get` is written in each, for a fast read.
 */
export abstract class PackedColumn<Open extends Float64Array | Int32Array, Packed extends Int32Array | Uint16Array> {
  protected readonly mask: number;
  /** By chunk: its values at full width (the chunk being written, or one that could not be packed)... */
  protected open: (Open | null)[] = [];
  /** ...or packed, relative to `base`. */
  protected packed: (Packed | null)[] = [];
  protected base: number[] = [];

  constructor(protected readonly bits: number) {
    this.mask = (1 << bits) - 1;
  }

  abstract get(i: number): number;
  protected abstract make(n: number): Open;
  /** The chunk packed, with its base; null when a value does not fit. */
  protected abstract pack(values: Open): { packed: Packed; base: number } | null;
  protected abstract unpack(packed: Packed, base: number): Open;

  /** Writes the value of record `i`, the record after the last one written (or after a `truncate`). */
  put(i: number, v: number): void {
    const c = i >> this.bits;
    if (c === this.open.length) {
      if (c > 0) this.seal(c - 1);
      this.open.push(this.make(this.mask + 1));
      this.packed.push(null);
      this.base.push(0);
    }
    (this.open[c] as Open)[i & this.mask] = v;
  }

  /** Keeps the first `n` records: the chunk they end in is writable again. */
  truncate(n: number): void {
    const keep = (n + this.mask) >> this.bits;
    if (keep < this.open.length) {
      this.open.length = keep;
      this.packed.length = keep;
      this.base.length = keep;
    }
    const c = n >> this.bits;
    const p = this.packed[c];
    if (c < keep && p) {
      this.open[c] = this.unpack(p, this.base[c]);
      this.packed[c] = null;
    }
  }

  /** Bytes held. */
  get bytes(): number {
    let b = 0;
    for (let c = 0; c < this.open.length; c++) b += (this.open[c] ?? this.packed[c])?.byteLength ?? 0;
    return b;
  }

  private seal(c: number): void {
    const values = this.open[c];
    const p = values ? this.pack(values) : null;
    if (!p) return;
    this.open[c] = null;
    this.packed[c] = p.packed;
    this.base[c] = p.base;
  }
}
