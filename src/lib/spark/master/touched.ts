/**
 * Which of the Master's workers and executors changed since its tables were last read: each
 * handler that changes a WorkerInfo or an ExecutorDesc (its state or usage, or adds or removes one)
 * says so here, and the workers and executors tables read only those rows (`TableSpec.changed`).
 * Kept beside the context, not in it: a snapshot does not carry it, and a restored Master's first
 * reading is whole.
 */
import type { MasterContext } from './context';

interface Touched {
  workers: Set<string>;
  executors: Set<string>;
}

const touched = new WeakMap<MasterContext, Touched>();

function of(m: MasterContext): Touched {
  let t = touched.get(m);
  if (!t) touched.set(m, (t = { workers: new Set(), executors: new Set() }));
  return t;
}

/** A worker (by id) was added, removed, or changed its state or usage. */
export function touchWorker(m: MasterContext, id: string): void {
  of(m).workers.add(id);
}

/** An executor (by full id, `appId/execId`) was added, removed, or changed its state. */
export function touchExecutor(m: MasterContext, key: string): void {
  of(m).executors.add(key);
}

/**
 * The ids touched in one table since the last call, forgotten as they are given; null for a
 * context never seen (a Master just made or restored: read it whole).
 */
export function takeTouched(m: MasterContext, table: keyof Touched): ReadonlySet<string> | null {
  const t = touched.get(m);
  if (!t) {
    touched.set(m, { workers: new Set(), executors: new Set() });
    return null;
  }
  const ids = t[table];
  t[table] = new Set();
  return ids;
}
