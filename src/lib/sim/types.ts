/**
 * The kernel's vocabulary: nodes, messages, the inputs a hosted actor receives, the effects it
 * returns, and the events the trace records. Everything here is plain data (structured-clone and
 * JSON safe) so that actors can run in-process or in a Web Worker with the same results.
 */

/** A daemon's identity in the simulation, e.g. `master-1`, `worker-3`, `zk`. */
export type NodeId = string;

/** An RPC address `host:port`, as Spark's `RpcAddress` prints it. */
export type Address = string;

/** Any message on the wire: a discriminated union member with a Spark-style `type` name. */
export interface Message {
  readonly type: string;
}

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/** Which part of Spark a handler models, so the UI can link to the source. */
export interface SourceRef {
  /**
   * Path under `core/src/main/scala/org/apache/spark/`, e.g. `deploy/master/Master.scala` (from the
   * repository root when it starts with `/`).
   */
  file: string;
  /** Method or function name, e.g. `receive`, `completeRecovery`. */
  method: string;
  /** The message case handled, where there is one, e.g. `RegisterWorker`. */
  case?: string;
}

/** A value in a daemon's status or in a row of one of its tables. */
export type Scalar = string | number | boolean | null;

/**
 * A record of a daemon's view of itself, as the inspector shows it: its status, or one row of
 * one of its tables (the Master's workers, apps, drivers, executors…), in Spark's vocabulary.
 */
export type Row = Readonly<Record<string, Scalar>>;

/** What the kernel delivers to a hosted actor. */
export type Input =
  | { kind: 'start'; disk: Record<string, Record<string, unknown>> }
  | { kind: 'message'; from: Address; msg: Message; ask?: number }
  | { kind: 'reply'; tag: string; msg: Message }
  | { kind: 'ask-failed'; tag: string; reason: string }
  | { kind: 'timer'; key: string; name: string }
  | { kind: 'disconnected'; peer: Address }
  | { kind: 'send-failed'; to: Address; msg: Message }
  | { kind: 'command'; name: string; args?: Record<string, unknown> };

/** What an actor asks the kernel to do while handling one input, in order. */
export type Op =
  | { op: 'send'; to: Address; msg: Message }
  | { op: 'ask'; to: Address; msg: Message; tag: string; timeout: number }
  | { op: 'reply'; msg: Message }
  | { op: 'timer'; key: string; name: string; delay: number; period?: number }
  | { op: 'cancel'; key: string }
  | { op: 'log'; level: LogLevel; logger: string; text: string }
  | { op: 'state'; machine: string; from: string; to: string }
  | { op: 'handler'; ref: SourceRef }
  | { op: 'store'; mount: string; key: string; value: unknown }
  | { op: 'exit'; code: number; reason: string }
  | { op: 'violation'; rule: string; text: string }
  /** The input did nothing, and why (a fault's event says so: a signal with no handler). */
  | { op: 'ignored'; reason: string }
  /** What would break an invariant is Spark's own behaviour: shown as such, with its reference. */
  | { op: 'known'; rule: string; text: string }
  | { op: 'status'; status: Row }
  | { op: 'row'; table: string; id: string; row: Row | null };

/** Why a message never arrived. */
export type DropReason =
  'target down' | 'target crashed' | 'partitioned' | 'lost' | 'dropped by fault' | 'no such address' | 'late reply';

export type SendMode = 'send' | 'ask' | 'reply';

/** An effect as the trace records it, inside the event that caused it. */
export type Effect =
  | {
      k: 'send';
      id: number;
      to: NodeId | null;
      addr: Address;
      msg: Message;
      mode: SendMode;
      /** Virtual time of delivery (or of the drop). */
      at: number;
    }
  | { k: 'drop'; id: number; from: NodeId; to: NodeId | null; msg: string; reason: DropReason }
  | { k: 'timer-set'; node: NodeId; key: string; name: string; at: number; period?: number }
  | { k: 'timer-cancel'; node: NodeId; key: string; name: string }
  | { k: 'log'; node: NodeId; level: LogLevel; logger: string; text: string }
  | { k: 'state'; node: NodeId; machine: string; from: string; to: string }
  | { k: 'handler'; node: NodeId; ref: SourceRef }
  | { k: 'store'; node: NodeId; mount: string; key: string; op: 'put' | 'delete' }
  | { k: 'down'; node: NodeId; reason: string }
  /** The node is known to run from here on (a real log's line says so; a simulation says it with `start`). */
  | { k: 'up'; node: NodeId; reason: string }
  | { k: 'violation'; node: NodeId; rule: string; text: string }
  /** Spark itself does what would otherwise break invariant `rule` (a known race; spec §h). */
  | { k: 'known'; node: NodeId; rule: string; text: string }
  /** The daemon's status changed (all of it, as it is now). */
  | { k: 'status'; node: NodeId; status: Row }
  /** A row of one of the daemon's tables was added or changed (`row`), or removed (`null`). */
  | { k: 'row'; node: NodeId; table: string; id: string; row: Row | null };

/** The kinds of event the scheduler handles; one handled event is one step of the simulation. */
export const EVENT_KINDS = [
  'start',
  'deliver',
  'drop',
  'timer',
  'ask-timeout',
  'disconnect',
  'send-failed',
  'fault',
  'resume',
  /** A line of a real Spark log that no message explains (a replayed log; never in a simulation). */
  'line',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export interface TraceEvent {
  /** Index in the trace (0-based, dense). */
  i: number;
  /** Virtual time in milliseconds. */
  t: number;
  kind: EventKind;
  /** The node the event happens at (the receiver of a message, the owner of a timer). */
  node: NodeId;
  /** For messages: the sending node. */
  from?: NodeId;
  /** For messages: the message id (matches a `send` effect) and its type. */
  id?: number;
  msg?: string;
  /** For timers: the actor-local key and the timer's name. */
  key?: string;
  name?: string;
  /** For drops, faults, failures. */
  reason?: string;
  /** For fault events: the fault as the scenario or the user wrote it. */
  fault?: Fault;
  /** Everything the event caused, in order. */
  fx: Effect[];
  /** For a replayed log: the file and the 1-based line its text is at. */
  source?: { file: string; line: number };
}

/**
 * A read-only run of events, indexed from 0: an array, or the session's columnar `TraceStore`
 * (which rebuilds each event it is asked for).
 */
export interface EventList extends Iterable<TraceEvent> {
  readonly length: number;
  /** Event `i`; a negative index counts from the end. */
  at(i: number): TraceEvent | undefined;
  slice(start?: number, end?: number): TraceEvent[];
}

/** A fault or scenario action that the kernel carries out at a virtual time. */
export type Fault =
  /** `reason` says why, when something other than the user killed it (a dead Web Worker). */
  | { action: 'kill'; target: NodeId; reason?: string }
  | { action: 'restart'; target: NodeId }
  | { action: 'start'; target: NodeId }
  | { action: 'pause'; target: NodeId; duration: number }
  | { action: 'partition'; groups: NodeId[][]; name?: string }
  | { action: 'heal'; name?: string }
  | { action: 'drop'; from: NodeId; to: NodeId; count?: number }
  | { action: 'delay'; from: NodeId; to: NodeId; extra: number; duration?: number }
  | { action: 'command'; target: NodeId; name: string; args?: Record<string, unknown> };
