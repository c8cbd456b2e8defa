/**
 * Messages on the wire, derived from the trace: every `send` effect is a flight from its sender
 * to its target between the send time and the arrival time; the arrival event tells whether it was
 * delivered or dropped, and why. The world asks which flights are in the air at a virtual time.
 */
import type { NodeId, SendMode, TraceEvent } from '../sim/types';
import { FAMILY, type Family } from '../spark/messages';

export interface Flight {
  id: number;
  /** Index of the event that sent it. */
  sent: number;
  from: NodeId;
  to: NodeId | null;
  msg: string;
  mode: SendMode;
  /** A reply's question: the message type it answers. */
  re?: string;
  /** A yes-or-no reply's answer (`Boolean`), as text. */
  value?: string;
  family: Family;
  t0: number;
  t1: number;
  /** Set once the arrival is in the trace. */
  fate?: { event: number; dropped?: string };
}

const familyOf = (type: string): Family => (FAMILY as Record<string, Family>)[type] ?? 'internal';

export class FlightIndex {
  flights: Flight[] = [];
  private byId = new Map<number, Flight>();
  private longest = 0;

  clear(): void {
    this.flights = [];
    this.byId.clear();
    this.longest = 0;
  }

  /** Forgets what events `n` and after said (the trace was cut there). */
  truncate(n: number): void {
    while (this.flights.length > 0 && this.flights[this.flights.length - 1].sent >= n) {
      this.byId.delete((this.flights.pop() as Flight).id);
    }
    // Arrivals recorded at `n` or after did not happen (yet): their flights are in the air again.
    // A flight can be in the air no longer than the longest one, so only those are looked at.
    const last = this.flights.length > 0 ? this.flights[this.flights.length - 1].t0 : 0;
    for (let i = this.firstReaching(last - 1); i < this.flights.length; i++) {
      const f = this.flights[i];
      if (f.fate !== undefined && f.fate.event >= n) delete f.fate;
    }
  }

  add(e: TraceEvent): void {
    for (const fx of e.fx) {
      if (fx.k === 'send') {
        const type = fx.msg.type;
        const f: Flight = {
          id: fx.id,
          sent: e.i,
          from: e.node,
          to: fx.to,
          msg: type,
          mode: fx.mode,
          family: familyOf(type),
          t0: e.t,
          t1: fx.at,
        };
        if (fx.mode === 'reply' && e.msg !== undefined) {
          // A reply is sent while its ask is handled: the event's message is the question.
          f.re = e.msg;
          f.family = familyOf(e.msg);
          if (type === 'Boolean') f.value = String((fx.msg as unknown as { value: unknown }).value);
        }
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
