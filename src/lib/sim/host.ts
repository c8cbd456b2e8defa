/**
 * Hosting: where actors live. The simulation only talks to a host, so the same actors can run
 * in-process (here) or in Web Workers (`src/lib/runtime`). A host builds actors by kind name from a
 * registry, hands them inputs and returns the effects they recorded: at once (in-process), or when
 * the thread answers (Web Workers). `Simulation` drives both with one step loop.
 */
import { ActorIO, type Actor, type ActorInit, type ActorKind, type ActorRegistry } from './actor';
import { Rng } from './rng';
import type { Input, NodeId, Op } from './types';

/** An actor's state plus its random stream: enough to rebuild it exactly. */
export interface HostedSnapshot {
  actor: unknown;
  rng: number[];
}

/**
 * A `HostedSnapshot` as JSON text: how checkpoints keep each actor (apart from the kernel's own
 * part, so restoring a checkpoint parses no actor), and how a restore travels to a daemon thread.
 * Text copies between threads far faster than an object graph, and a host parses the actors it
 * actually rebuilds, when it rebuilds them.
 */
export type PackedSnapshot = string;

/** Looks a kind up by name, with a clear error for an unknown one. */
export function kindOf(registry: ActorRegistry, name: string): ActorKind {
  const kind = registry[name];
  if (!kind) throw new Error(`No actor kind "${name}" is registered`);
  return kind as unknown as ActorKind;
}

/**
 * `s` as one flat string. `JSON.stringify` builds its text as a rope of pieces, and a session keeps
 * a snapshot text of every actor per checkpoint: flattened, each is one object for the collector
 * instead of four or five (V8 flattens a string it converts to a number, and its collector then
 * drops the rope).
 */
function flat(s: string): string {
  void Number(s);
  return s;
}

/** One input for one daemon at virtual time `now`. */
export interface WorkItem {
  id: NodeId;
  input: Input;
  now: number;
}

/** What a daemon did with one input. */
export type Answer =
  | { ops: Op[]; probe?: unknown }
  /** The handler threw: the kernel records the daemon as crashed with this message. */
  | { error: string }
  /** Not handled: an earlier input of the same request made the daemon exit or throw. */
  | { skipped: true };

/** The answers to one `request`, in the items' order: each now, or when its thread answers. */
export interface Answers {
  result(i: number): Answer | Promise<Answer>;
}

export interface Host {
  spawn(kind: string, init: ActorInit): void;
  /** Ends a node. `reload`: a checkpoint is about to replace it (no post-mortem record). */
  stop(id: NodeId, reload?: boolean): void;
  /** Hands inputs to their daemons; several of one daemon are handled in order. */
  request(items: WorkItem[]): Answers;
  /** Hands one input to its daemon (`request` of one item, without the lists). */
  ask(id: NodeId, input: Input, now: number): Answer | Promise<Answer>;
  has(id: NodeId): boolean;
  snapshot(id: NodeId): HostedSnapshot;
  /** The node's snapshot as JSON text (what a checkpoint keeps). */
  pack(id: NodeId): PackedSnapshot;
  restore(kind: string, init: ActorInit, snapshot: PackedSnapshot): void;
  /** The kind's `probe` of the node's current state (undefined when the kind has none). */
  probe(id: NodeId): unknown;
  /** The last state of every node that stopped, for post-mortem views. */
  readonly lastSnapshots: Map<NodeId, unknown>;
  /** Hosts whose daemons work in parallel elsewhere (threads): inputs the kernel can predict are worth handing out ahead. */
  readonly parallel?: boolean;
  /** The simulation committed a daemon's answer (a host that mirrors snapshots marks it stale). */
  committed?(id: NodeId, answer: Answer): void;
  /** Sends whatever is queued for the daemons. */
  flush?(): void;
  /** Brings every snapshot `pack` reads up to date (before a checkpoint), when that takes a round trip. */
  refresh?(ids?: NodeId[]): Promise<void>;
  /** Daemons whose thread died since the last call, with why. */
  takeLost?(): { id: NodeId; error: string }[];
}

interface Hosted {
  kind: string;
  actor: Actor;
  rng: Rng;
  address: string;
}

export class InProcessHost implements Host {
  private actors = new Map<NodeId, Hosted>();
  /** The last state of every node that stopped, for post-mortem views. */
  readonly lastSnapshots = new Map<NodeId, unknown>();

  constructor(private readonly registry: ActorRegistry) {}

  private kind(name: string): ActorKind {
    return kindOf(this.registry, name);
  }

  probe(id: NodeId): unknown {
    const h = this.actors.get(id);
    const kind = h && this.kind(h.kind);
    return h && kind?.probe ? kind.probe(h.actor.snapshot()) : undefined;
  }

  spawn(kind: string, init: ActorInit): void {
    this.actors.set(init.id, {
      kind,
      actor: this.kind(kind).create(init),
      rng: Rng.seeded(init.seed),
      address: init.address,
    });
  }

  stop(id: NodeId, reload = false): void {
    const h = this.actors.get(id);
    if (h && !reload) this.lastSnapshots.set(id, h.actor.snapshot());
    this.actors.delete(id);
  }

  has(id: NodeId): boolean {
    return this.actors.has(id);
  }

  /**
   * Handles each input at once; an actor that throws is answered with its error. The answers are
   * read at once, so one object carries them from call to call (a request per event otherwise
   * costs two allocations on the simulation's hottest path).
   */
  request(items: WorkItem[]): Answers {
    const answers = this.answers;
    answers.list.length = 0;
    for (const item of items) answers.list.push(this.ask(item.id, item.input, item.now));
    return answers;
  }

  private readonly answers = {
    list: [] as Answer[],
    result(i: number): Answer {
      return this.list[i];
    },
  };

  /** The handle's record is the answer: it carries the effects as `ops`. */
  ask(id: NodeId, input: Input, now: number): Answer {
    const h = this.actors.get(id);
    if (!h) return { error: `Node ${id} is not running` };
    const io = new ActorIO(now, h.address, h.rng);
    try {
      h.actor.handle(input, io);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
    return io;
  }

  snapshot(id: NodeId): HostedSnapshot {
    const h = this.actors.get(id);
    if (!h) throw new Error(`Node ${id} is not running`);
    return { actor: h.actor.snapshot(), rng: h.rng.state() };
  }

  pack(id: NodeId): PackedSnapshot {
    return flat(JSON.stringify(this.snapshot(id)));
  }

  restore(kind: string, init: ActorInit, packed: PackedSnapshot): void {
    const snapshot = JSON.parse(packed) as HostedSnapshot;
    this.actors.set(init.id, {
      kind,
      actor: this.kind(kind).restore(init, snapshot.actor),
      rng: Rng.fromState(snapshot.rng),
      address: init.address,
    });
  }

  /** The live actor object, for in-process inspection and tests. */
  actor(id: NodeId): Actor | undefined {
    return this.actors.get(id)?.actor;
  }
}
