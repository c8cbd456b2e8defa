/**
 * What the rest of the product knows about a kind of Spark daemon, in one place: its name, its
 * machine, how it is drawn and where its lane goes, the facts its node parameters give, its status
 * and its tables in Spark's UI vocabulary, which master it follows or whether it leads, and its
 * statechart. One descriptor per kind (`master/daemon.ts`, `worker/daemon.ts`…), listed in
 * `daemons.ts`; no table elsewhere is keyed by kind.
 *
 * A descriptor is light: it imports no machine (`statechart` loads it on demand), so the page's
 * main thread can read every descriptor while the daemons themselves run in Web Workers.
 */
import type { AnyStateMachine } from 'xstate';
import type { Row, Scalar } from '../sim/types';

/** One column of a status or a table. */
export interface Column {
  key: string;
  /** How the view formats it: a count of MB, a virtual time, an address. */
  format?: 'mb' | 'time' | 'address';
  /**
   * Shown only where some row has a value (neither null nor 0), as Spark's UI shows its Resources
   * column only when a worker has custom resources.
   */
  optional?: boolean;
}

/**
 * A daemon's status, or one of its tables: its columns, and one function that reads a record's
 * values in their order (one call per record keeps comparing a thousand rows cheap).
 */
export interface Reading<R> {
  cols: readonly Column[];
  values(record: R): Scalar[];
}

/** A table of a daemon (the Master's workers, a Worker's executors…): its rows and columns. */
export interface TableSpec<C, R = never> extends Reading<R> {
  key: string;
  rows(context: C): readonly R[];
  id(record: R): string;
  /**
   * A big table's changes, when its daemon tracks them: the ids of the records changed, added or
   * removed since the last call (which forgets them), or null when it cannot tell (the table is
   * then read whole). With `record`, only those rows are read: a master of a thousand workers does
   * not read a thousand rows after each registration. Ids must be unique in such a table.
   */
  changed?(context: C): ReadonlySet<string> | null;
  /** The record with that id, or undefined when there is none (it was removed). */
  record?(context: C, id: string): R | undefined;
}

/** Where and how the topology draws a daemon of this kind. */
export interface Drawing {
  /** A row along the top (masters, ZooKeeper), the side column (clients) or the worker grid. */
  place: 'top' | 'side' | 'grid';
  shape: 'box' | 'circle';
  /** Order within its place. */
  order: number;
}

export interface DaemonDescriptor<C = never, P = never> {
  /** The actor kind's name, as node specs give it. */
  kind: string;
  /** Catalog key of the kind's name (e.g. `daemon_master`). */
  label: string;
  /** Its machine's name in `state` effects (`Master`), if it has one. */
  machine?: string;
  draw: Drawing;
  /** Its lane group in the space-time diagram: lower groups come first. */
  lane: number;
  /** What the node's parameters say about it (a worker's cores and memory), for the trace's header. */
  facts(params: P): Record<string, Scalar>;
  /** Its status: a few scalars of its state, as one record. */
  status: Reading<C>;
  // The record type differs from table to table.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tables: readonly TableSpec<C, any>[];
  /** The address of the master it follows, read from its status (workers, app clients). */
  follows?(status: Row): string | null;
  /** Whether it leads the cluster, from its machine state. */
  leads?(state: string): boolean;
  /** The status field drawn as its badge when it has no machine state (ZooKeeper's latch holder). */
  badge?: string;
  /** Its machine, loaded on demand: `npm run statecharts` lays its statechart out for the page. */
  statechart?(): Promise<AnyStateMachine>;
  /** A small summary of a snapshot that cluster-wide checks read after every event. */
  probe?(snapshot: unknown): unknown;
}

/** Any descriptor, whatever its record types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDaemon = DaemonDescriptor<any, any>;

/** Makes a descriptor, checking its record types where they are written. */
export function daemon<C, P>(d: DaemonDescriptor<C, P>): DaemonDescriptor<C, P> {
  return d;
}

/** A table's spec with its record type checked. */
export function table<C, R>(t: TableSpec<C, R>): TableSpec<C, R> {
  return t;
}
