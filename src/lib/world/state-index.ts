/**
 * Each node's life over the trace: its machine state, whether its process is up or paused, and
 * where its current incarnation started. Kept as changes per node (`changes.ts`).
 */
import type { NodeId, TraceEvent } from '../sim/types';
import { Changes, valueAt } from './changes';

export class StateIndex {
  private states = new Changes<NodeId, string>();
  private up = new Changes<NodeId, boolean>();
  private paused = new Changes<NodeId, boolean>();
  /** The event each incarnation started at (what a node reported before it belongs to an earlier one). */
  private starts = new Changes<NodeId, number>();

  add(e: TraceEvent): void {
    if (e.kind === 'start' && !e.reason) {
      this.up.push(e.node, e.i, true);
      this.starts.push(e.node, e.i, e.i);
    }
    if (e.kind === 'fault' && e.fault?.action === 'pause' && !e.reason) this.paused.push(e.node, e.i, true);
    if (e.kind === 'resume') this.paused.push(e.node, e.i, false);
    for (const f of e.fx) {
      if (f.k === 'state') this.states.push(f.node, e.i, f.to);
      else if (f.k === 'up') {
        if (!this.up.at(f.node, e.i + 1, false)) {
          this.up.push(f.node, e.i, true);
          this.starts.push(f.node, e.i, e.i);
        }
      } else if (f.k === 'down') {
        this.up.push(f.node, e.i, false);
        if (valueAt(this.paused.get(f.node), e.i + 1, false)) this.paused.push(f.node, e.i, false);
      }
    }
  }

  truncate(n: number): void {
    this.states.truncate(n);
    this.up.truncate(n);
    this.paused.truncate(n);
    this.starts.truncate(n);
  }

  clear(): void {
    this.states.clear();
    this.up.clear();
    this.paused.clear();
    this.starts.clear();
  }

  /** The node's machine state after `cursor` events ('' before it has one). */
  stateAt(node: NodeId, cursor: number): string {
    return this.states.at(node, cursor, '');
  }

  upAt(node: NodeId, cursor: number): boolean {
    return this.up.at(node, cursor, false);
  }

  pausedAt(node: NodeId, cursor: number): boolean {
    return this.paused.at(node, cursor, false);
  }

  /** The event the node's current incarnation started at (-1 before its first start). */
  startedAt(node: NodeId, cursor: number): number {
    return this.starts.at(node, cursor, -1);
  }
}
