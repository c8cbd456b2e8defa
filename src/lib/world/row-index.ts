/**
 * Each daemon's status and tables over the trace, from its `status` and `row` effects. What a
 * node reported before its current incarnation started is not shown: a restarted process starts
 * empty and reports itself again.
 */
import type { NodeId, Row, TraceEvent } from '../sim/types';
import { Changes, changeAt, type Change } from './changes';
import { IntList } from './int-list';

interface TableRows {
  /** Row ids in the order they first appeared. */
  ids: string[];
  rows: Changes<string, Row | null>;
  /** The events that changed any row, ascending (one entry an event). */
  changes: IntList;
}

export class RowIndex {
  private status = new Changes<NodeId, Row>();
  /** Per node, per table. */
  private tables = new Map<NodeId, Map<string, TableRows>>();

  clear(): void {
    this.status.clear();
    this.tables.clear();
  }

  truncate(n: number): void {
    this.status.truncate(n);
    for (const [node, byTable] of this.tables) {
      for (const [key, t] of byTable) {
        t.rows.truncate(n);
        t.changes.truncate(t.changes.countBelow(n));
        t.ids = t.ids.filter((id) => t.rows.get(id) !== undefined);
        if (t.ids.length === 0) byTable.delete(key);
      }
      if (byTable.size === 0) this.tables.delete(node);
    }
  }

  add(e: TraceEvent): void {
    for (const f of e.fx) {
      if (f.k === 'status') this.status.push(f.node, e.i, f.status);
      else if (f.k === 'row') {
        let byTable = this.tables.get(f.node);
        if (!byTable) this.tables.set(f.node, (byTable = new Map()));
        let t = byTable.get(f.table);
        if (!t) byTable.set(f.table, (t = { ids: [], rows: new Changes(), changes: new IntList() }));
        if (t.rows.get(f.id) === undefined) t.ids.push(f.id);
        t.rows.push(f.id, e.i, f.row);
        if (t.changes.length === 0 || t.changes.last() !== e.i) t.changes.push(e.i);
      }
    }
  }

  /** The node's status after `cursor` events, if its current incarnation (started at `since`) reported one. */
  statusAt(node: NodeId, cursor: number, since: number): Row | null {
    const c = changeAt(this.status.get(node), cursor);
    return c !== undefined && c.i >= since ? c.v : null;
  }

  /** The tables the node ever reported, by key. */
  tableKeys(node: NodeId): string[] {
    return [...(this.tables.get(node)?.keys() ?? [])];
  }

  /** A table's rows after `cursor` events, in the order they first appeared. */
  tableAt(node: NodeId, table: string, cursor: number, since: number): { id: string; row: Row }[] {
    const t = this.tables.get(node)?.get(table);
    if (!t) return [];
    const out: { id: string; row: Row }[] = [];
    for (const id of t.ids) {
      const c = changeAt(t.rows.get(id) as Change<Row | null>[], cursor);
      if (c !== undefined && c.i >= since && c.v !== null) out.push({ id, row: c.v });
    }
    return out;
  }

  /** Whether any row of the table changed between two cursors (events `min(a, b)` to `max(a, b) - 1`). */
  tableChangedBetween(node: NodeId, table: string, a: number, b: number): boolean {
    const c = this.tables.get(node)?.get(table)?.changes;
    return c !== undefined && c.countBelow(Math.max(a, b)) !== c.countBelow(Math.min(a, b));
  }

  /** When the row last changed, before `cursor` events (for "what changed" highlights). */
  rowChangedAt(node: NodeId, table: string, id: string, cursor: number): number {
    return changeAt(this.tables.get(node)?.get(table)?.rows.get(id), cursor)?.i ?? -1;
  }

  /** When the status last changed, before `cursor` events. */
  statusChangedAt(node: NodeId, cursor: number): number {
    return changeAt(this.status.get(node), cursor)?.i ?? -1;
  }
}
