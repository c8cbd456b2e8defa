/**
 * Each node's machine state and liveness over the trace, so any cursor can be drawn without
 * asking a daemon: changes are kept per node in trace order and found by binary search.
 */
import type { EventList, NodeId, TraceEvent } from '../sim/types';

interface Change<T> {
  i: number;
  v: T;
}

function at<T>(list: Change<T>[] | undefined, cursor: number, fallback: T): T {
  if (!list || list.length === 0 || list[0].i >= cursor) return fallback;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].i < cursor) lo = mid + 1;
    else hi = mid;
  }
  return list[lo - 1].v;
}

export class StateIndex {
  private states = new Map<NodeId, Change<string>[]>();
  private up = new Map<NodeId, Change<boolean>[]>();
  private built = 0;
  /** Events with broken invariants, and fault events, for timeline markers. */
  violations: { i: number; t: number; rule: string; text: string; node: NodeId }[] = [];
  faults: { i: number; t: number; label: string }[] = [];

  sync(events: EventList): void {
    if (events.length < this.built) this.reset();
    for (let i = this.built; i < events.length; i++) this.add(events.at(i) as TraceEvent);
    this.built = events.length;
  }

  reset(): void {
    this.states.clear();
    this.up.clear();
    this.violations = [];
    this.faults = [];
    this.built = 0;
  }

  private push<T>(map: Map<NodeId, Change<T>[]>, node: NodeId, c: Change<T>): void {
    let list = map.get(node);
    if (!list) map.set(node, (list = []));
    list.push(c);
  }

  private add(e: TraceEvent): void {
    if (e.kind === 'start' && !e.reason) this.push(this.up, e.node, { i: e.i, v: true });
    if (e.kind === 'fault') this.faults.push({ i: e.i, t: e.t, label: `${e.fault?.action} ${e.node}` });
    for (const f of e.fx) {
      if (f.k === 'state') this.push(this.states, f.node, { i: e.i, v: f.to });
      else if (f.k === 'down') this.push(this.up, f.node, { i: e.i, v: false });
      else if (f.k === 'violation') this.violations.push({ i: e.i, t: e.t, rule: f.rule, text: f.text, node: f.node });
    }
  }

  /** The node's machine state after `cursor` events ('' before it has one). */
  stateAt(node: NodeId, cursor: number): string {
    return at(this.states.get(node), cursor, '');
  }

  upAt(node: NodeId, cursor: number): boolean {
    return at(this.up.get(node), cursor, false);
  }
}
