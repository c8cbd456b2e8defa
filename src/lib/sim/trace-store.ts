/**
 * The recorded trace, stored by columns. A session keeps every event it ever made, so the store is
 * built for memory and for the garbage collector: each event's fields and its common effects
 * (sends, timers, logs, state changes, handlers) go into typed arrays, with every name (node ids,
 * message types, timer keys, Spark's files and methods) interned once. What stays an object is the
 * payload a daemon sent (messages, log texts) and the rare effects (drops, stores, crashes,
 * violations). In the kernel benchmark an event takes about 45 bytes, payload included, instead of
 * about 290 as objects, and the young-generation collector no longer copies four objects per event
 * into the old generation.
 *
 * `at(i)` rebuilds an event exactly as the kernel made it: the same fields, so the same canonical
 * JSON and the same hash. The store reads like a read-only array (`length`, `at`, iteration,
 * `slice`), and `time(i)` and `kindOf(i)` answer the questions asked of every event without
 * building it.
 */
import { EVENT_KINDS } from './types';
import type { EventKind, EventList, Effect, Fault, LogLevel, Message, SendMode, SourceRef, TraceEvent } from './types';

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

/** Column value for an absent string; `NULL` for a field that is present and null. */
const NONE = -1;
const NULL = -2;

/** The last string coded in one column, and its code. */
interface Memo {
  s: string;
  code: number;
}

function grown<A extends Float64Array | Int32Array | Uint8Array>(a: A, size: number): A {
  const b = new (a.constructor as new (n: number) => A)(size);
  b.set(a);
  return b;
}

export class TraceStore implements EventList {
  private n = 0;
  private cap = 0;
  private t = new Float64Array(0);
  private kind = new Uint8Array(0);
  private node = new Int32Array(0);
  private from = new Int32Array(0);
  private msg = new Int32Array(0);
  private key = new Int32Array(0);
  private name = new Int32Array(0);
  private reason = new Int32Array(0);
  /** Message id, NaN when absent. */
  private id = new Float64Array(0);
  /** Index of the event's first effect; its effects end where the next event's begin. */
  private fxStart = new Int32Array(0);
  /** Fault events are rare: their faults are kept by event index. */
  private faults = new Map<number, Fault>();

  private fn = 0;
  private fcap = 0;
  private fk = new Uint8Array(0);
  /** Up to four interned strings per effect. */
  private fs = new Int32Array(0);
  /** Up to two numbers per effect (NaN when absent). */
  private fnum = new Float64Array(0);
  /** The effect's payload object (a message, a log text, a whole rare effect), or undefined. */
  private fobj: unknown[] = [];

  private strings: string[] = [];
  private codes = new Map<string, number>();

  get length(): number {
    return this.n;
  }

  /** Virtual time of event `i`. */
  time(i: number): number {
    return this.t[i];
  }

  /** Virtual time of the last of the first `n` events (0 when there are none). */
  timeBefore(n: number): number {
    return n > 0 ? this.t[Math.min(n, this.n) - 1] : 0;
  }

  kindOf(i: number): EventKind {
    return EVENT_KINDS[this.kind[i]];
  }

  /** The node event `i` happens at. */
  nodeOf(i: number): string {
    return this.strings[this.node[i]];
  }

  /** The message type of event `i` (deliveries, drops, failed sends), without rebuilding it. */
  msgOf(i: number): string | undefined {
    const c = this.msg[i];
    return c === NONE ? undefined : this.strings[c];
  }

  /** Event `i` (negative counts from the end, as `Array.prototype.at`), rebuilt. */
  at(index: number): TraceEvent | undefined {
    const i = index < 0 ? this.n + index : index;
    if (i < 0 || i >= this.n || !Number.isInteger(i)) return undefined;
    const s = this.strings;
    const e: TraceEvent = { i, t: this.t[i], kind: EVENT_KINDS[this.kind[i]], node: s[this.node[i]], fx: [] };
    if (this.from[i] !== NONE) e.from = s[this.from[i]];
    if (!Number.isNaN(this.id[i])) e.id = this.id[i];
    if (this.msg[i] !== NONE) e.msg = s[this.msg[i]];
    if (this.key[i] !== NONE) e.key = s[this.key[i]];
    if (this.name[i] !== NONE) e.name = s[this.name[i]];
    if (this.reason[i] !== NONE) e.reason = s[this.reason[i]];
    const fault = this.faults.get(i);
    if (fault !== undefined) e.fault = fault;
    const end = i + 1 < this.n ? this.fxStart[i + 1] : this.fn;
    for (let j = this.fxStart[i]; j < end; j++) e.fx.push(this.effect(j));
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
    if (this.n === this.cap) this.growEvents();
    const i = this.n++;
    this.t[i] = e.t;
    this.kind[i] = eventCode(e.kind);
    // A message's arrival is recorded at its target and names its sender: both were coded when it
    // was sent, and its id finds them again.
    const sent = e.id === undefined ? -1 : e.id;
    const node = this.codeKnown(e.node, this.sentTo, sent);
    this.node[i] = node;
    this.from[i] = e.from === undefined ? NONE : this.codeKnown(e.from, this.sentFrom, sent);
    this.id[i] = e.id === undefined ? NaN : e.id;
    this.msg[i] = e.msg === undefined ? NONE : this.codeVia(this.msgMemo, e.msg);
    this.key[i] = e.key === undefined ? NONE : this.codeVia(this.keyMemo, e.key);
    this.name[i] = e.name === undefined ? NONE : this.codeVia(this.nameMemo, e.name);
    this.reason[i] = e.reason === undefined ? NONE : this.code(e.reason);
    if (e.fault !== undefined) this.faults.set(i, e.fault);
    this.fxStart[i] = this.fn;
    for (const fx of e.fx) this.pushEffect(fx, e.node, node);
  }

  /** Keeps the first `count` events and forgets the rest. */
  truncate(count: number): void {
    if (count >= this.n) return;
    this.n = Math.max(0, Math.floor(count));
    const fx = this.fxStart[this.n];
    this.fn = fx;
    this.fobj.length = fx;
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

  // One-entry memos for the columns whose value mostly repeats from one event to the next (a
  // message type, a timer's key and name), and the node an address belongs to: each saves a lookup.
  private msgMemo: Memo = { s: '', code: NONE };
  private keyMemo: Memo = { s: '', code: NONE };
  private nameMemo: Memo = { s: '', code: NONE };
  /** For each address's code, the code of the `to` last recorded with it. */
  private toOfAddr: number[] = [];
  /** By message id, 1 + the code of its target and of its sender (0: not seen). */
  private sentTo = new Int32Array(0);
  private sentFrom = new Int32Array(0);

  /** The code of `s`, found by message id in `table` when it was noted there. */
  private codeKnown(s: string, table: Int32Array, id: number): number {
    if (id >= 0 && id < table.length) {
      const c = table[id] - 1;
      if (c >= 0 && this.strings[c] === s) return c;
    }
    return this.code(s);
  }

  private noteSent(id: number, to: number, from: number): void {
    // Ids are dense (the kernel numbers messages in order): one far ahead is not noted, and is
    // simply coded by name when it arrives.
    if (!Number.isInteger(id) || id < 0 || id >= 2 * this.sentTo.length + 1024) return;
    if (id >= this.sentTo.length) {
      const size = Math.max(1024, this.sentTo.length * 4);
      this.sentTo = grown(this.sentTo, size);
      this.sentFrom = grown(this.sentFrom, size);
    }
    this.sentTo[id] = to + 1;
    this.sentFrom[id] = from + 1;
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
    if (this.fn === this.fcap) this.growEffects();
    const j = this.fn++;
    const s = 4 * j;
    const num = 2 * j;
    let obj: unknown = undefined;
    switch (fx.k) {
      case 'send':
        this.fk[j] = SEND;
        this.fs[s + 1] = this.code(fx.addr);
        this.fs[s] = this.codeTo(fx.to, this.fs[s + 1]);
        if (fx.to !== null) this.noteSent(fx.id, this.fs[s], own);
        this.fs[s + 2] = fx.mode === 'send' ? 0 : fx.mode === 'ask' ? 1 : 2;
        this.fnum[num] = fx.id;
        this.fnum[num + 1] = fx.at;
        obj = fx.msg;
        break;
      case 'timer-set':
        this.fk[j] = TIMER_SET;
        this.fs[s] = this.codeNode(fx.node, node, own);
        this.fs[s + 1] = this.code(fx.key);
        this.fs[s + 2] = this.code(fx.name);
        this.fnum[num] = fx.at;
        this.fnum[num + 1] = fx.period === undefined ? NaN : fx.period;
        break;
      case 'timer-cancel':
        this.fk[j] = TIMER_CANCEL;
        this.fs[s] = this.codeNode(fx.node, node, own);
        this.fs[s + 1] = this.code(fx.key);
        this.fs[s + 2] = this.code(fx.name);
        break;
      case 'log':
        this.fk[j] = LOG;
        this.fs[s] = this.codeNode(fx.node, node, own);
        this.fs[s + 1] = this.code(fx.level);
        this.fs[s + 2] = this.code(fx.logger);
        obj = fx.text;
        break;
      case 'state':
        this.fk[j] = STATE;
        this.fs[s] = this.codeNode(fx.node, node, own);
        this.fs[s + 1] = this.code(fx.machine);
        this.fs[s + 2] = this.code(fx.from);
        this.fs[s + 3] = this.code(fx.to);
        break;
      case 'handler':
        this.fk[j] = HANDLER;
        this.fs[s] = this.codeNode(fx.node, node, own);
        this.fs[s + 1] = this.code(fx.ref.file);
        this.fs[s + 2] = this.code(fx.ref.method);
        this.fs[s + 3] = fx.ref.case === undefined ? NONE : this.code(fx.ref.case);
        break;
      default:
        this.fk[j] = OTHER;
        obj = fx;
    }
    if (j === this.fobj.length) this.fobj.push(obj);
    else this.fobj[j] = obj;
  }

  private effect(j: number): Effect {
    const s = 4 * j;
    const num = 2 * j;
    const fs = this.fs;
    switch (this.fk[j]) {
      case SEND:
        return {
          k: 'send',
          id: this.fnum[num],
          to: fs[s] === NULL ? null : this.str(fs[s]),
          addr: this.str(fs[s + 1]),
          msg: this.fobj[j] as Message,
          mode: SEND_MODES[fs[s + 2]],
          at: this.fnum[num + 1],
        };
      case TIMER_SET: {
        const fx: Effect = {
          k: 'timer-set',
          node: this.str(fs[s]),
          key: this.str(fs[s + 1]),
          name: this.str(fs[s + 2]),
          at: this.fnum[num],
        };
        if (!Number.isNaN(this.fnum[num + 1])) fx.period = this.fnum[num + 1];
        return fx;
      }
      case TIMER_CANCEL:
        return { k: 'timer-cancel', node: this.str(fs[s]), key: this.str(fs[s + 1]), name: this.str(fs[s + 2]) };
      case LOG:
        return {
          k: 'log',
          node: this.str(fs[s]),
          level: this.str(fs[s + 1]) as LogLevel,
          logger: this.str(fs[s + 2]),
          text: this.fobj[j] as string,
        };
      case STATE:
        return {
          k: 'state',
          node: this.str(fs[s]),
          machine: this.str(fs[s + 1]),
          from: this.str(fs[s + 2]),
          to: this.str(fs[s + 3]),
        };
      case HANDLER: {
        const ref: SourceRef = { file: this.str(fs[s + 1]), method: this.str(fs[s + 2]) };
        if (fs[s + 3] !== NONE) ref.case = this.str(fs[s + 3]);
        return { k: 'handler', node: this.str(fs[s]), ref };
      }
      default:
        // A copy: the stored effect must not change if a reader changes what it was given.
        return { ...(this.fobj[j] as Effect) };
    }
  }

  private growEvents(): void {
    const c = Math.max(1024, this.cap * 4);
    this.t = grown(this.t, c);
    this.kind = grown(this.kind, c);
    this.node = grown(this.node, c);
    this.from = grown(this.from, c);
    this.msg = grown(this.msg, c);
    this.key = grown(this.key, c);
    this.name = grown(this.name, c);
    this.reason = grown(this.reason, c);
    this.id = grown(this.id, c);
    this.fxStart = grown(this.fxStart, c);
    this.cap = c;
  }

  private growEffects(): void {
    const c = Math.max(1024, this.fcap * 4);
    this.fk = grown(this.fk, c);
    this.fs = grown(this.fs, 4 * c);
    this.fnum = grown(this.fnum, 2 * c);
    this.fcap = c;
  }
}
