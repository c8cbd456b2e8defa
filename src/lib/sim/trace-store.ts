/**
 * The recorded trace, stored by columns. A session keeps every event it ever made, so the store is
 * built for memory and for the garbage collector: each event's fields and its common effects
 * (sends, timers, logs, state changes, handlers) are records of numbers in typed arrays, with
 * every name (node ids, message types, timer keys, Spark's files and methods) interned once, and
 * flat messages are kept by value (`MessageColumns`). What stays an object is a log's text, a
 * message with nested parts, and the rare effects (drops, stores, crashes, violations).
 *
 * The columns are chunks of a fixed size, added as the trace grows: nothing is ever copied to grow,
 * and a long run holds no spare capacity (arrays grown by doubling held up to four times what they
 * used, and copied hundreds of megabytes at once in a long run). A full chunk is packed where its
 * values allow (`PackedColumn`): times to 32-bit offsets, shapes, first effects and ids to 16.
 *
 * What repeats is kept once. An event's kind, node, sender, message type, timer key and name and
 * drop reason are one "shape" (a heartbeat's arrival at the master from worker-7 has the same shape
 * every time), interned in a table; the event's record is its shape, its first effect, its
 * message id and its time: 20 bytes. An effect's record is likewise its shape (kind, the codes of
 * its strings, a timer's period), where its payload is, a send's id and a time: 20 bytes, and
 * mostly 10 to 12 once packed.
 *
 * `at(i)` rebuilds an event exactly as the kernel made it: the same fields, so the same canonical
 * JSON and the same hash. The store reads like a read-only array (`length`, `at`, iteration,
 * `slice`), and `time(i)` and `kindOf(i)` answer the questions asked of every event without
 * building it.
 */
import type { TimedEvents } from './event-array';
import { MessageColumns } from './message-columns';
import { IntColumn } from './int-column';
import { TimeColumn } from './time-column';
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

/** An event's shape: seven integers (kind, node, from, msg, key, name, reason)... */
const ES = 7;
const E_KIND = 0;
const E_NODE = 1;
const E_FROM = 2;
const E_MSG = 3;
const E_KEY = 4;
const E_NAME = 5;
const E_REASON = 6;
// ...and its record (shape, first effect, message id, time) is kept in columns.
/** An effect's shape: six integers (kind, four strings or codes, a timer's period)... */
const XS = 6;
const X_KIND = 0;
const X_A = 1;
const X_B = 2;
const X_C = 3;
const X_D = 4;
const X_PERIOD = 5;
// ...and its record (shape, where its payload is, a send's id, a time) likewise.

/** An id stored as it is when it is a small non-negative integer; else it is kept aside. */
const ID_ABSENT = -1;
const ID_ASIDE = -2;
/** The code of record `index`'s `id`: the id itself, or `ID_ASIDE` with the id kept in `aside`. */
function idCode(id: number, aside: Map<number, number>, index: number): number {
  if (id >= 0 && id <= 0x7fffffff && Math.floor(id) === id) return id;
  aside.set(index, id);
  return ID_ASIDE;
}

/** Messages in flight whose target, sender and type the store remembers by id (a power of 2). */
const SENT_RING = 1 << 16;

/** The last string coded in one field, and its code. */
interface Memo {
  s: string;
  code: number;
}

/** A hash of the `w` integers of `a` from `at` (FNV-1a, with the high bits folded in). */
function hashOf(a: Int32Array, at: number, w: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < w; k++) h = Math.imul(h ^ a[at + k], 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * Tuples of integers, each kept once and named by its position: `code(tuple)` finds or adds one
 * (open addressing on a hash of its values), `get(code, k)` reads its k-th value.
 */
class TupleTable {
  private values = new Int32Array(0);
  private slots = new Int32Array(0);
  size = 0;

  constructor(readonly width: number) {}

  get(code: number, k: number): number {
    return this.values[code * this.width + k];
  }

  /** The code of the tuple in `t[0..width)`. */
  code(t: Int32Array): number {
    const w = this.width;
    if (this.slots.length === 0) this.rehash(64);
    const mask = this.slots.length - 1;
    let slot = hashOf(t, 0, w) & mask;
    for (;;) {
      const c = this.slots[slot];
      if (c === -1) break;
      let k = 0;
      const base = c * w;
      while (k < w && this.values[base + k] === t[k]) k++;
      if (k === w) return c;
      slot = (slot + 1) & mask;
    }
    const c = this.size++;
    if ((c + 1) * w > this.values.length) {
      const grown = new Int32Array(Math.max(64 * w, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values.set(t.subarray(0, w), c * w);
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.slots[slot] = c;
    return c;
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n).fill(-1);
    const w = this.width;
    const mask = n - 1;
    for (let c = 0; c < this.size; c++) {
      let slot = hashOf(this.values, c * w, w) & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = c;
    }
  }
}

/**
 * The shape last coded under each hint (a node, a sender, a target), kept with a copy of its
 * tuple: a tuple that repeats is found by reading one record, not the table.
 */
class Hints {
  private h = new Int32Array(0);
  /** A record: the shape, then its tuple (of at most 7). */
  private readonly stride = 8;

  constructor(private readonly table: TupleTable) {}

  /** The code of tuple `t` in the table, looked for first under `hint`. */
  code(hint: number, t: Int32Array): number {
    const w = this.table.width;
    const base = hint * this.stride;
    if (base + this.stride > this.h.length) {
      const grown = new Int32Array(Math.max(64 * this.stride, 2 * (base + this.stride))).fill(-1);
      grown.set(this.h);
      this.h = grown;
    }
    const h = this.h;
    if (h[base] >= 0) {
      let k = 0;
      while (k < w && h[base + 1 + k] === t[k]) k++;
      if (k === w) return h[base];
    }
    const c = this.table.code(t);
    h[base] = c;
    for (let k = 0; k < w; k++) h[base + 1 + k] = t[k];
    return c;
  }
}

export class TraceStore implements TimedEvents {
  private n = 0;
  private fn = 0;
  private readonly bits: number;
  private readonly mask: number;
  /** Each event's shape, first effect and message id (the record), and time. */
  private readonly eShape: IntColumn;
  private readonly eFx: IntColumn;
  private readonly eId: IntColumn;
  private readonly ef: TimeColumn;
  /** Each effect's shape, where its payload is and a send's id (the record), and time. */
  private readonly xShape: IntColumn;
  private readonly xAt: IntColumn;
  private readonly xId: IntColumn;
  private readonly xf: TimeColumn;
  private readonly eventShapes = new TupleTable(ES);
  private readonly effectShapes = new TupleTable(XS);
  /** The tuple being coded (one, reused). */
  private readonly tuple = new Int32Array(Math.max(ES, XS));
  /**
   * Shapes mostly repeat: the last event shape by sender (or by node, for an event with none),
   * and the last effect shape by target (a send's) or node, are looked at before the table.
   */
  private readonly eventHints = new Hints(this.eventShapes);
  private readonly effectHints = new Hints(this.effectShapes);
  /** Timer periods, coded by position. */
  private periods: number[] = [];
  /** Ids that are not small non-negative integers, by event index and by effect index. */
  private eventIds = new Map<number, number>();
  private effectIds = new Map<number, number>();
  /** The messages' end when each chunk of effects began (a cut finds where its messages end from it). */
  private messagesAtChunk: number[] = [];
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
    this.ef = new TimeColumn(chunkBits);
    this.xf = new TimeColumn(chunkBits);
    this.eShape = new IntColumn(chunkBits);
    this.eFx = new IntColumn(chunkBits);
    this.eId = new IntColumn(chunkBits);
    this.xShape = new IntColumn(chunkBits);
    this.xAt = new IntColumn(chunkBits);
    this.xId = new IntColumn(chunkBits);
    this.messages = new MessageColumns({ code: (s) => this.code(s), str: (c) => this.str(c) }, chunkBits + 2);
  }

  get length(): number {
    return this.n;
  }

  /** Virtual time of event `i`. */
  time(i: number): number {
    return this.ef.get(i);
  }

  /** Virtual time of the last of the first `n` events (0 when there are none). */
  timeBefore(n: number): number {
    return n > 0 ? this.time(Math.min(n, this.n) - 1) : 0;
  }

  /** Integer field `f` of event `i`. */
  private field(i: number, f: number): number {
    return this.eventShapes.get(this.eShape.get(i), f);
  }

  /** The first effect of event `i`. */
  private firstEffect(i: number): number {
    return this.eFx.get(i);
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
    const shapes = this.eventShapes;
    const sh = this.eShape.get(i);
    const e: TraceEvent = {
      i,
      t: this.ef.get(i),
      kind: EVENT_KINDS[shapes.get(sh, E_KIND)],
      node: s[shapes.get(sh, E_NODE)],
      fx: [],
    };
    const from = shapes.get(sh, E_FROM);
    if (from !== NONE) e.from = s[from];
    const id = this.eId.get(i);
    if (id >= 0) e.id = id;
    else if (id === ID_ASIDE) {
      const kept = this.eventIds.get(i);
      if (kept !== undefined) e.id = kept;
    }
    const msg = shapes.get(sh, E_MSG);
    if (msg !== NONE) e.msg = s[msg];
    const key = shapes.get(sh, E_KEY);
    if (key !== NONE) e.key = s[key];
    const name = shapes.get(sh, E_NAME);
    if (name !== NONE) e.name = s[name];
    const reason = shapes.get(sh, E_REASON);
    if (reason !== NONE) e.reason = s[reason];
    const fault = this.faults.get(i);
    if (fault !== undefined) e.fault = fault;
    const end = i + 1 < this.n ? this.firstEffect(i + 1) : this.fn;
    for (let j = this.firstEffect(i); j < end; j++) e.fx.push(this.effect(j));
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
    this.ef.put(i, e.t);
    this.eId.put(i, e.id === undefined ? ID_ABSENT : idCode(e.id, this.eventIds, i));
    // A message's arrival is recorded at its target and names its sender and its type: all three
    // were coded when it was sent, and its id finds them again.
    const sent = e.id === undefined ? -1 : e.id;
    const node = this.codeKnown(e.node, this.sentTo, sent);
    const t = this.tuple;
    t[E_KIND] = eventCode(e.kind);
    t[E_NODE] = node;
    t[E_FROM] = e.from === undefined ? NONE : this.codeKnown(e.from, this.sentFrom, sent);
    t[E_MSG] = e.msg === undefined ? NONE : this.codeKnown(e.msg, this.sentType, sent);
    t[E_KEY] = e.key === undefined ? NONE : this.codeVia(this.keyMemo, e.key);
    t[E_NAME] = e.name === undefined ? NONE : this.codeVia(this.nameMemo, e.name);
    t[E_REASON] = e.reason === undefined ? NONE : this.code(e.reason);
    const hint = t[E_FROM] >= 0 ? 2 * t[E_FROM] + 1 : 2 * node;
    this.eShape.put(i, this.eventHints.code(hint, t));
    this.eFx.put(i, this.fn);
    if (e.fault !== undefined) this.faults.set(i, e.fault);
    for (const fx of e.fx) this.pushEffect(fx, e.node, node);
  }

  /** Keeps the first `count` events and forgets the rest. */
  truncate(count: number): void {
    if (count >= this.n) return;
    this.n = Math.max(0, Math.floor(count));
    const fx = this.firstEffect(this.n);
    // The first payload of the forgotten effects is where that list ends. Messages may be shared
    // (a message sent again is written once): they end where the kept effects' last one ends.
    let payloads = -1;
    for (let j = fx; j < this.fn && payloads === -1; j++) {
      const at = this.xAt.get(j);
      if (at !== NONE && !this.inColumns(this.xShape.get(j))) payloads = at;
    }
    if (payloads !== -1) this.payloads.length = payloads;
    let messages = this.messagesAtChunk[fx >> this.bits] ?? this.messages.end;
    for (let j = fx & ~this.mask; j < fx; j++) {
      const sh = this.xShape.get(j);
      if (this.inColumns(sh))
        messages = Math.max(messages, this.messages.endOf(this.effectShapes.get(sh, X_D), this.xAt.get(j)));
    }
    this.messages.truncate(messages);
    this.messagesAtChunk.length = (fx >> this.bits) + 1;
    this.fn = fx;
    for (const column of [this.ef, this.eShape, this.eFx, this.eId]) column.truncate(this.n);
    for (const column of [this.xf, this.xShape, this.xAt, this.xId]) column.truncate(fx);
    for (const k of [...this.faults.keys()]) if (k >= this.n) this.faults.delete(k);
    for (const k of [...this.eventIds.keys()]) if (k >= this.n) this.eventIds.delete(k);
    for (const k of [...this.effectIds.keys()]) if (k >= this.fn) this.effectIds.delete(k);
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

  /** Whether an effect of shape `sh` is a send whose message is in the message columns. */
  private inColumns(sh: number): boolean {
    return this.effectShapes.get(sh, X_KIND) === SEND && this.effectShapes.get(sh, X_D) !== NONE;
  }

  /** The code of a timer's period (-1: none). */
  private period(p: number | undefined): number {
    if (p === undefined) return NONE;
    let c = this.periods.indexOf(p);
    if (c < 0 || !Object.is(this.periods[c], p)) c = this.periods.push(p) - 1;
    return c;
  }

  private pushEffect(fx: Effect, node: string, own: number): void {
    const j = this.fn++;
    if ((j & this.mask) === 0) this.messagesAtChunk[j >> this.bits] = this.messages.end;
    const t = this.tuple;
    let payload: unknown = undefined;
    let at = NONE;
    let id = ID_ABSENT;
    let time = NaN;
    t[X_A] = NONE;
    t[X_B] = NONE;
    t[X_C] = NONE;
    t[X_D] = NONE;
    t[X_PERIOD] = NONE;
    switch (fx.k) {
      case 'send': {
        const addr = this.code(fx.addr);
        const to = this.codeTo(fx.to, addr);
        t[X_KIND] = SEND;
        t[X_A] = to;
        t[X_B] = addr;
        t[X_C] = fx.mode === 'send' ? 0 : fx.mode === 'ask' ? 1 : 2;
        id = idCode(fx.id, this.effectIds, j);
        time = fx.at;
        const written = this.messages.write(fx.msg);
        if (written === -1) payload = fx.msg;
        else {
          t[X_D] = this.messages.lastShape;
          at = written;
        }
        if (fx.to !== null) {
          const type = typeof fx.msg.type === 'string' ? this.messages.lastTypeCode : NONE;
          this.noteSent(fx.id, to, own, type);
        }
        break;
      }
      case 'timer-set':
        t[X_KIND] = TIMER_SET;
        t[X_A] = this.codeNode(fx.node, node, own);
        t[X_B] = this.code(fx.key);
        t[X_C] = this.code(fx.name);
        t[X_PERIOD] = this.period(fx.period);
        time = fx.at;
        break;
      case 'timer-cancel':
        t[X_KIND] = TIMER_CANCEL;
        t[X_A] = this.codeNode(fx.node, node, own);
        t[X_B] = this.code(fx.key);
        t[X_C] = this.code(fx.name);
        break;
      case 'log':
        t[X_KIND] = LOG;
        t[X_A] = this.codeNode(fx.node, node, own);
        t[X_B] = this.code(fx.level);
        t[X_C] = this.code(fx.logger);
        payload = fx.text;
        break;
      case 'state':
        t[X_KIND] = STATE;
        t[X_A] = this.codeNode(fx.node, node, own);
        t[X_B] = this.code(fx.machine);
        t[X_C] = this.code(fx.from);
        t[X_D] = this.code(fx.to);
        break;
      case 'handler':
        t[X_KIND] = HANDLER;
        t[X_A] = this.codeNode(fx.node, node, own);
        t[X_B] = this.code(fx.ref.file);
        t[X_C] = this.code(fx.ref.method);
        t[X_D] = fx.ref.case === undefined ? NONE : this.code(fx.ref.case);
        break;
      default:
        t[X_KIND] = OTHER;
        payload = fx;
    }
    if (payload !== undefined) {
      at = this.payloads.length;
      this.payloads.push(payload);
    }
    const hint = t[X_KIND] === SEND && t[X_A] >= 0 ? 2 * t[X_A] + 1 : 2 * own;
    this.xShape.put(j, this.effectHints.code(hint, t));
    this.xAt.put(j, at);
    this.xId.put(j, id);
    this.xf.put(j, time);
  }

  private effect(j: number): Effect {
    const time = this.xf.get(j);
    const x = this.effectShapes;
    const sh = this.xShape.get(j);
    const a = x.get(sh, X_A);
    const b = x.get(sh, X_B);
    const c = x.get(sh, X_C);
    const d = x.get(sh, X_D);
    const at = this.xAt.get(j);
    switch (x.get(sh, X_KIND)) {
      case SEND: {
        const id = this.xId.get(j);
        return {
          k: 'send',
          id: id === ID_ASIDE ? (this.effectIds.get(j) as number) : id,
          to: a === NULL ? null : this.str(a),
          addr: this.str(b),
          msg: d === NONE ? (this.payloads[at] as Message) : (this.messages.read(d, at) as unknown as Message),
          mode: SEND_MODES[c],
          at: time,
        };
      }
      case TIMER_SET: {
        const fx: Effect = { k: 'timer-set', node: this.str(a), key: this.str(b), name: this.str(c), at: time };
        const period = x.get(sh, X_PERIOD);
        if (period !== NONE) fx.period = this.periods[period];
        return fx;
      }
      case TIMER_CANCEL:
        return { k: 'timer-cancel', node: this.str(a), key: this.str(b), name: this.str(c) };
      case LOG:
        return {
          k: 'log',
          node: this.str(a),
          level: this.str(b) as LogLevel,
          logger: this.str(c),
          text: this.payloads[at] as string,
        };
      case STATE:
        return { k: 'state', node: this.str(a), machine: this.str(b), from: this.str(c), to: this.str(d) };
      case HANDLER: {
        const ref: SourceRef = { file: this.str(b), method: this.str(c) };
        if (d !== NONE) ref.case = this.str(d);
        return { k: 'handler', node: this.str(a), ref };
      }
      default:
        // A copy: the stored effect must not change if a reader changes what it was given.
        return { ...(this.payloads[at] as Effect) };
    }
  }
}
