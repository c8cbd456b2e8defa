/**
 * The scheduler's priority queue: a binary min-heap ordered by (time, seq).
 *
 * `seq` is a global, strictly increasing insertion number, so two entries due at the same virtual
 * time always come out in the order they were scheduled. That makes every run deterministic without
 * relying on the heap's internal layout. Cancellation is lazy: a cancelled entry stays in the heap
 * and is skipped when it reaches the top.
 */
export interface Scheduled {
  /** Virtual time in milliseconds. */
  t: number;
  /** Tie-breaker: insertion order. */
  seq: number;
  /** Set by `cancel`; the entry is skipped when popped. */
  cancelled?: boolean;
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

export class EventQueue<E extends Scheduled> {
  private heap: E[] = [];

  /** Number of queued entries that are not cancelled (counted, for tests and inspection). */
  get size(): number {
    let n = 0;
    for (const e of this.heap) if (!e.cancelled) n++;
    return n;
  }

  push(entry: E): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = entry;
  }

  /** The next live entry, without removing it. */
  peek(): E | undefined {
    this.dropCancelledTop();
    return this.heap[0];
  }

  /** Removes and returns the next live entry. */
  pop(): E | undefined {
    this.dropCancelledTop();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeTop();
    return top;
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
   * was. Costs O(k log n) for k entries visited.
   */
  walk(visit: (entry: E) => boolean): void {
    const taken: E[] = [];
    for (;;) {
      const e = this.pop();
      if (e === undefined) break;
      taken.push(e);
      if (!visit(e)) break;
    }
    for (const e of taken) this.push(e);
  }

  /** Every live entry in (time, seq) order, for checkpoints and inspection. */
  entries(): E[] {
    return this.heap.filter((e) => !e.cancelled).sort((a, b) => a.t - b.t || a.seq - b.seq);
  }

  clear(): void {
    this.heap = [];
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.removeTop();
  }

  private removeTop(): void {
    const heap = this.heap;
    const last = heap.pop() as E;
    if (heap.length === 0) return;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r], heap[l]) ? r : l;
      if (!before(heap[c], last)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }
}
