/**
 * The last Spark handler each node ran, over the trace (from `handler` effects). A node runs one
 * on most events, so each run is kept as two numbers (the event, and which of the few handlers it
 * was: the one the event entered, such as `receive` · `ElectedLeader`); what it handled, when, and
 * the methods it called on the way (`beginRecovery`, `registerWorker` three times) are read back
 * from the trace when a view asks.
 */
import type { EventList, NodeId, SourceRef, TraceEvent } from '../sim/types';
import { refKey } from '../spark/refs';
import { IntList } from './int-list';

export interface HandlerRun {
  /** The handler the event entered. */
  ref: SourceRef;
  /** The Spark methods it went on to (in order; one called several times in a row, once with a count). */
  calls: { ref: SourceRef; times: number }[];
  /** The event it ran in, its time, and what it handled (a message, a timer, a kernel notice). */
  i: number;
  t: number;
  what: string;
}

interface Runs {
  events: IntList;
  refs: IntList;
}

export class HandlerIndex {
  private runs = new Map<NodeId, Runs>();
  private refs: SourceRef[] = [];
  private codes = new Map<string, number>();
  private events: EventList | null = null;

  readFrom(events: EventList): void {
    this.events = events;
  }

  clear(): void {
    this.runs.clear();
  }

  truncate(n: number): void {
    for (const r of this.runs.values()) {
      const k = r.events.countBelow(n);
      r.events.truncate(k);
      r.refs.truncate(k);
    }
  }

  private code(ref: SourceRef): number {
    const key = refKey(ref);
    let c = this.codes.get(key);
    if (c === undefined) {
      c = this.refs.push(ref) - 1;
      this.codes.set(key, c);
    }
    return c;
  }

  add(e: TraceEvent): void {
    for (const f of e.fx) {
      if (f.k !== 'handler') continue;
      let r = this.runs.get(f.node);
      if (!r) this.runs.set(f.node, (r = { events: new IntList(8), refs: new IntList(8) }));
      // One run per event and node, by the handler the event entered (its calls are read back).
      if (r.events.length > 0 && r.events.last() === e.i) continue;
      r.events.push(e.i);
      r.refs.push(this.code(f.ref));
    }
  }

  /** The node's last handler before `cursor` events, if it ran one in its current incarnation (since `since`). */
  at(node: NodeId, cursor: number, since: number): HandlerRun | null {
    const r = this.runs.get(node);
    if (!r) return null;
    const k = r.events.countBelow(cursor) - 1;
    if (k < 0) return null;
    const i = r.events.get(k);
    if (i < since) return null;
    const e = this.events?.at(i);
    const calls: HandlerRun['calls'] = [];
    let entered = false;
    for (const f of e?.fx ?? []) {
      if (f.k !== 'handler' || f.node !== node) continue;
      if (!entered) {
        entered = true;
        continue;
      }
      const last = calls[calls.length - 1];
      if (last !== undefined && refKey(last.ref) === refKey(f.ref)) last.times++;
      else calls.push({ ref: f.ref, times: 1 });
    }
    return { ref: this.refs[r.refs.get(k)], calls, i, t: e?.t ?? 0, what: e ? (e.msg ?? e.name ?? e.kind) : '' };
  }
}
