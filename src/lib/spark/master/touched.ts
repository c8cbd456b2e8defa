/**
 * Which of the Master's workers, executors and apps changed since they were last looked at: each
 * handler that changes a WorkerInfo, an ExecutorDesc or an ApplicationInfo (its state or usage, or
 * adds or removes one) says so here. The workers and executors tables read only those rows
 * (`TableSpec.changed`), and the invariant check looks again only at those workers and apps. Kept
 * beside the context, not in it: a snapshot does not carry it, and a restored Master's first
 * reading is whole.
 */
import type { MasterContext } from './context';

interface Touched {
  workers: Set<string>;
  executors: Set<string>;
  /** Workers, and apps, the invariant check has not looked at since they changed. */
  checkWorkers: Set<string>;
  checkApps: Set<string>;
}

const empty = (): Touched => ({
  workers: new Set(),
  executors: new Set(),
  checkWorkers: new Set(),
  checkApps: new Set(),
});

const touched = new WeakMap<MasterContext, Touched>();

function of(m: MasterContext): Touched {
  let t = touched.get(m);
  if (!t) touched.set(m, (t = empty()));
  return t;
}

/** A worker (by id) was added, removed, or changed its state or usage. */
export function touchWorker(m: MasterContext, id: string): void {
  const t = of(m);
  t.workers.add(id);
  t.checkWorkers.add(id);
}

/** An executor (by full id, `appId/execId`) was added, removed, or changed its state. */
export function touchExecutor(m: MasterContext, key: string): void {
  const t = of(m);
  t.executors.add(key);
  t.checkApps.add(key.slice(0, key.lastIndexOf('/')));
}

/** An app (by id) was added, removed, or changed its state. */
export function touchApp(m: MasterContext, id: string): void {
  of(m).checkApps.add(id);
}

/** The tables each context was read from already (the first reading of each is whole). */
const read = new WeakMap<MasterContext, Set<keyof Touched>>();

/**
 * The ids touched in one table since the last call, forgotten as they are given; null the first
 * time for a context (a Master just made or restored: read it whole).
 */
export function takeTouched(m: MasterContext, table: keyof Touched): ReadonlySet<string> | null {
  const t = of(m);
  const ids = t[table];
  // Most inputs touch nothing in most tables: an empty set is given as it is, not replaced.
  if (ids.size > 0) t[table] = new Set();
  let tables = read.get(m);
  if (!tables) read.set(m, (tables = new Set()));
  if (!tables.has(table)) {
    tables.add(table);
    return null;
  }
  return ids;
}
