/** The last Spark handler each node ran, over the trace (from `handler` effects). */
import type { NodeId, SourceRef, TraceEvent } from '../sim/types';
import { Changes, changeAt } from './changes';

export interface HandlerRun {
  ref: SourceRef;
  /** The event it ran in, its time, and what it handled (a message, a timer, a kernel notice). */
  i: number;
  t: number;
  what: string;
}

export class HandlerIndex {
  private runs = new Changes<NodeId, HandlerRun>();

  clear(): void {
    this.runs.clear();
  }

  truncate(n: number): void {
    this.runs.truncate(n);
  }

  add(e: TraceEvent): void {
    for (const f of e.fx) {
      if (f.k === 'handler')
        this.runs.push(f.node, e.i, { ref: f.ref, i: e.i, t: e.t, what: e.msg ?? e.name ?? e.kind });
    }
  }

  /** The node's last handler before `cursor` events, if it ran one in its current incarnation (since `since`). */
  at(node: NodeId, cursor: number, since: number): HandlerRun | null {
    const c = changeAt(this.runs.get(node), cursor);
    return c !== undefined && c.i >= since ? c.v : null;
  }
}
