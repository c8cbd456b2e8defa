/**
 * Which nodes' views (state, up, paused, incarnation, status row) an event may change, kept as
 * pairs in event order: what lets the world patch the node list it made at one cursor into the
 * list at a nearby cursor by remaking only the nodes changed in between, instead of all of them
 * (10,000 workers played at 10× change a few dozen nodes a frame).
 */
import type { NodeId, TraceEvent } from '../sim/types';
import { IntList } from './int-list';

export class ViewChanges {
  /** The event of each change, ascending, and the node it changed (as a number: `ids`). */
  private readonly at = new IntList();
  private readonly who = new IntList();
  private readonly number = new Map<NodeId, number>();
  private readonly ids: NodeId[] = [];

  add(e: TraceEvent): void {
    if (e.kind === 'start' || e.kind === 'resume' || (e.kind === 'fault' && e.fault?.action === 'pause'))
      this.note(e.i, e.node);
    for (const f of e.fx) {
      if (f.k === 'state' || f.k === 'status' || f.k === 'up' || f.k === 'down') this.note(e.i, f.node);
    }
  }

  private note(i: number, node: NodeId): void {
    let n = this.number.get(node);
    if (n === undefined) {
      n = this.ids.length;
      this.number.set(node, n);
      this.ids.push(node);
    }
    // One pair per node and event is enough.
    const last = this.at.length - 1;
    if (last >= 0 && this.at.get(last) === i && this.who.get(last) === n) return;
    this.at.push(i);
    this.who.push(n);
  }

  /** How many changes lie between two cursors (events `min(a, b)` to `max(a, b) - 1`). */
  countBetween(a: number, b: number): number {
    return this.at.countBelow(Math.max(a, b)) - this.at.countBelow(Math.min(a, b));
  }

  /** The nodes changed between two cursors. */
  between(a: number, b: number): Set<NodeId> {
    const out = new Set<NodeId>();
    const end = this.at.countBelow(Math.max(a, b));
    for (let p = this.at.countBelow(Math.min(a, b)); p < end; p++) out.add(this.ids[this.who.get(p)]);
    return out;
  }

  truncate(n: number): void {
    const keep = this.at.countBelow(n);
    this.at.truncate(keep);
    this.who.truncate(keep);
  }

  clear(): void {
    this.at.truncate(0);
    this.who.truncate(0);
  }
}
