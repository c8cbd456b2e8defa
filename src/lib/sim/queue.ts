/**
 * The scheduler's priority queue, ordered by (time, seq).
 *
 * `seq` is a global, strictly increasing insertion number, so two entries due at the same virtual
 * time always come out in the order they were scheduled. That makes every run deterministic without
 * relying on the queue's internal layout. Cancellation is lazy: a cancelled entry stays queued and
 * is skipped when it comes out.
 *
 * It is a calendar of buckets: the entries due at one virtual time sit in one list in seq order,
 * and only the distinct due times are kept in a binary min-heap. A simulation has far fewer
 * distinct times than entries (delivery times are whole milliseconds), and entries almost always
 * arrive in seq order, so a push appends to a list and a pop takes a list's head: the heap, and
 * its comparisons, see one operation per millisecond instead of several per event.
 */
export interface Scheduled {
  /** Virtual time in milliseconds. */
  t: number;
  /** Tie-breaker: insertion order. */
  seq: number;
  /** Set by `cancel`; the entry is skipped when popped. */
  cancelled?: boolean;
}

/** The entries due at time `t`; those before `head` have been taken. */
interface Bucket<E> {
  t: number;
  items: (E | undefined)[];
  head: number;
}

const bySchedule = (a: Scheduled, b: Scheduled) => a.t - b.t || a.seq - b.seq;

export class EventQueue<E extends Scheduled> {
  /** Distinct due times with a bucket, as a binary min-heap. */
  private times: number[] = [];
  private buckets = new Map<number, Bucket<E>>();
  /** The bucket of the earliest time (`times[0]`), when known. */
  private first: Bucket<E> | null = null;

  /** Number of queued entries that are not cancelled (counted, for tests and inspection). */
  get size(): number {
    let n = 0;
    for (const b of this.buckets.values())
      for (let i = b.head; i < b.items.length; i++) if (!b.items[i]?.cancelled) n++;
    return n;
  }

  push(entry: E): void {
    const t = entry.t;
    const b = this.first !== null && this.first.t === t ? this.first : this.buckets.get(t);
    if (b === undefined) {
      this.buckets.set(t, { t, items: [entry], head: 0 });
      this.pushTime(t);
      if (this.first !== null && t < this.first.t) this.first = null;
      return;
    }
    const items = b.items;
    const last = items[items.length - 1];
    if (items.length === b.head || (last as E).seq < entry.seq) {
      items.push(entry);
      return;
    }
    // Out of seq order (a checkpoint's entries, or a caller's own numbering): insert in place.
    let i = items.length;
    while (i > b.head && (items[i - 1] as E).seq > entry.seq) i--;
    items.splice(i, 0, entry);
  }

  /** The next live entry, without removing it. */
  peek(): E | undefined {
    for (;;) {
      const b = this.firstBucket();
      if (b === null) return undefined;
      const items = b.items;
      while (b.head < items.length) {
        const e = items[b.head] as E;
        if (!e.cancelled) return e;
        items[b.head++] = undefined;
      }
      this.dropFirst();
    }
  }

  /** Removes and returns the next live entry. */
  pop(): E | undefined {
    const e = this.peek();
    if (e === undefined) return undefined;
    const b = this.first as Bucket<E>;
    b.items[b.head++] = undefined;
    if (b.head === b.items.length) this.dropFirst();
    return e;
  }

  /**
   * Cancels an entry; one that is not queued (already popped) is only marked. The mark is the only
   * property the queue adds to an entry: entries keep the shape they were built with on the hot path.
   */
  cancel(entry: E): void {
    entry.cancelled = true;
  }

  /**
   * Visits live entries in (time, seq) order until `visit` returns false, leaving the queue as it
   * was.
   */
  walk(visit: (entry: E) => boolean): void {
    const times = [...this.times].sort((a, b) => a - b);
    for (const t of times) {
      const b = this.buckets.get(t) as Bucket<E>;
      for (let i = b.head; i < b.items.length; i++) {
        const e = b.items[i] as E;
        if (!e.cancelled && !visit(e)) return;
      }
    }
  }

  /** Every live entry in (time, seq) order, for checkpoints and inspection. */
  entries(): E[] {
    const out: E[] = [];
    for (const b of this.buckets.values()) {
      for (let i = b.head; i < b.items.length; i++) {
        const e = b.items[i] as E;
        if (!e.cancelled) out.push(e);
      }
    }
    return out.sort(bySchedule);
  }

  clear(): void {
    this.times = [];
    this.buckets.clear();
    this.first = null;
  }

  private firstBucket(): Bucket<E> | null {
    if (this.first === null && this.times.length > 0) this.first = this.buckets.get(this.times[0]) as Bucket<E>;
    return this.first;
  }

  /** Removes the earliest bucket (it has been emptied). */
  private dropFirst(): void {
    const b = this.first as Bucket<E>;
    this.buckets.delete(b.t);
    this.popTime();
    this.first = null;
  }

  private pushTime(t: number): void {
    const heap = this.times;
    let i = heap.length;
    heap.push(t);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= t) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = t;
  }

  private popTime(): void {
    const heap = this.times;
    const last = heap.pop() as number;
    const n = heap.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && heap[r] < heap[l] ? r : l;
      if (heap[c] >= last) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }
}
