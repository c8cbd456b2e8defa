/**
 * Reports what changed in a daemon's status and tables (`DaemonDescriptor`) as `status` and `row`
 * effects, so that the trace alone tells what the inspector shows at any cursor.
 *
 * After each input that did something, the daemon's records are read through the descriptor's
 * columns and compared, value by value, with what was last reported: only a changed or new row is
 * built and reported, and a row no longer listed is reported removed. A heartbeat received does
 * nothing else and is not compared at all (it changes no column). What was last reported is not
 * part of the daemon's snapshot: a restored daemon reads it from its restored state (`prime`).
 *
 * A row's id is its record's id; a table that lists the same id twice (a driver relaunched on the
 * worker where it had finished) gives the later ones `#2`, `#3`… in listing order.
 */
import type { ActorIO } from '../sim/actor';
import type { Row, Scalar } from '../sim/types';
import type { Column, DaemonDescriptor } from './daemon';

interface Kept {
  row: Row;
  /** The round it was last listed in. */
  seen: number;
}

function same<R>(cols: readonly Column<R>[], record: R, row: Row): boolean {
  for (const c of cols) if (c.get(record) !== row[c.key]) return false;
  return true;
}

function read<R>(cols: readonly Column<R>[], record: R): Row {
  const row: Record<string, Scalar> = {};
  for (const c of cols) row[c.key] = c.get(record);
  return row;
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
      tables[t.key].push({ id, row: read(t.cols, record) });
    }
  }
  return { status: d.status.length > 0 ? read(d.status, context) : null, tables };
}

/** `id`, or `id#2`, `id#3`… : the first that is not `taken`. */
function uniqueId(id: string, taken: (id: string) => boolean): string {
  let out = id;
  for (let n = 2; taken(out); n++) out = `${id}#${n}`;
  return out;
}

export class DaemonRows<C> {
  private status: Row | null = null;
  private tables = new Map<string, Map<string, Kept>>();
  private round = 0;

  constructor(private readonly d: DaemonDescriptor<C, unknown>) {
    for (const t of d.tables) this.tables.set(t.key, new Map());
  }

  /** Takes `context` as already reported (a daemon restored from a snapshot). */
  prime(context: C): void {
    this.compare(context, null);
  }

  /** Reports every change since the last report. */
  report(context: C, io: ActorIO): void {
    this.compare(context, io);
  }

  private compare(context: C, io: ActorIO | null): void {
    const d = this.d;
    if (d.status.length > 0 && (this.status === null || !same(d.status, context, this.status))) {
      this.status = read(d.status, context);
      io?.status(this.status);
    }
    const round = ++this.round;
    for (const t of d.tables) {
      const kept = this.tables.get(t.key) as Map<string, Kept>;
      for (const record of t.rows(context)) {
        const id = uniqueId(t.id(record), (x) => kept.get(x)?.seen === round);
        const k = kept.get(id);
        if (k === undefined) {
          const row = read(t.cols, record);
          kept.set(id, { row, seen: round });
          io?.row(t.key, id, row);
        } else {
          k.seen = round;
          if (!same(t.cols, record, k.row)) {
            k.row = read(t.cols, record);
            io?.row(t.key, id, k.row);
          }
        }
      }
      if (kept.size === 0) continue;
      for (const [id, k] of kept) {
        if (k.seen === round) continue;
        kept.delete(id);
        io?.row(t.key, id, null);
      }
    }
  }
}
