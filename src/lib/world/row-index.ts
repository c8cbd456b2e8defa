/**
 * Each daemon's status and tables over the trace, from its `status` and `row` effects. What a
 * node reported before its current incarnation started is not shown: a restarted process starts
 * empty and reports itself again.
 */
import type { NodeId, Row, TraceEvent } from '../sim/types';
import { Changes, changeAt, type Change } from './changes';

interface TableRows {
  /** Row ids in the order they first appeared. */
  ids: string[];
  rows: Changes<string, Row | null>;
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
        if (!t) byTable.set(f.table, (t = { ids: [], rows: new Changes() }));
        if (t.rows.get(f.id) === undefined) t.ids.push(f.id);
        t.rows.push(f.id, e.i, f.row);
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

  /** When the row last changed, before `cursor` events (for "what changed" highlights). */
  rowChangedAt(node: NodeId, table: string, id: string, cursor: number): number {
    return changeAt(this.tables.get(node)?.get(table)?.rows.get(id), cursor)?.i ?? -1;
  }

  /** When the status last changed, before `cursor` events. */
  statusChangedAt(node: NodeId, cursor: number): number {
    return changeAt(this.status.get(node), cursor)?.i ?? -1;
  }
}
