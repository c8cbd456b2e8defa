/**
 * The contract between the kernel and a hosted daemon.
 *
 * An actor is a single-threaded message loop, like Spark's `ThreadSafeRpcEndpoint`: it handles one
 * input completely before the next, and everything it does is an effect returned to the kernel.
 * It never reads a clock or a global random source: `io.now` and `io.random()` are all it gets.
 * That is what lets the same actor run in-process or inside a Web Worker with the same trace.
 */
import { Rng } from './rng';
import type { Address, Input, LogLevel, Message, NodeId, Op, Row, SourceRef } from './types';

/** Everything an actor needs to know about itself when it is created. */
export interface ActorInit<P = unknown> {
  id: NodeId;
  address: Address;
  /** How many times this node has been started before (0 on the first start). */
  incarnation: number;
  /** Seed of this incarnation's own random stream. */
  seed: number;
  params: P;
}

export interface Actor {
  /** Handles one input; effects go through `io`. */
  handle(input: Input, io: ActorIO): void;
  /** A JSON-safe picture of the actor's whole state, for checkpoints and the inspector. */
  snapshot(): unknown;
}

/** A kind of actor, registered by name so any host (in-process or a Web Worker) can build it. */
export interface ActorKind<P = unknown> {
  create(init: ActorInit<P>): Actor;
  /** Rebuilds an actor from `snapshot()` output; the result must not share mutable state with it. */
  restore(init: ActorInit<P>, snapshot: unknown): Actor;
  /**
   * A small summary of a snapshot that cluster-wide checks read after every event (ZooKeeper's
   * latch holder, an app's registration). A host keeps it current even when the actor lives in
   * another thread, so it must be a pure function of the snapshot.
   */
  probe?(snapshot: unknown): unknown;
}

export type ActorRegistry = Record<string, ActorKind<never>>;

/**
 * The handle an actor uses while handling one input. It only records effects; the kernel carries
 * them out after the handler returns, in the order they were recorded.
 */
export class ActorIO<M extends Message = Message> {
  readonly ops: Op[] = [];

  constructor(
    /** Virtual time of the input being handled. */
    readonly now: number,
    readonly self: Address,
    private readonly rng: Rng,
  ) {}

  send(to: Address, msg: M): void {
    this.ops.push({ op: 'send', to, msg });
  }

  /** Request/reply. The answer comes back as a `reply` input with this `tag`, or `ask-failed`. */
  ask(to: Address, msg: M, tag: string, timeout: number): void {
    this.ops.push({ op: 'ask', to, msg, tag, timeout });
  }

  /** Answers the ask being handled. */
  reply(msg: M): void {
    this.ops.push({ op: 'reply', msg });
  }

  /** A one-shot (no `period`) or fixed-rate timer. The key is the actor's own and must be unique. */
  setTimer(key: string, name: string, delay: number, period?: number): void {
    this.ops.push(period === undefined ? { op: 'timer', key, name, delay } : { op: 'timer', key, name, delay, period });
  }

  cancelTimer(key: string): void {
    this.ops.push({ op: 'cancel', key });
  }

  log(level: LogLevel, logger: string, text: string): void {
    this.ops.push({ op: 'log', level, logger, text });
  }

  /** Says the input being handled does nothing, and why (shown as the event's reason). */
  ignored(reason: string): void {
    this.ops.push({ op: 'ignored', reason });
  }

  /** Marks Spark's own behaviour where an invariant would otherwise be reported broken. */
  known(rule: string, text: string): void {
    this.ops.push({ op: 'known', rule, text });
  }

  /** Records a state change of one of the actor's machines. */
  state(machine: string, from: string, to: string): void {
    this.ops.push({ op: 'state', machine, from, to });
  }

  /** Records which Spark handler is running. */
  handler(ref: SourceRef): void {
    this.ops.push({ op: 'handler', ref });
  }

  /** Writes (or, with `undefined`, deletes) a record on a durable mount that survives restarts. */
  store(mount: string, key: string, value: unknown): void {
    this.ops.push({ op: 'store', mount, key, value: value === undefined ? null : value });
  }

  /** Reports a broken invariant (the checker's finding, not the actor's choice). */
  violation(rule: string, text: string): void {
    this.ops.push({ op: 'violation', rule, text });
  }

  /** Reports the actor's status as it now is (for views of the trace). */
  status(status: Row): void {
    this.ops.push({ op: 'status', status });
  }

  /** Reports a row of one of the actor's tables as it now is, or its removal (`null`). */
  row(table: string, id: string, row: Row | null): void {
    this.ops.push({ op: 'row', table, id, row });
  }

  /** Ends the process, like `System.exit(code)`. */
  exit(code: number, reason: string): void {
    this.ops.push({ op: 'exit', code, reason });
  }

  /** A float in [0, 1) from this actor's own seeded stream. */
  random(): number {
    return this.rng.next();
  }
}
