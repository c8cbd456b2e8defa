/**
 * The recorded trace, stored by columns. A session keeps every event it ever made, so the store is
 * built for memory and for the garbage collector: each event's fields and its common effects
 * (sends, timers, logs, state changes, handlers) are records of numbers in typed arrays, with
 * every name (node ids, message types, timer keys, Spark's files and methods) interned once, and
 * flat messages are kept by value (`MessageColumns`). What stays an object is a log's text, a
 * message with nested parts, and the rare effects (drops, stores, crashes, violations).
 *
 * The arrays are chunks of a fixed size, added as the trace grows: nothing is ever copied to grow,
 * and a long run holds no spare capacity (arrays grown by doubling held up to four times what they
 * used, and copied hundreds of megabytes at once in a long run).
 *
 * `at(i)` rebuilds an event exactly as the kernel made it: the same fields, so the same canonical
 * JSON and the same hash. The store reads like a read-only array (`length`, `at`, iteration,
 * `slice`), and `time(i)` and `kindOf(i)` answer the questions asked of every event without
 * building it.
 */
import type { TimedEvents } from './event-array';
import { MessageColumns } from './message-columns';
import { EVENT_KINDS } from './types';
import type { EventKind, Effect, Fault, LogLevel, Message, SendMode, SourceRef, TraceEvent } from './types';

/** The code of an event kind: its index in `EVENT_KINDS` (a switch: no lookup on the hot path). */
function eventCode(kind: EventKind): number {
  switch (kind) {
    case 'start':
      return 0;
    case 'deliver':
      return 1;
    case 'drop':
      return 2;
    case 'timer':
      return 3;
    case 'ask-timeout':
      return 4;
    case 'disconnect':
      return 5;
    case 'send-failed':
      return 6;
    case 'fault':
      return 7;
    case 'resume':
      return 8;
    case 'line':
      return 9;
  }
}

const SEND_MODES: readonly SendMode[] = ['send', 'ask', 'reply'];

/** Effect codes: the columnar kinds, and `OTHER` for an effect kept whole as an object. */
const SEND = 0;
const TIMER_SET = 1;
const TIMER_CANCEL = 2;
const LOG = 3;
const STATE = 4;
const HANDLER = 5;
const OTHER = 6;

/** Field value for an absent string; `NULL` for a field that is present and null. */
const NONE = -1;
const NULL = -2;

/** An event's record: eight integers (kind, node, from, msg, key, name, reason, first effect)... */
const EI = 8;
const E_KIND = 0;
const E_NODE = 1;
const E_FROM = 2;
const E_MSG = 3;
const E_KEY = 4;
const E_NAME = 5;
const E_REASON = 6;
const E_FX = 7;
/** ...and two floats (time, message id or NaN). */
const EF = 2;
/** An effect's record: six integers (kind, four strings, where its payload is)... */
const XI = 6;
/** ...and two floats. */
const XF = 2;

/** Messages in flight whose target, sender and type the store remembers by id (a power of 2). */
const SENT_RING = 1 << 16;

/** The last string coded in one field, and its code. */
interface Memo {
  s: string;
  code: number;
}

/** The chunk that holds record `i` of a list of chunks, made when `i` is the first of a new one. */
function chunk<A extends Int32Array | Float64Array>(
  chunks: A[],
  i: number,
  bits: number,
  make: (n: number) => A,
  width: number,
): A {
  const c = i >> bits;
  if (c === chunks.length) chunks.push(make(width << bits));
  return chunks[c];
}

/** The first four integers of an effect's record: its kind, and the codes of three strings. */
function setInts(X: Int32Array, x: number, kind: number, a: number, b: number, c: number): void {
  X[x] = kind;
  X[x + 1] = a;
  X[x + 2] = b;
  X[x + 3] = c;
}

const ints = (n: number) => new Int32Array(n);
const floats = (n: number) => new Float64Array(n);

export class TraceStore implements TimedEvents {
  private n = 0;
  private fn = 0;
  private readonly bits: number;
  private readonly mask: number;
  private ei: Int32Array[] = [];
  private ef: Float64Array[] = [];
  private xi: Int32Array[] = [];
  private xf: Float64Array[] = [];
  /** Fault events are rare: their faults are kept by event index. */
  private faults = new Map<number, Fault>();
  /** Payloads kept as they are (log texts, messages that are not flat, whole rare effects). */
  private payloads: unknown[] = [];

  private strings: string[] = [];
  private codes = new Map<string, number>();
  private messages: MessageColumns;

  /** `chunkBits`: each chunk holds 2^chunkBits events (or effects). */
  constructor(chunkBits = 13) {
    this.bits = chunkBits;
    this.mask = (1 << chunkBits) - 1;
    this.messages = new MessageColumns({ code: (s) => this.code(s), str: (c) => this.str(c) }, chunkBits + 2);
  }

  get length(): number {
    return this.n;
  }

  /** Virtual time of event `i`. */
  time(i: number): number {
    return this.ef[i >> this.bits][(i & this.mask) * EF];
  }

  /** Virtual time of the last of the first `n` events (0 when there are none). */
  timeBefore(n: number): number {
    return n > 0 ? this.time(Math.min(n, this.n) - 1) : 0;
  }

  /** Integer field `f` of event `i`. */
  private field(i: number, f: number): number {
    return this.ei[i >> this.bits][(i & this.mask) * EI + f];
  }

  kindOf(i: number): EventKind {
    return EVENT_KINDS[this.field(i, E_KIND)];
  }

  /** The node event `i` happens at. */
  nodeOf(i: number): string {
    return this.strings[this.field(i, E_NODE)];
  }

  /** The message type of event `i` (deliveries, drops, failed sends), without rebuilding it. */
  msgOf(i: number): string | undefined {
    const c = this.field(i, E_MSG);
    return c === NONE ? undefined : this.strings[c];
  }

  /** The sender of the message of event `i`, without rebuilding it. */
  fromOf(i: number): string | undefined {
    const c = this.field(i, E_FROM);
    return c === NONE ? undefined : this.strings[c];
  }

  /** Event `i` (negative counts from the end, as `Array.prototype.at`), rebuilt. */
  at(index: number): TraceEvent | undefined {
    const i = index < 0 ? this.n + index : index;
    if (i < 0 || i >= this.n || !Number.isInteger(i)) return undefined;
    const s = this.strings;
    const I = this.ei[i >> this.bits];
    const b = (i & this.mask) * EI;
    const F = this.ef[i >> this.bits];
    const f = (i & this.mask) * EF;
    const e: TraceEvent = { i, t: F[f], kind: EVENT_KINDS[I[b + E_KIND]], node: s[I[b + E_NODE]], fx: [] };
    if (I[b + E_FROM] !== NONE) e.from = s[I[b + E_FROM]];
    if (!Number.isNaN(F[f + 1])) e.id = F[f + 1];
    if (I[b + E_MSG] !== NONE) e.msg = s[I[b + E_MSG]];
    if (I[b + E_KEY] !== NONE) e.key = s[I[b + E_KEY]];
    if (I[b + E_NAME] !== NONE) e.name = s[I[b + E_NAME]];
    if (I[b + E_REASON] !== NONE) e.reason = s[I[b + E_REASON]];
    const fault = this.faults.get(i);
    if (fault !== undefined) e.fault = fault;
    const end = i + 1 < this.n ? this.field(i + 1, E_FX) : this.fn;
    for (let j = I[b + E_FX]; j < end; j++) e.fx.push(this.effect(j));
    return e;
  }

  /** Events `[start, end)` rebuilt, as `Array.prototype.slice`. */
  slice(start = 0, end = this.n): TraceEvent[] {
    const from = start < 0 ? Math.max(0, this.n + start) : Math.min(start, this.n);
    const to = end < 0 ? Math.max(0, this.n + end) : Math.min(end, this.n);
    const out: TraceEvent[] = [];
    for (let i = from; i < to; i++) out.push(this.at(i) as TraceEvent);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<TraceEvent> {
    for (let i = 0; i < this.n; i++) yield this.at(i) as TraceEvent;
  }

  /** Appends the next event (its `i` must be `length`). The store keeps no reference to `e`. */
  push(e: TraceEvent): void {
    if (e.i !== this.n) throw new Error(`Event ${e.i} recorded at index ${this.n}`);
    const i = this.n++;
    const I = chunk(this.ei, i, this.bits, ints, EI);
    const F = chunk(this.ef, i, this.bits, floats, EF);
    const b = (i & this.mask) * EI;
    const f = (i & this.mask) * EF;
    F[f] = e.t;
    F[f + 1] = e.id === undefined ? NaN : e.id;
    I[b + E_KIND] = eventCode(e.kind);
    // A message's arrival is recorded at its target and names its sender and its type: all three
    // were coded when it was sent, and its id finds them again.
    const sent = e.id === undefined ? -1 : e.id;
    const node = this.codeKnown(e.node, this.sentTo, sent);
    I[b + E_NODE] = node;
    I[b + E_FROM] = e.from === undefined ? NONE : this.codeKnown(e.from, this.sentFrom, sent);
    I[b + E_MSG] = e.msg === undefined ? NONE : this.codeKnown(e.msg, this.sentType, sent);
    I[b + E_KEY] = e.key === undefined ? NONE : this.codeVia(this.keyMemo, e.key);
    I[b + E_NAME] = e.name === undefined ? NONE : this.codeVia(this.nameMemo, e.name);
    I[b + E_REASON] = e.reason === undefined ? NONE : this.code(e.reason);
    I[b + E_FX] = this.fn;
    if (e.fault !== undefined) this.faults.set(i, e.fault);
    for (const fx of e.fx) this.pushEffect(fx, e.node, node);
  }

  /** Keeps the first `count` events and forgets the rest. */
  truncate(count: number): void {
    if (count >= this.n) return;
    this.n = Math.max(0, Math.floor(count));
    const fx = this.field(this.n, E_FX);
    // The first payload and the first message of the forgotten effects are where those lists end.
    let payloads = -1;
    let messages = -1;
    for (let j = fx; j < this.fn && (payloads === -1 || messages === -1); j++) {
      const X = this.xi[j >> this.bits];
      const x = (j & this.mask) * XI;
      const at = X[x + 5];
      if (at === NONE) continue;
      if (X[x] === SEND && X[x + 4] !== NONE) {
        if (messages === -1) messages = at;
      } else if (payloads === -1) payloads = at;
    }
    if (payloads !== -1) this.payloads.length = payloads;
    if (messages !== -1) this.messages.truncate(messages);
    this.fn = fx;
    for (const k of [...this.faults.keys()]) if (k >= this.n) this.faults.delete(k);
  }

  private code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.strings.length;
      this.strings.push(s);
      this.codes.set(s, c);
    }
    return c;
  }

  // One-entry memos for the fields whose value mostly repeats from one event to the next (a timer's
  // key and name), and the node an address belongs to: each saves a lookup.
  private keyMemo: Memo = { s: '', code: NONE };
  private nameMemo: Memo = { s: '', code: NONE };
  /** For each address's code, the code of the `to` last recorded with it. */
  private toOfAddr: number[] = [];
  /** By message id, 1 + the code of its target, of its sender and of its type (0: not seen). */
  private sentTo = new Int32Array(0);
  private sentFrom = new Int32Array(0);
  private sentType = new Int32Array(0);

  /**
   * The code of `s`, found by message id in `table` when it was noted there. The tables are rings
   * (only messages in flight matter), so what is found is checked, and looked up when it is not `s`.
   */
  private codeKnown(s: string, table: Int32Array, id: number): number {
    if (id >= 0 && table.length > 0) {
      const c = table[id & (SENT_RING - 1)] - 1;
      if (c >= 0 && this.strings[c] === s) return c;
    }
    return this.code(s);
  }

  private noteSent(id: number, to: number, from: number, type: number): void {
    if (this.sentTo.length === 0) {
      this.sentTo = new Int32Array(SENT_RING);
      this.sentFrom = new Int32Array(SENT_RING);
      this.sentType = new Int32Array(SENT_RING);
    }
    const r = id & (SENT_RING - 1);
    this.sentTo[r] = to + 1;
    this.sentFrom[r] = from + 1;
    this.sentType[r] = type + 1;
  }

  private codeVia(m: Memo, s: string): number {
    if (s !== m.s || m.code === NONE) {
      m.s = s;
      m.code = this.code(s);
    }
    return m.code;
  }

  /** The code of a send's target: nearly always the node last seen at that address. */
  private codeTo(to: string | null, addr: number): number {
    const seen = this.toOfAddr[addr];
    if (seen !== undefined && (seen === NULL ? to === null : to === this.strings[seen])) return seen;
    const c = to === null ? NULL : this.code(to);
    this.toOfAddr[addr] = c;
    return c;
  }

  /** `own` is the code of `node`: most effects are the event's own node's. */
  private codeNode(s: string, node: string, own: number): number {
    return s === node ? own : this.code(s);
  }

  private str(c: number): string {
    return this.strings[c];
  }

  private pushEffect(fx: Effect, node: string, own: number): void {
    const j = this.fn++;
    const X = chunk(this.xi, j, this.bits, ints, XI);
    const F = chunk(this.xf, j, this.bits, floats, XF);
    const x = (j & this.mask) * XI;
    const f = (j & this.mask) * XF;
    let payload: unknown = undefined;
    X[x + 4] = NONE;
    X[x + 5] = NONE;
    switch (fx.k) {
      case 'send': {
        const addr = this.code(fx.addr);
        const to = this.codeTo(fx.to, addr);
        setInts(X, x, SEND, to, addr, fx.mode === 'send' ? 0 : fx.mode === 'ask' ? 1 : 2);
        F[f] = fx.id;
        F[f + 1] = fx.at;
        const at = this.messages.write(fx.msg);
        if (at === -1) payload = fx.msg;
        else {
          X[x + 4] = this.messages.lastShape;
          X[x + 5] = at;
        }
        if (fx.to !== null) {
          const type = typeof fx.msg.type === 'string' ? this.messages.lastTypeCode : NONE;
          this.noteSent(fx.id, to, own, type);
        }
        break;
      }
      case 'timer-set':
        setInts(X, x, TIMER_SET, this.codeNode(fx.node, node, own), this.code(fx.key), this.code(fx.name));
        F[f] = fx.at;
        F[f + 1] = fx.period === undefined ? NaN : fx.period;
        break;
      case 'timer-cancel':
        setInts(X, x, TIMER_CANCEL, this.codeNode(fx.node, node, own), this.code(fx.key), this.code(fx.name));
        break;
      case 'log':
        setInts(X, x, LOG, this.codeNode(fx.node, node, own), this.code(fx.level), this.code(fx.logger));
        payload = fx.text;
        break;
      case 'state':
        setInts(X, x, STATE, this.codeNode(fx.node, node, own), this.code(fx.machine), this.code(fx.from));
        X[x + 4] = this.code(fx.to);
        break;
      case 'handler':
        setInts(X, x, HANDLER, this.codeNode(fx.node, node, own), this.code(fx.ref.file), this.code(fx.ref.method));
        X[x + 4] = fx.ref.case === undefined ? NONE : this.code(fx.ref.case);
        break;
      default:
        X[x] = OTHER;
        payload = fx;
    }
    if (payload !== undefined) {
      X[x + 5] = this.payloads.length;
      this.payloads.push(payload);
    }
  }

  private effect(j: number): Effect {
    const X = this.xi[j >> this.bits];
    const F = this.xf[j >> this.bits];
    const x = (j & this.mask) * XI;
    const f = (j & this.mask) * XF;
    switch (X[x]) {
      case SEND:
        return {
          k: 'send',
          id: F[f],
          to: X[x + 1] === NULL ? null : this.str(X[x + 1]),
          addr: this.str(X[x + 2]),
          msg:
            X[x + 4] === NONE
              ? (this.payloads[X[x + 5]] as Message)
              : (this.messages.read(X[x + 4], X[x + 5]) as unknown as Message),
          mode: SEND_MODES[X[x + 3]],
          at: F[f + 1],
        };
      case TIMER_SET: {
        const fx: Effect = {
          k: 'timer-set',
          node: this.str(X[x + 1]),
          key: this.str(X[x + 2]),
          name: this.str(X[x + 3]),
          at: F[f],
        };
        if (!Number.isNaN(F[f + 1])) fx.period = F[f + 1];
        return fx;
      }
      case TIMER_CANCEL:
        return { k: 'timer-cancel', node: this.str(X[x + 1]), key: this.str(X[x + 2]), name: this.str(X[x + 3]) };
      case LOG:
        return {
          k: 'log',
          node: this.str(X[x + 1]),
          level: this.str(X[x + 2]) as LogLevel,
          logger: this.str(X[x + 3]),
          text: this.payloads[X[x + 5]] as string,
        };
      case STATE:
        return {
          k: 'state',
          node: this.str(X[x + 1]),
          machine: this.str(X[x + 2]),
          from: this.str(X[x + 3]),
          to: this.str(X[x + 4]),
        };
      case HANDLER: {
        const ref: SourceRef = { file: this.str(X[x + 2]), method: this.str(X[x + 3]) };
        if (X[x + 4] !== NONE) ref.case = this.str(X[x + 4]);
        return { k: 'handler', node: this.str(X[x + 1]), ref };
      }
      default:
        // A copy: the stored effect must not change if a reader changes what it was given.
        return { ...(this.payloads[X[x + 5]] as Effect) };
    }
  }
}
