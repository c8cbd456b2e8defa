/**
 * The deterministic simulation kernel: one virtual clock, one scheduler, one network.
 *
 * Every step pops the next scheduled entry (ordered by time, then insertion order), decides its
 * fate (deliver, drop, fire, fault) and, when a daemon has to handle something, hands it one input
 * through the host. The effects the daemon returns are committed in the order it recorded them, and
 * the whole step becomes one `TraceEvent`.
 *
 * A step is split in two — `begin()` decides and `commit()` applies — so that a host which answers
 * asynchronously (a Web Worker) can drive the same kernel. `step()` is the synchronous composition.
 */
import type { ActorInit } from './actor';
import type { Host, PackedSnapshot } from './host';
import { Network, type NetworkConfig, type NetworkState } from './network';
import { EventQueue, type Scheduled } from './queue';
import { streamSeed } from './rng';
import type { Address, DropReason, Effect, Fault, Input, Message, NodeId, Op, SendMode, TraceEvent } from './types';

export interface NodeSpec<P = unknown> {
  id: NodeId;
  address: Address;
  /** Name of the actor kind in the registry. */
  kind: string;
  params: P;
  /** Virtual time of the first start; omitted: the node starts only when a fault starts it. */
  startAt?: number;
  /** Durable storage this node sees; it survives the node's restarts. */
  mounts?: string[];
  /** Other addresses that reach this node (a DNS alias, a load balancer in front of it). */
  aliases?: Address[];
}

export interface KernelSpec {
  seed: number;
  network: NetworkConfig;
  nodes: NodeSpec[];
  faults: { at: number; fault: Fault }[];
}

type Entry = Scheduled &
  (
    | { type: 'start'; node: NodeId }
    | {
        type: 'deliver';
        id: number;
        from: NodeId;
        fromAddr: Address;
        to: NodeId | null;
        toAddr: Address;
        msg: Message;
        mode: SendMode;
        /** The network link it travels over (`Network.lastLink`). */
        link: number;
        askId?: number;
        lost?: DropReason;
      }
    | {
        type: 'timer';
        node: NodeId;
        key: string;
        name: string;
        period?: number;
        inc: number;
        /** When it was (re-)armed or last fired: the start of its current wait. */
        since?: number;
        /** A tick that came due during a pause and is handled late; the timer table moved on. */
        late?: boolean;
      }
    | { type: 'ask-timeout'; node: NodeId; askId: number }
    | { type: 'disconnect'; node: NodeId; peer: NodeId; inc: number; addr?: Address }
    | { type: 'send-failed'; node: NodeId; to: Address; msg: Message; askId?: number; inc: number }
    | { type: 'fault'; fault: Fault }
    | { type: 'resume'; node: NodeId; inc: number }
  );

interface NodeRuntime {
  spec: NodeSpec;
  up: boolean;
  paused: boolean;
  /** Starts so far; the current incarnation is `starts - 1`. */
  starts: number;
  /** Entries that arrived while paused, in arrival order. */
  backlog: Entry[];
}

interface PendingAsk {
  node: NodeId;
  inc: number;
  tag: string;
  target: NodeId | null;
  timeout: Entry;
}

/** A step whose daemon input still has to be handled by the host. */
export interface PendingStep {
  event: TraceEvent;
  node: NodeId;
  input: Input;
  /** Insertion number of the queue entry that made this step (matches `Prediction.seq`). */
  seq: number;
}

/**
 * An input the kernel will certainly hand to a node, in this order, whatever the steps before it
 * do: a host may have it handled ahead of time (in parallel with other nodes' predictions).
 */
export interface Prediction {
  node: NodeId;
  input: Input;
  seq: number;
  /** Virtual time the input will be handled at. */
  t: number;
  /**
   * Live entries ahead of it in the queue: each event takes at least one entry, so it is handled
   * before the run has made `pos + 1` more events.
   */
  pos: number;
}

/**
 * What an entry taken off the queue means now, decided from the kernel's state alone (nothing
 * changes while deciding). Both `begin()` (which then acts on it) and `preview()` (which predicts
 * from it) read entries through this one rule.
 */
type Fate =
  /** Nothing happens: a timer of an earlier incarnation, a notice for a node that is down. */
  | { f: 'skip' }
  /** The node is paused: the entry waits in its backlog. */
  | { f: 'hold'; node: NodeId }
  /** A message dies on the way (a drop event). */
  | { f: 'drop'; reason: DropReason }
  /**
   * The node handles this input. `notice`: a notice about an ask or a connection, which other
   * nodes' steps may still overtake (a reply cancels an ask's timeout), so it is not predicted.
   * `reply`: an ask's answer, predicted only as the node's first input of a lookahead.
   */
  | { f: 'input'; node: NodeId; input: Input; notice?: true; reply?: true }
  /** A start, a fault or a resume: it changes the world, so no lookahead passes it. */
  | { f: 'world' };

export interface KernelState {
  now: number;
  taken: number;
  seq: number;
  events: number;
  nextMsgId: number;
  nextAskId: number;
  queue: Entry[];
  /** Per node, in the spec's order, three numbers: up (0/1), paused (0/1), starts. */
  nodeFlags: number[];
  /** The backlogs that hold something, by node. */
  backlogs: Record<NodeId, Entry[]>;
  network: NetworkState;
  asks: { id: number; node: NodeId; inc: number; tag: string; target: NodeId | null }[];
  disks: Record<string, Record<string, unknown>>;
  /** Each running actor's snapshot as JSON text, in the spec's order (null for a node that is down). */
  actors: (PackedSnapshot | null)[];
}

/** A step for `node` to handle; `seq` is the queue entry's insertion number. */
function pendingStep(event: TraceEvent, node: NodeId, input: Input, seq: number): PendingStep {
  return { event, node, input, seq };
}

/** Added to a fault's insertion number: it sorts after every other entry due at the same time. */
const FAULT_SEQ = 2 ** 50;

const SKIP: Fate = { f: 'skip' };
const WORLD: Fate = { f: 'world' };

/** Far future, JSON-safe (unlike Infinity). */
const NEVER = Number.MAX_SAFE_INTEGER;

export class Kernel {
  private queue = new EventQueue<Entry>();
  private nodes = new Map<NodeId, NodeRuntime>();
  private byAddress = new Map<Address, NodeId>();
  private timers = new Map<string, Entry>();
  private asks = new Map<number, PendingAsk>();
  private disks: Record<string, Record<string, unknown>> = {};
  private network: Network;
  private seq = 0;
  private events = 0;
  private nextMsgId = 0;
  private nextAskId = 0;
  /** Virtual time of the last step (or of the last `advanceTo`). */
  now = 0;
  /** Virtual time of the last entry taken off the queue: nothing can be scheduled before it. */
  private taken = 0;

  constructor(
    readonly spec: KernelSpec,
    readonly host: Host,
  ) {
    this.network = new Network(spec.network, spec.seed);
    for (const n of spec.nodes) {
      if (this.nodes.has(n.id)) throw new Error(`Duplicate node id ${n.id}`);
      this.nodes.set(n.id, { spec: n, up: false, paused: false, starts: 0, backlog: [] });
      for (const address of [n.address, ...(n.aliases ?? [])]) {
        if (this.byAddress.has(address)) throw new Error(`Duplicate address ${address}`);
        this.byAddress.set(address, n.id);
      }
      for (const m of n.mounts ?? []) this.disks[m] ??= {};
    }
    for (const n of spec.nodes) {
      if (n.startAt !== undefined) this.schedule({ t: n.startAt, type: 'start', node: n.id });
    }
    for (const f of spec.faults) this.scheduleFault(f.at, f.fault);
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** Time of the next scheduled entry, if any. */
  nextTime(): number | undefined {
    return this.queue.peek()?.t;
  }

  /** Number of steps taken so far (= index of the next trace event). */
  get eventCount(): number {
    return this.events;
  }

  nodeIds(): NodeId[] {
    return [...this.nodes.keys()];
  }

  nodeSpec(id: NodeId): NodeSpec | undefined {
    return this.nodes.get(id)?.spec;
  }

  isUp(id: NodeId): boolean {
    return this.nodes.get(id)?.up ?? false;
  }

  isPaused(id: NodeId): boolean {
    return this.nodes.get(id)?.paused ?? false;
  }

  nodeAt(address: Address): NodeId | undefined {
    return this.byAddress.get(address);
  }

  partitions() {
    return this.network.activePartitions();
  }

  /** True when the node has a pending timer with this key. */
  hasTimer(node: NodeId, key: string): boolean {
    return this.timers.has(`${node}\u0000${key}`);
  }

  /** Every pending timer, by node, soonest first: what the view draws as rings. */
  pendingTimers(): Map<NodeId, { key: string; name: string; at: number; since: number; period?: number }[]> {
    const out = new Map<NodeId, { key: string; name: string; at: number; since: number; period?: number }[]>();
    for (const e of this.timers.values()) {
      if (e.type !== 'timer' || e.cancelled) continue;
      let list = out.get(e.node);
      if (!list) out.set(e.node, (list = []));
      list.push({ key: e.key, name: e.name, at: e.t, since: e.since ?? e.t, period: e.period });
    }
    for (const list of out.values()) list.sort((a, b) => a.at - b.at);
    return out;
  }

  /** Contents of a durable mount (read-only view). */
  disk(mount: string): Readonly<Record<string, unknown>> {
    return this.disks[mount] ?? {};
  }

  // ---------------------------------------------------------------------------------------------
  // Driving

  /**
   * Schedules a fault (or scenario action) at virtual time `at`: not before the last entry taken
   * off the queue, but possibly inside idle time that `advanceTo` passed (nothing happened there).
   */
  inject(fault: Fault, at: number = this.now): void {
    this.scheduleFault(this.earliest(at), fault);
  }

  /** The earliest time something can be scheduled for, asked for `at`. */
  earliest(at: number): number {
    return Math.max(at, this.taken);
  }

  /** Moves the clock forward to `t` without handling anything (idle time passing). */
  advanceTo(t: number): void {
    const next = this.nextTime();
    if (next !== undefined && next < t) throw new Error(`Cannot skip the event due at ${next}`);
    if (t > this.now) this.now = t;
  }

  /**
   * Pops entries until one makes a step. Returns a finished event, a step waiting for a daemon's
   * effects, or null when nothing is due at or before `limit`. Entries that no longer matter (a timer of a node
   * that restarted, a notice for a node that is down) are consumed without making a step.
   */
  begin(limit = Number.MAX_SAFE_INTEGER): TraceEvent | PendingStep | null {
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined || next.t > limit) return null;
      const e = this.queue.pop() as Entry;
      this.now = e.t;
      this.taken = e.t;
      const r = this.decide(e);
      if (r !== null) return r;
    }
  }

  /**
   * The inputs that the next steps up to `limit` will hand to nodes, as far as they can be known
   * now without handling anything (conservative lookahead, as in parallel discrete-event simulation).
   *
   * Why a prediction holds: handling an input at time t can reach another node no earlier than
   * t + `minDelay` (messages and connection notices), and anything it schedules at exactly the same
   * time as an existing entry comes after it (higher seq). So the entries due by head + minDelay are
   * fixed, except for what a node does to its own future: it may exit, arm a timer (or an ask
   * timeout) that fires before its next predicted input, re-arm or cancel a predicted timer, or
   * send itself a message (local, due at once).
   * Those are known only once it has handled the earlier input, so a host that handles predictions
   * ahead checks them with `stillValid` and stops predicting for that node at the first failure.
   * Faults, starts and resumes change the world, so the lookahead stops at them.
   */
  preview(limit = Number.MAX_SAFE_INTEGER, max = 256): Prediction[] {
    const head = this.queue.peek();
    if (head === undefined || head.t > limit) return [];
    const horizon = Math.min(limit, head.t + this.network.minDelay());
    const out: Prediction[] = [];
    const seen = new Set<NodeId>();
    const closed = new Set<NodeId>();
    let pos = -1;
    this.queue.walk((e) => {
      if (e.t > horizon) return false;
      pos++;
      const fate = this.classify(e);
      switch (fate.f) {
        case 'skip':
        case 'drop':
          return true;
        case 'world':
          return false;
        case 'hold':
          closed.add(fate.node);
          return true;
        case 'input': {
          const node = fate.node;
          if (closed.has(node)) return true;
          if (fate.notice || (fate.reply && seen.has(node))) {
            closed.add(node);
            return true;
          }
          seen.add(node);
          out.push({ node, input: fate.input, seq: e.seq, t: e.t, pos });
          return out.length < max;
        }
      }
    });
    return out;
  }

  /** What `e` means now (see `Fate`); it changes nothing. */
  private classify(e: Entry): Fate {
    switch (e.type) {
      case 'timer': {
        const rt = this.nodes.get(e.node);
        if (!rt || !rt.up || rt.starts - 1 !== e.inc) return SKIP;
        if (rt.paused) return { f: 'hold', node: e.node };
        return { f: 'input', node: e.node, input: { kind: 'timer', key: e.key, name: e.name } };
      }
      case 'deliver': {
        if (e.lost) return { f: 'drop', reason: e.lost };
        const target = e.to === null ? undefined : this.nodes.get(e.to);
        if (target === undefined) return { f: 'drop', reason: 'no such address' };
        if (!target.up) return { f: 'drop', reason: 'target down' };
        const to = e.to as NodeId;
        if (this.network.blocked(e.from, to)) return { f: 'drop', reason: 'partitioned' };
        if (target.paused) return { f: 'hold', node: to };
        if (e.mode === 'reply') {
          const ask = this.asks.get(e.askId as number);
          if (!ask || ask.node !== to || ask.inc !== target.starts - 1) return { f: 'drop', reason: 'late reply' };
          // A failure sent back (Spark's RpcFailure, when the handler threw) fails the ask.
          if (e.msg.type === 'RpcFailure') {
            const error = String((e.msg as { error?: unknown }).error ?? 'failed');
            return { f: 'input', node: to, input: { kind: 'ask-failed', tag: ask.tag, reason: error }, reply: true };
          }
          return { f: 'input', node: to, input: { kind: 'reply', tag: ask.tag, msg: e.msg }, reply: true };
        }
        const input: Input =
          e.mode === 'ask'
            ? { kind: 'message', from: e.fromAddr, msg: e.msg, ask: e.askId }
            : { kind: 'message', from: e.fromAddr, msg: e.msg };
        return { f: 'input', node: to, input };
      }
      case 'ask-timeout': {
        const ask = this.asks.get(e.askId);
        if (!ask) return SKIP;
        const rt = this.nodes.get(ask.node);
        if (rt?.paused) return { f: 'hold', node: ask.node };
        if (!rt || !rt.up || rt.starts - 1 !== ask.inc) return SKIP;
        return {
          f: 'input',
          node: ask.node,
          input: { kind: 'ask-failed', tag: ask.tag, reason: 'timeout' },
          notice: true,
        };
      }
      case 'disconnect': {
        const rt = this.nodes.get(e.node);
        if (!rt || !rt.up || rt.starts - 1 !== e.inc) return SKIP;
        if (rt.paused) return { f: 'hold', node: e.node };
        const peer = this.nodes.get(e.peer) as NodeRuntime;
        const address = e.addr ?? peer.spec.address;
        return { f: 'input', node: e.node, input: { kind: 'disconnected', peer: address }, notice: true };
      }
      case 'send-failed': {
        const rt = this.nodes.get(e.node);
        if (!rt || !rt.up || rt.starts - 1 !== e.inc) return SKIP;
        if (rt.paused) return { f: 'hold', node: e.node };
        const reason = `Failed to connect to ${e.to}`;
        if (e.askId !== undefined) {
          const ask = this.asks.get(e.askId);
          if (!ask) return SKIP;
          return { f: 'input', node: e.node, input: { kind: 'ask-failed', tag: ask.tag, reason }, notice: true };
        }
        return { f: 'input', node: e.node, input: { kind: 'send-failed', to: e.to, msg: e.msg }, notice: true };
      }
      case 'start':
      case 'fault':
      case 'resume':
        return WORLD;
    }
  }

  /**
   * Whether a node's next predicted input (`next`, at time `t`) still holds after it handled the
   * earlier ones of the same lookahead, which returned `earlier` (each with its time).
   */
  static stillValid(earlier: { t: number; ops: Op[] }[], next: Input, t: number, self?: Address): boolean {
    for (const { t: at, ops } of earlier) {
      for (const op of ops) {
        if (op.op === 'exit') return false;
        // A message to itself is due at once: it comes before a later predicted input.
        if ((op.op === 'send' || op.op === 'ask') && op.to === self && at < t) return false;
        if (op.op === 'timer' && (at + op.delay < t || (next.kind === 'timer' && next.key === op.key))) return false;
        if (op.op === 'cancel' && next.kind === 'timer' && next.key === op.key) return false;
        if (op.op === 'ask' && at + op.timeout < t) return false;
      }
    }
    return true;
  }

  /** Applies the effects a daemon returned for a pending step and finishes its event. */
  commit(p: PendingStep, ops: Op[]): TraceEvent {
    const { event, node, input } = p;
    const rt = this.nodes.get(node) as NodeRuntime;
    const addr = rt.spec.address;
    let exit: { code: number; reason: string } | null = null;
    for (const op of ops) {
      switch (op.op) {
        case 'send':
          this.send(event, node, addr, op.to, op.msg, 'send');
          break;
        case 'ask': {
          const askId = this.nextAskId++;
          const target = this.byAddress.get(op.to) ?? null;
          const timeout = this.schedule({ t: this.now + op.timeout, type: 'ask-timeout', node, askId });
          this.asks.set(askId, { node, inc: rt.starts - 1, tag: op.tag, target, timeout });
          this.send(event, node, addr, op.to, op.msg, 'ask', askId);
          break;
        }
        case 'reply': {
          if (input.kind !== 'message' || input.ask === undefined)
            throw new Error(`${node} replied to an input that was not an ask`);
          this.send(event, node, addr, input.from, op.msg, 'reply', input.ask);
          break;
        }
        case 'timer': {
          const k = `${node}\u0000${op.key}`;
          const old = this.timers.get(k);
          if (old) this.queue.cancel(old);
          this.dropLateTicks(rt, op.key);
          const entry: Entry = {
            seq: this.seq++,
            t: this.now + op.delay,
            type: 'timer',
            node,
            key: op.key,
            name: op.name,
            period: op.period,
            inc: rt.starts - 1,
            since: this.now,
          };
          this.queue.push(entry);
          this.timers.set(k, entry);
          const fx: Effect = { k: 'timer-set', node, key: op.key, name: op.name, at: entry.t };
          if (op.period !== undefined) fx.period = op.period;
          event.fx.push(fx);
          break;
        }
        case 'cancel': {
          const k = `${node}\u0000${op.key}`;
          this.dropLateTicks(rt, op.key);
          const old = this.timers.get(k);
          if (old && old.type === 'timer') {
            this.queue.cancel(old);
            this.timers.delete(k);
            event.fx.push({ k: 'timer-cancel', node, key: op.key, name: old.name });
          }
          break;
        }
        case 'log':
          event.fx.push({ k: 'log', node, level: op.level, logger: op.logger, text: op.text });
          break;
        case 'state':
          event.fx.push({ k: 'state', node, machine: op.machine, from: op.from, to: op.to });
          break;
        case 'handler':
          event.fx.push({ k: 'handler', node, ref: op.ref });
          break;
        case 'store': {
          const disk = (this.disks[op.mount] ??= {});
          if (op.value === null) delete disk[op.key];
          else disk[op.key] = op.value;
          event.fx.push({
            k: 'store',
            node,
            mount: op.mount,
            key: op.key,
            op: op.value === null ? 'delete' : 'put',
          });
          break;
        }
        case 'exit':
          exit = { code: op.code, reason: op.reason };
          break;
        case 'violation':
          event.fx.push({ k: 'violation', node, rule: op.rule, text: op.text });
          break;
        case 'ignored':
          event.reason = op.reason;
          break;
        case 'known':
          event.fx.push({ k: 'known', node, rule: op.rule, text: op.text });
          break;
        case 'status':
          event.fx.push({ k: 'status', node, status: op.status });
          break;
        case 'row':
          event.fx.push({ k: 'row', node, table: op.table, id: op.id, row: op.row });
          break;
      }
    }
    if (exit) this.crash(event, node, `exit(${exit.code}): ${exit.reason}`);
    return event;
  }

  /**
   * Cancelling (or re-arming) a timer also stops a tick of it that came due during a pause and is
   * still waiting in the backlog, as `ScheduledFuture.cancel` stops an overdue task.
   */
  private dropLateTicks(rt: NodeRuntime, key: string): void {
    if (rt.backlog.length === 0) return;
    rt.backlog = rt.backlog.filter((b) => !(b.type === 'timer' && b.key === key));
  }

  /** The daemon threw while handling a pending step: it is recorded as crashed, and we go on. */
  fail(p: PendingStep, err: unknown): TraceEvent {
    const text = err instanceof Error ? err.message : String(err);
    p.event.fx.push({ k: 'log', node: p.node, level: 'ERROR', logger: 'kernel', text: `Uncaught exception: ${text}` });
    this.crash(p.event, p.node, `crashed: ${text}`);
    return p.event;
  }

  // ---------------------------------------------------------------------------------------------
  // Deciding what an entry does

  private event(e: Entry, kind: TraceEvent['kind'], node: NodeId): TraceEvent {
    return { i: this.events++, t: e.t, kind, node, fx: [] };
  }

  private decide(e: Entry): TraceEvent | PendingStep | null {
    switch (e.type) {
      case 'start':
        return this.start(e);
      case 'fault':
        return this.fault(e);
      case 'resume':
        return this.resume(e);
      case 'deliver':
        return this.deliver(e, this.classify(e));
    }
    const fate = this.classify(e);
    switch (e.type) {
      case 'timer': {
        if (fate.f === 'skip') return null;
        // The timer table moves on whether the tick is handled now or late (after a pause).
        const due = e.t;
        const seq = e.seq;
        const fired = fate.f === 'hold' ? { ...e, period: undefined, late: true } : e;
        if (!e.late) {
          if (e.period !== undefined && e.period > 0) {
            // Fixed rate: the same entry goes back in, one period later (the timer table keeps it).
            e.since = e.t;
            e.t += e.period;
            this.schedule(e);
          } else {
            this.timers.delete(`${e.node}\u0000${e.key}`);
          }
        }
        if (fate.f !== 'input') {
          this.hold(fired);
          return null;
        }
        const ev: TraceEvent = {
          i: this.events++,
          t: due,
          kind: 'timer',
          node: e.node,
          fx: [],
          key: e.key,
          name: e.name,
        };
        return pendingStep(ev, e.node, fate.input, seq);
      }
      case 'ask-timeout': {
        if (fate.f === 'hold') return this.hold(e);
        this.asks.delete(e.askId);
        if (fate.f !== 'input') return null;
        const ev = this.event(e, 'ask-timeout', fate.node);
        ev.reason = 'timeout';
        return pendingStep(ev, fate.node, fate.input, e.seq);
      }
      case 'disconnect': {
        if (fate.f === 'hold') return this.hold(e);
        if (fate.f !== 'input') return null;
        const ev = this.event(e, 'disconnect', e.node);
        ev.from = e.peer;
        return pendingStep(ev, e.node, fate.input, e.seq);
      }
      case 'send-failed': {
        if (fate.f === 'hold') return this.hold(e);
        if (fate.f !== 'input') return null;
        if (e.askId !== undefined) {
          const ask = this.asks.get(e.askId) as PendingAsk;
          this.asks.delete(e.askId);
          this.queue.cancel(ask.timeout);
        }
        const ev = this.event(e, 'send-failed', e.node);
        ev.msg = e.msg.type;
        ev.reason = `Failed to connect to ${e.to}`;
        return pendingStep(ev, e.node, fate.input, e.seq);
      }
    }
  }

  /** A paused node's entry waits in its backlog until it resumes. */
  private hold(e: Entry): null {
    const node =
      e.type === 'deliver'
        ? (e.to as NodeId)
        : e.type === 'ask-timeout'
          ? (this.asks.get(e.askId) as PendingAsk).node
          : (e as { node: NodeId }).node;
    (this.nodes.get(node) as NodeRuntime).backlog.push(e);
    return null;
  }

  private resume(e: Entry & { type: 'resume' }): TraceEvent | null {
    const rt = this.nodes.get(e.node);
    if (!rt || !rt.up || !rt.paused || rt.starts - 1 !== e.inc) return null;
    rt.paused = false;
    const backlog = rt.backlog;
    rt.backlog = [];
    // The same entry objects go back in (a pending ask still points at its timeout entry).
    for (const b of backlog) {
      if (b.cancelled) continue;
      b.t = this.now;
      this.schedule(b);
    }
    const ev = this.event(e, 'resume', e.node);
    ev.reason = `resumed with ${backlog.length} pending`;
    return ev;
  }

  private start(e: Entry & { type: 'start' }): PendingStep | TraceEvent {
    const rt = this.nodes.get(e.node) as NodeRuntime;
    const ev = this.event(e, 'start', e.node);
    if (rt.up) {
      ev.reason = 'already running';
      return ev;
    }
    const incarnation = rt.starts++;
    rt.up = true;
    rt.paused = false;
    const init: ActorInit = {
      id: rt.spec.id,
      address: rt.spec.address,
      incarnation,
      seed: streamSeed(this.spec.seed, `actor:${rt.spec.id}:${incarnation}`),
      params: rt.spec.params,
    };
    try {
      this.host.spawn(rt.spec.kind, init);
    } catch (err) {
      rt.up = false;
      ev.reason = `failed to start: ${err instanceof Error ? err.message : String(err)}`;
      return ev;
    }
    const disk: Record<string, Record<string, unknown>> = {};
    for (const m of rt.spec.mounts ?? []) disk[m] = structuredClone(this.disks[m] ?? {});
    return pendingStep(ev, e.node, { kind: 'start', disk }, e.seq);
  }

  private drop(e: Entry & { type: 'deliver' }, reason: DropReason): TraceEvent {
    const msg = e.msg.type;
    const fx: Effect[] = [{ k: 'drop', id: e.id, from: e.from, to: e.to, msg, reason }];
    return { i: this.events++, t: e.t, kind: 'drop', node: e.to ?? e.toAddr, fx, from: e.from, id: e.id, msg, reason };
  }

  private deliver(e: Entry & { type: 'deliver' }, fate: Fate): PendingStep | TraceEvent | null {
    if (fate.f === 'hold') return this.hold(e);
    if (fate.f === 'drop') {
      const ev = this.drop(e, fate.reason);
      if (fate.reason === 'no such address' || fate.reason === 'target down') {
        // The sender's RPC layer finds out it could not connect (Spark logs it at the sender).
        const sender = this.nodes.get(e.from);
        if (sender?.up && e.mode !== 'reply' && !this.network.blocked(e.from, e.to ?? e.from)) {
          this.schedule({
            t: this.network.noticeDelay(e.to ?? `?${e.toAddr}`, e.from, this.now),
            type: 'send-failed',
            node: e.from,
            to: e.toAddr,
            msg: e.msg,
            askId: e.mode === 'ask' ? e.askId : undefined,
            inc: sender.starts - 1,
          });
        }
      }
      return ev;
    }
    if (fate.f !== 'input') throw new Error(`Internal error: a delivery cannot be "${fate.f}"`);
    const to = fate.node;
    if (e.mode === 'reply') {
      const ask = this.asks.get(e.askId as number) as PendingAsk;
      this.asks.delete(e.askId as number);
      this.queue.cancel(ask.timeout);
    }
    this.network.connectOver(e.link, e.from, to);
    return pendingStep(this.delivered(e, to), to, fate.input, e.seq);
  }

  /** A delivery's event, built whole (one object shape for every delivery). */
  private delivered(e: Entry & { type: 'deliver' }, to: NodeId): TraceEvent {
    return { i: this.events++, t: e.t, kind: 'deliver', node: to, fx: [], from: e.from, id: e.id, msg: e.msg.type };
  }

  private fault(e: Entry & { type: 'fault' }): TraceEvent | PendingStep {
    const f = e.fault;
    const target = 'target' in f ? f.target : undefined;
    const ev = this.event(e, 'fault', target ?? '*');
    ev.fault = f;
    const rt = target === undefined ? undefined : this.nodes.get(target);
    if (target !== undefined && rt === undefined) {
      ev.reason = `no such node: ${target}`;
      return ev;
    }
    switch (f.action) {
      case 'kill':
        if (rt?.up) this.crash(ev, f.target, f.reason ?? 'killed');
        else ev.reason = 'not running';
        break;
      case 'restart':
        if (rt?.up) this.crash(ev, f.target, 'killed for restart');
        this.schedule({ t: this.now, type: 'start', node: f.target });
        break;
      case 'start':
        this.schedule({ t: this.now, type: 'start', node: f.target });
        break;
      case 'pause':
        if (rt?.up && !rt.paused) {
          rt.paused = true;
          this.schedule({ t: this.now + f.duration, type: 'resume', node: f.target, inc: rt.starts - 1 });
        } else ev.reason = rt?.up ? 'already paused' : 'not running';
        break;
      case 'partition':
        this.network.partition(f.name ?? `partition-${ev.i}`, f.groups);
        break;
      case 'heal':
        this.network.heal(f.name);
        break;
      case 'drop':
        this.network.dropNext(f.from, f.to, f.count ?? 1);
        break;
      case 'delay':
        this.network.delay(f.from, f.to, f.extra, f.duration === undefined ? NEVER : this.now + f.duration);
        break;
      case 'command':
        if (!rt?.up || rt.paused) {
          ev.reason = rt?.up ? 'paused' : 'not running';
          break;
        }
        return pendingStep(
          ev,
          f.target,
          f.args === undefined ? { kind: 'command', name: f.name } : { kind: 'command', name: f.name, args: f.args },
          e.seq,
        );
    }
    return ev;
  }

  // ---------------------------------------------------------------------------------------------
  // Effects

  /**
   * Queues a fault. Faults come after everything else due at the same time, whenever they were
   * scheduled: so a fault injected while running and the same fault written in the scenario (at
   * the same time) make the same run.
   */
  private scheduleFault(t: number, fault: Fault): void {
    const e = { t, type: 'fault', fault, seq: FAULT_SEQ + this.seq++ } as Entry;
    this.queue.push(e);
  }

  /**
   * Queues an entry under the next insertion number. The two entries made on every step (a message
   * in flight in `send`, a timer armed in `commit`) are built with `seq` in the literal and pushed
   * directly instead, so they never gain a property after construction.
   */
  private schedule<E extends Omit<Entry, 'seq'>>(entry: E): Entry {
    const e = entry as unknown as Entry;
    e.seq = this.seq++;
    this.queue.push(e);
    return e;
  }

  private send(
    event: TraceEvent,
    from: NodeId,
    fromAddr: Address,
    toAddr: Address,
    msg: Message,
    mode: SendMode,
    askId?: number,
  ): void {
    const id = this.nextMsgId++;
    const to = this.byAddress.get(toAddr) ?? null;
    // A message to oneself is local (Spark's self.send): due now, after what is already due now.
    const local = to === from;
    const at = local ? this.now : this.network.route(from, to ?? `?${toAddr}`, this.now);
    const lost = local ? null : this.network.lastLoss;
    const link = local ? this.network.local(from) : this.network.lastLink;
    const entry: Entry = { seq: this.seq++, t: at, type: 'deliver', id, from, fromAddr, to, toAddr, msg, mode, link };
    if (askId !== undefined) entry.askId = askId;
    if (lost) entry.lost = lost;
    // Spark's transport connects when it sends, not when the peer reads: from now on, if either
    // process dies, the other sees the connection close (issue 19, bug 2).
    const target = to === null ? undefined : this.nodes.get(to);
    if (!local && to !== null && target?.up && !this.network.blocked(from, to)) {
      this.network.connectOver(link, from, to);
      if (target.spec.address !== toAddr) this.network.dialledAs(from, to, toAddr);
    }
    this.queue.push(entry);
    event.fx.push({ k: 'send', id, to, addr: toAddr, msg, mode, at });
  }

  /** Stops a node: its timers, backlog and in-flight messages die; its peers get a reset. */
  private crash(event: TraceEvent, node: NodeId, reason: string): void {
    const rt = this.nodes.get(node) as NodeRuntime;
    if (!rt.up) return;
    this.host.stop(node);
    rt.up = false;
    rt.paused = false;
    event.fx.push({ k: 'down', node, reason });
    const prefix = `${node}\u0000`;
    for (const [k, t] of [...this.timers]) {
      if (!k.startsWith(prefix) || t.type !== 'timer') continue;
      this.queue.cancel(t);
      this.timers.delete(k);
      event.fx.push({ k: 'timer-cancel', node, key: t.key, name: t.name });
    }
    const dying = rt.backlog.filter((b) => b.type === 'deliver');
    rt.backlog = [];
    for (const q of this.queue.entries()) {
      if (q.type === 'deliver' && q.to === node && !q.lost) dying.push(q);
    }
    dying.sort((a, b) => a.t - b.t || a.seq - b.seq);
    for (const q of dying) {
      if (q.type !== 'deliver') continue;
      this.queue.cancel(q);
      event.fx.push({ k: 'drop', id: q.id, from: q.from, to: node, msg: q.msg.type, reason: 'target crashed' });
    }
    const inc = rt.starts - 1;
    for (const [id, ask] of [...this.asks]) {
      if (ask.node === node && ask.inc === inc) {
        this.queue.cancel(ask.timeout);
        this.asks.delete(id);
      }
    }
    // The OS closes the process's sockets: every peer with a connection sees it go.
    for (const { peer, aliases } of this.network.disconnectAll(node)) {
      const p = this.nodes.get(peer) as NodeRuntime;
      if (!p.up || this.network.blocked(node, peer)) continue;
      const at = this.network.noticeDelay(node, peer, this.now);
      for (const [askId, ask] of this.asks) {
        if (ask.node === peer && ask.target === node && ask.inc === p.starts - 1) {
          this.schedule({
            t: at,
            type: 'send-failed',
            node: peer,
            to: rt.spec.address,
            msg: { type: 'ConnectionClosed' },
            askId,
            inc: ask.inc,
          });
        }
      }
      this.schedule({ t: at, type: 'disconnect', node: peer, peer: node, inc: p.starts - 1 });
      // A connection it opened to another of the node's addresses closes too, under that address.
      for (const addr of aliases)
        this.schedule({ t: at, type: 'disconnect', node: peer, peer: node, inc: p.starts - 1, addr });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Checkpoints

  /**
   * The kernel and every hosted actor, as plain data: restoring it resumes exactly here. It shares
   * the live queue entries, backlogs and disks, so copy those before keeping it. Nodes are listed
   * in the spec's order (flat lists, not records keyed by a thousand node ids).
   */
  save(): KernelState {
    const nodeFlags: number[] = [];
    const backlogs: KernelState['backlogs'] = {};
    const actors: KernelState['actors'] = [];
    for (const [id, rt] of this.nodes) {
      nodeFlags.push(rt.up ? 1 : 0, rt.paused ? 1 : 0, rt.starts);
      if (rt.backlog.length > 0) backlogs[id] = rt.backlog;
      actors.push(rt.up ? this.host.pack(id) : null);
    }
    return {
      now: this.now,
      taken: this.taken,
      seq: this.seq,
      events: this.events,
      nextMsgId: this.nextMsgId,
      nextAskId: this.nextAskId,
      queue: this.queue.entries(),
      nodeFlags,
      backlogs,
      network: this.network.save(),
      asks: [...this.asks].map(([id, a]) => ({ id, node: a.node, inc: a.inc, tag: a.tag, target: a.target })),
      disks: this.disks,
      actors,
    };
  }

  /** Restores a saved state. `s` must be a private copy: the kernel takes its entries and disks over. */
  load(s: KernelState): void {
    this.now = s.now;
    this.taken = s.taken;
    this.seq = s.seq;
    this.events = s.events;
    this.nextMsgId = s.nextMsgId;
    this.nextAskId = s.nextAskId;
    this.queue.clear();
    this.timers.clear();
    const timeouts = new Map<number, Entry>();
    for (const e of s.queue) {
      this.queue.push(e);
      if (e.type === 'timer' && !e.late) this.timers.set(`${e.node}\u0000${e.key}`, e);
      if (e.type === 'ask-timeout') timeouts.set(e.askId, e);
    }
    for (const backlog of Object.values(s.backlogs)) {
      for (const e of backlog) if (e.type === 'ask-timeout') timeouts.set(e.askId, e);
    }
    this.asks.clear();
    for (const a of s.asks) {
      const timeout = timeouts.get(a.id);
      if (timeout) this.asks.set(a.id, { node: a.node, inc: a.inc, tag: a.tag, target: a.target, timeout });
    }
    this.network.load(s.network);
    this.disks = s.disks;
    let i = 0;
    for (const [id, rt] of this.nodes) {
      const f = 3 * i;
      if (rt.up) this.host.stop(id, true);
      rt.up = s.nodeFlags[f] === 1;
      rt.paused = s.nodeFlags[f + 1] === 1;
      rt.starts = s.nodeFlags[f + 2];
      rt.backlog = s.backlogs[id] ?? [];
      const packed = s.actors[i++];
      if (rt.up) {
        if (packed === null) throw new Error(`The saved state has no snapshot of ${id}, which is up`);
        const init: ActorInit = {
          id,
          address: rt.spec.address,
          incarnation: rt.starts - 1,
          seed: streamSeed(this.spec.seed, `actor:${id}:${rt.starts - 1}`),
          params: rt.spec.params,
        };
        this.host.restore(rt.spec.kind, init, packed);
      }
    }
  }
}
