/**
 * A value that changes at some events: its changes in trace order, and the value after any number
 * of events found by binary search. Every index of the world keeps its facts this way, so the
 * world at any cursor costs a few searches, whichever way the cursor moved.
 */

export interface Change<T> {
  /** The event that made the change. */
  i: number;
  v: T;
}

/** Position of the last change made before `cursor` events, or -1. */
export function lastBefore<T>(list: readonly Change<T>[] | undefined, cursor: number): number {
  if (!list || list.length === 0 || list[0].i >= cursor) return -1;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].i < cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The value after `cursor` events (`fallback` before the first change). */
export function valueAt<T>(list: readonly Change<T>[] | undefined, cursor: number, fallback: T): T {
  const k = lastBefore(list, cursor);
  return k < 0 ? fallback : (list as Change<T>[])[k].v;
}

/** The change made before `cursor` events, with its event index (undefined before the first). */
export function changeAt<T>(list: readonly Change<T>[] | undefined, cursor: number): Change<T> | undefined {
  const k = lastBefore(list, cursor);
  return k < 0 ? undefined : (list as Change<T>[])[k];
}

/** A map of change lists, appended to in trace order. */
export class Changes<K, T> {
  private readonly lists = new Map<K, Change<T>[]>();

  push(key: K, i: number, v: T): void {
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = []));
    list.push({ i, v });
  }

  get(key: K): readonly Change<T>[] | undefined {
    return this.lists.get(key);
  }

  at(key: K, cursor: number, fallback: T): T {
    return valueAt(this.lists.get(key), cursor, fallback);
  }

  /** Forgets the changes made at event `n` and after (the trace was cut there). */
  truncate(n: number): void {
    for (const [key, list] of this.lists) {
      while (list.length > 0 && list[list.length - 1].i >= n) list.pop();
      if (list.length === 0) this.lists.delete(key);
    }
  }

  keys(): IterableIterator<K> {
    return this.lists.keys();
  }

  clear(): void {
    this.lists.clear();
  }
}
