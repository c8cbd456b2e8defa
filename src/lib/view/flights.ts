/**
 * Messages on the wire, derived from the trace: every `send` effect is a flight from its sender
 * to its target between the send time and the arrival time; the arrival event tells whether it was
 * delivered or dropped, and why. The view asks which flights are in the air at a virtual time.
 */
import type { EventList, NodeId, TraceEvent } from '../sim/types';
import { FAMILY, type Family } from '../spark/messages';

export interface Flight {
  id: number;
  /** Index of the event that sent it. */
  sent: number;
  from: NodeId;
  to: NodeId | null;
  msg: string;
  family: Family;
  t0: number;
  t1: number;
  /** Set once the arrival is in the trace. */
  fate?: { event: number; dropped?: string };
}

export class FlightIndex {
  flights: Flight[] = [];
  private byId = new Map<number, Flight>();
  private built = 0;
  private longest = 0;

  /** Brings the index up to date with the trace (rebuilding if it was cut). */
  sync(events: EventList): void {
    if (events.length < this.built) this.reset();
    for (let i = this.built; i < events.length; i++) this.add(events.at(i) as TraceEvent);
    this.built = events.length;
  }

  reset(): void {
    this.flights = [];
    this.byId.clear();
    this.built = 0;
    this.longest = 0;
  }

  private add(e: TraceEvent): void {
    for (const fx of e.fx) {
      if (fx.k === 'send') {
        const type = fx.msg.type;
        const f: Flight = {
          id: fx.id,
          sent: e.i,
          from: e.node,
          to: fx.to,
          msg: type,
          family: (FAMILY as Record<string, Family>)[type] ?? 'internal',
          t0: e.t,
          t1: fx.at,
        };
        this.flights.push(f);
        this.byId.set(fx.id, f);
        this.longest = Math.max(this.longest, f.t1 - f.t0);
      } else if (fx.k === 'drop') {
        const f = this.byId.get(fx.id);
        if (f) f.fate = { event: e.i, dropped: fx.reason };
      }
    }
    if (e.kind === 'deliver' && e.id !== undefined) {
      const f = this.byId.get(e.id);
      if (f) f.fate = { event: e.i };
    }
  }

  /**
   * Flights in the air at time `t`, as seen with `cursor` events done: sent before the cursor and
   * not yet arrived (or arriving exactly now). Flights are in send order, so times only grow.
   */
  inAir(t: number, cursor: number): Flight[] {
    const out: Flight[] = [];
    const fl = this.flights;
    for (let i = this.firstReaching(t); i < fl.length && fl[i].t0 <= t; i++) {
      const f = fl[i];
      if (f.sent >= cursor) break;
      const arrived = f.fate !== undefined && f.fate.event < cursor;
      if (t < f.t1 || (t === f.t1 && !arrived)) out.push(f);
    }
    return out;
  }

  /**
   * Flights sent before `cursor` that overlap the time window `[t0, t1]`, in send order, at most
   * `max` of them, and only those `keep` accepts (what the space-time diagram draws).
   */
  overlapping(t0: number, t1: number, cursor: number, max: number, keep: (f: Flight) => boolean): Flight[] {
    const out: Flight[] = [];
    const fl = this.flights;
    for (let i = this.firstReaching(t0); i < fl.length && fl[i].t0 <= t1 && out.length < max; i++) {
      const f = fl[i];
      if (f.sent >= cursor) break;
      if (f.t1 >= t0 && keep(f)) out.push(f);
    }
    return out;
  }

  /** The first flight that may still be in the air at `t` (none sent earlier lasts that long). */
  private firstReaching(t: number): number {
    const fl = this.flights;
    const from = t - this.longest;
    let lo = 0;
    let hi = fl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (fl[mid].t0 < from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Messages dropped recently (for the "died here" marks), within `window` ms before `t`. */
  droppedNear(t: number, cursor: number, window: number): Flight[] {
    const out: Flight[] = [];
    const fl = this.flights;
    for (let i = this.firstReaching(t - window); i < fl.length && fl[i].t0 <= t; i++) {
      const f = fl[i];
      if (f.sent >= cursor) break;
      if (f.fate?.dropped && f.fate.event < cursor && f.t1 <= t && f.t1 >= t - window) out.push(f);
    }
    return out;
  }

  get(id: number): Flight | undefined {
    return this.byId.get(id);
  }
}
