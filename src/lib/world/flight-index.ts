/**
 * Messages on the wire, derived from the trace: every `send` effect is a flight from its sender
 * to its target between the send time and the arrival time; the arrival event tells whether it was
 * delivered or dropped, and why. The world asks which flights are in the air at a virtual time.
 *
 * A long run sends millions of messages, so the index keeps numbers only, by columns: where each
 * send is in the trace, when it arrives, and its fate. What a flight says (its type, ends, a
 * reply's question) is read back from the trace for the few flights a view asks about.
 */
import type { TimedEvents } from '../sim/event-array';
import type { NodeId, SendMode, TraceEvent } from '../sim/types';
import { FAMILY, type Family } from '../spark/messages';
import { FloatList, IntList } from './int-list';

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

const NO_FATE = -1;

export class FlightIndex {
  private events: TimedEvents | null = null;
  /**
   * Per flight (in send order): the event that sent it (its time is the send time), the send's
   * place in it, and the arrival time.
   */
  private sent = new IntList();
  private fx = new IntList();
  private t1 = new FloatList();
  /** The event it arrived (or died) at; why the few that died did (a code in `reasons`). */
  private fate = new IntList();
  private dropped = new Map<number, number>();
  private reasons: string[] = [];
  /**
   * Ids are the flights' positions, as the kernel numbers them. Where they are not (a log's
   * inferred messages), `ids` finds a flight by id and `id` holds each flight's.
   */
  private id = new IntList();
  private ids: Map<number, number> | null = null;
  /** Each flight's sender and target by number (`nodes`; -1: no target), to pick lanes without reading the trace. */
  private from = new IntList();
  private to = new IntList();
  private readonly number = new Map<NodeId, number>();
  private longest = 0;
  /** Flights made lately, by position (what views ask about). */
  private made = new Map<number, Flight>();

  /** The trace the flights are read back from. */
  readFrom(events: TimedEvents): void {
    this.events = events;
  }

  clear(): void {
    this.sent = new IntList();
    this.fx = new IntList();
    this.t1 = new FloatList();
    this.fate = new IntList();
    this.dropped = new Map();
    this.id = new IntList();
    this.from = new IntList();
    this.to = new IntList();
    this.ids = null;
    this.longest = 0;
    this.made.clear();
  }

  get length(): number {
    return this.sent.length;
  }

  private position(id: number): number {
    if (this.ids !== null) return this.ids.get(id) ?? -1;
    return id >= 0 && id < this.sent.length ? id : -1;
  }

  private numberOf(node: NodeId): number {
    let n = this.number.get(node);
    if (n === undefined) this.number.set(node, (n = this.number.size));
    return n;
  }

  private reason(r: string): number {
    let c = this.reasons.indexOf(r);
    if (c < 0) c = this.reasons.push(r) - 1;
    return c;
  }

  /** Forgets what events `n` and after said (the trace was cut there). */
  truncate(n: number): void {
    let k = this.sent.length;
    while (k > 0 && this.sent.get(k - 1) >= n) k--;
    if (this.ids !== null) for (let p = k; p < this.sent.length; p++) this.ids.delete(this.id.get(p));
    for (const l of [this.sent, this.fx, this.t1, this.fate, this.id, this.from, this.to]) l.truncate(k);
    for (const p of [...this.dropped.keys()]) if (p >= k) this.dropped.delete(p);
    // Arrivals recorded at `n` or after did not happen (yet): their flights are in the air again.
    // A flight can be in the air no longer than the longest one, so only those are looked at.
    const last = k > 0 ? this.t0(k - 1) : 0;
    for (let p = this.firstReaching(last - 1); p < k; p++) {
      if (this.fate.get(p) >= n) {
        this.fate.set(p, NO_FATE);
        this.dropped.delete(p);
      }
    }
    this.made.clear();
  }

  add(e: TraceEvent): void {
    for (let k = 0; k < e.fx.length; k++) {
      const fx = e.fx[k];
      if (fx.k === 'send') {
        const p = this.sent.length;
        if (this.ids === null && fx.id !== p) {
          // Not numbered as the kernel numbers them (a log's inferred messages): keep a map.
          this.ids = new Map();
          for (let q = 0; q < p; q++) {
            this.ids.set(q, q);
            this.id.push(q);
          }
        }
        if (this.ids !== null) {
          this.ids.set(fx.id, p);
          this.id.push(fx.id);
        }
        this.from.push(this.numberOf(e.node));
        this.to.push(fx.to === null ? -1 : this.numberOf(fx.to));
        this.sent.push(e.i);
        this.fx.push(k);
        this.t1.push(fx.at);
        this.fate.push(NO_FATE);
        this.longest = Math.max(this.longest, fx.at - e.t);
      } else if (fx.k === 'drop') {
        const p = this.position(fx.id);
        if (p >= 0) {
          this.fate.set(p, e.i);
          this.dropped.set(p, this.reason(fx.reason));
          this.made.delete(p);
        }
      }
    }
    if (e.kind === 'deliver' && e.id !== undefined) {
      const p = this.position(e.id);
      if (p >= 0) {
        this.fate.set(p, e.i);
        this.made.delete(p);
      }
    }
  }

  /** When the flight at position `p` was sent. */
  private t0(p: number): number {
    return (this.events as TimedEvents).time(this.sent.get(p));
  }

  /** The flight at a position, read back from the trace. */
  private flight(p: number): Flight {
    let f = this.made.get(p);
    if (f !== undefined) return f;
    const e = (this.events as TimedEvents).at(this.sent.get(p)) as TraceEvent;
    const fx = e.fx[this.fx.get(p)] as Extract<TraceEvent['fx'][number], { k: 'send' }>;
    const type = fx.msg.type;
    f = {
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
    const fate = this.fate.get(p);
    if (fate !== NO_FATE) {
      const d = this.dropped.get(p);
      f.fate = d !== undefined ? { event: fate, dropped: this.reasons[d] } : { event: fate };
    }
    if (this.made.size > 4096) this.made.clear();
    this.made.set(p, f);
    return f;
  }

  /**
   * Flights in the air at time `t`, as seen with `cursor` events done: sent before the cursor and
   * not yet arrived (or arriving exactly now). Flights are in send order, so times only grow.
   */
  inAir(t: number, cursor: number): Flight[] {
    const out: Flight[] = [];
    const n = this.sent.length;
    for (let p = this.firstReaching(t); p < n && this.t0(p) <= t; p++) {
      if (this.sent.get(p) >= cursor) break;
      const fate = this.fate.get(p);
      const arrived = fate !== NO_FATE && fate < cursor;
      const t1 = this.t1.get(p);
      if (t < t1 || (t === t1 && !arrived)) out.push(this.current(p, cursor));
    }
    return out;
  }

  /** A flight as seen with `cursor` events done: its arrival is not known before it happens. */
  private current(p: number, cursor: number): Flight {
    const f = this.flight(p);
    if (f.fate !== undefined && f.fate.event >= cursor) {
      const { fate: _later, ...before } = f;
      void _later;
      return before;
    }
    return f;
  }

  /**
   * Flights sent before `cursor` that overlap the time window `[t0, t1]`, in send order, at most
   * `max` of them, and only those `keep` accepts (what the space-time diagram draws).
   */
  overlapping(
    t0: number,
    t1: number,
    cursor: number,
    max: number,
    keep: (f: Flight) => boolean,
    among?: { has(node: NodeId): boolean },
  ): Flight[] {
    const out: Flight[] = [];
    const n = this.sent.length;
    // Only between the given nodes (the lanes on screen): told apart by number, before any is read.
    let mask: Uint8Array | null = null;
    if (among !== undefined) {
      mask = new Uint8Array(this.number.size);
      for (const [node, k] of this.number) if (among.has(node)) mask[k] = 1;
    }
    for (let p = this.firstReaching(t0); p < n && this.t0(p) <= t1 && out.length < max; p++) {
      if (this.sent.get(p) >= cursor) break;
      if (this.t1.get(p) < t0) continue;
      if (mask !== null && (mask[this.from.get(p)] === 0 || this.to.get(p) < 0 || mask[this.to.get(p)] === 0)) continue;
      const f = this.current(p, cursor);
      if (keep(f)) out.push(f);
    }
    return out;
  }

  /** The first flight that may still be in the air at `t` (none sent earlier lasts that long). */
  private firstReaching(t: number): number {
    const from = t - this.longest;
    let lo = 0;
    let hi = this.sent.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.t0(mid) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Messages dropped recently (for the "died here" marks), within `window` ms before `t`. */
  droppedNear(t: number, cursor: number, window: number): Flight[] {
    const out: Flight[] = [];
    const n = this.sent.length;
    for (let p = this.firstReaching(t - window); p < n && this.t0(p) <= t; p++) {
      if (this.sent.get(p) >= cursor) break;
      const fate = this.fate.get(p);
      const t1 = this.t1.get(p);
      if (this.dropped.has(p) && fate < cursor && t1 <= t && t1 >= t - window) out.push(this.flight(p));
    }
    return out;
  }

  get(id: number): Flight | undefined {
    const p = this.position(id);
    return p < 0 ? undefined : this.flight(p);
  }
}
