/**
 * Reports what changed in a daemon's status and tables (`DaemonDescriptor`) as `status` and `row`
 * effects, so that the trace alone tells what the inspector shows at any cursor.
 *
 * After each input that did something, the daemon's records are read (one call per record gives
 * its values in column order) and compared, value by value, with what was last reported: only a
 * changed or new row is built and reported, and a row no longer listed is reported removed. A
 * heartbeat received does nothing else and is not compared at all (it changes no column). What was
 * last reported is not part of the daemon's snapshot: a restored daemon reads it from its restored
 * state (`prime`).
 *
 * A row's id is its record's id; a table that lists the same id twice (a driver relaunched on the
 * worker where it had finished) gives the later ones `#2`, `#3`… in listing order.
 */
import type { ActorIO } from '../sim/actor';
import type { Row, Scalar } from '../sim/types';
import type { Column, DaemonDescriptor } from './daemon';

interface Kept {
  values: Scalar[];
  /** The round it was last listed in. */
  seen: number;
}

function sameValues(a: readonly Scalar[], b: readonly Scalar[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function rowOf(cols: readonly Column[], values: readonly Scalar[]): Row {
  const row: Record<string, Scalar> = {};
  for (let i = 0; i < cols.length; i++) row[cols[i].key] = values[i];
  return row;
}

/** `id`, or `id#2`, `id#3`… : the first that is not `taken`. */
function uniqueId(id: string, taken: (id: string) => boolean): string {
  let out = id;
  for (let n = 2; taken(out); n++) out = `${id}#${n}`;
  return out;
}

/**
 * Everything a daemon's descriptor reads from its state, as `DaemonRows` would report it from
 * scratch (for tests that check a view of the trace against the daemon itself).
 */
export function readDaemon<C>(
  d: DaemonDescriptor<C, unknown>,
  context: C,
): { status: Row | null; tables: Record<string, { id: string; row: Row }[]> } {
  const tables: Record<string, { id: string; row: Row }[]> = {};
  for (const t of d.tables) {
    const taken = new Set<string>();
    tables[t.key] = [];
    for (const record of t.rows(context)) {
      const id = uniqueId(t.id(record), (x) => taken.has(x));
      taken.add(id);
      tables[t.key].push({ id, row: rowOf(t.cols, t.values(record)) });
    }
  }
  return { status: d.status.cols.length > 0 ? rowOf(d.status.cols, d.status.values(context)) : null, tables };
}

export class DaemonRows<C> {
  /**
   * Tests set this: after reading only the rows a daemon says changed, every table is read whole
   * too, and a row the daemon did not say changed but did throws (a mutation that forgot to say so).
   */
  static verify = false;
  private status: Scalar[] | null = null;
  private tables: Map<string, Kept>[];
  private round = 0;

  constructor(private readonly d: DaemonDescriptor<C, unknown>) {
    this.tables = d.tables.map(() => new Map());
  }

  /** Takes `context` as already reported (a daemon restored from a snapshot). */
  prime(context: C): void {
    // What the daemon tracked before is forgotten: this reading is whole.
    for (const t of this.d.tables) t.changed?.(context);
    this.compare(context, null, true);
  }

  /** Reports every change since the last report. */
  report(context: C, io: ActorIO): void {
    this.compare(context, io);
  }

  private compare(context: C, io: ActorIO | null, whole = false): void {
    const d = this.d;
    if (d.status.cols.length > 0) {
      const now = d.status.values(context);
      if (this.status === null || !sameValues(now, this.status)) {
        this.status = now;
        io?.status(rowOf(d.status.cols, now));
      }
    }
    const round = ++this.round;
    for (let ti = 0; ti < d.tables.length; ti++) {
      const t = d.tables[ti];
      const kept = this.tables[ti];
      const changed = whole || !t.changed || !t.record ? null : t.changed(context);
      if (changed !== null) {
        this.readChanged(t as Required<DaemonDescriptor<C, unknown>['tables'][number]>, context, kept, changed, io);
        if (DaemonRows.verify) this.check(t, context, kept);
        continue;
      }
      const records = t.rows(context);
      if (records.length === 0 && kept.size === 0) continue;
      for (const record of records) {
        let id = t.id(record);
        let k = kept.get(id);
        if (k !== undefined && k.seen === round) {
          id = uniqueId(id, (x) => kept.get(x)?.seen === round);
          k = kept.get(id);
        }
        const values = t.values(record);
        if (k === undefined) {
          kept.set(id, { values, seen: round });
          io?.row(t.key, id, rowOf(t.cols, values));
        } else {
          k.seen = round;
          if (!sameValues(values, k.values)) {
            k.values = values;
            io?.row(t.key, id, rowOf(t.cols, values));
          }
        }
      }
      if (kept.size === records.length) continue;
      for (const [id, k] of kept) {
        if (k.seen === round) continue;
        kept.delete(id);
        io?.row(t.key, id, null);
      }
    }
  }

  /** Reads only the rows whose ids changed (`TableSpec.changed`). */
  private readChanged(
    t: Required<DaemonDescriptor<C, unknown>['tables'][number]>,
    context: C,
    kept: Map<string, Kept>,
    changed: ReadonlySet<string>,
    io: ActorIO | null,
  ): void {
    for (const id of [...changed].sort()) {
      const record = t.record(context, id);
      const k = kept.get(id);
      if (record === undefined) {
        if (k !== undefined) {
          kept.delete(id);
          io?.row(t.key, id, null);
        }
        continue;
      }
      const values = t.values(record);
      if (k === undefined) {
        kept.set(id, { values, seen: this.round });
        io?.row(t.key, id, rowOf(t.cols, values));
      } else if (!sameValues(values, k.values)) {
        k.values = values;
        io?.row(t.key, id, rowOf(t.cols, values));
      }
    }
  }

  /** `verify`: the table read whole must be what was reported. */
  private check(t: DaemonDescriptor<C, unknown>['tables'][number], context: C, kept: Map<string, Kept>): void {
    const records = t.rows(context);
    const ids = new Set<string>();
    for (const record of records) {
      const id = t.id(record);
      ids.add(id);
      const k = kept.get(id);
      if (!k || !sameValues(t.values(record), k.values) || k.values.length !== t.cols.length)
        throw new Error(`${this.d.kind} table ${t.key}: row ${id} changed but was not said to`);
    }
    for (const id of kept.keys())
      if (!ids.has(id)) throw new Error(`${this.d.kind} table ${t.key}: row ${id} was removed but not said to`);
  }
}
