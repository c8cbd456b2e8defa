/**
 * Hosting: where actors live. The kernel only talks to a host, so the same actors can run
 * in-process (here) or in Web Workers (`src/lib/runtime`). A host builds actors by kind name from a
 * registry, hands them inputs and returns the effects they recorded.
 */
import { ActorIO, type Actor, type ActorInit, type ActorRegistry } from './actor';
import { Rng } from './rng';
import type { Input, NodeId, Op } from './types';

/** An actor's state plus its random stream: enough to rebuild it exactly. */
export interface HostedSnapshot {
  actor: unknown;
  rng: number[];
}

export interface SyncHost {
  spawn(kind: string, init: ActorInit): void;
  stop(id: NodeId): void;
  /** Handles one input. Throws when the actor throws: the kernel records that as a crash. */
  handle(id: NodeId, input: Input, now: number): Op[];
  has(id: NodeId): boolean;
  snapshot(id: NodeId): HostedSnapshot;
  restore(kind: string, init: ActorInit, snapshot: HostedSnapshot): void;
}

interface Hosted {
  actor: Actor;
  rng: Rng;
  address: string;
}

export class InProcessHost implements SyncHost {
  private actors = new Map<NodeId, Hosted>();
  /** The last state of every node that stopped, for post-mortem views. */
  readonly lastSnapshots = new Map<NodeId, unknown>();

  constructor(private readonly registry: ActorRegistry) {}

  private kind(name: string) {
    const kind = this.registry[name];
    if (!kind) throw new Error(`No actor kind "${name}" is registered`);
    return kind as unknown as { create(i: ActorInit): Actor; restore(i: ActorInit, s: unknown): Actor };
  }

  spawn(kind: string, init: ActorInit): void {
    this.actors.set(init.id, {
      actor: this.kind(kind).create(init),
      rng: Rng.seeded(init.seed),
      address: init.address,
    });
  }

  stop(id: NodeId): void {
    const h = this.actors.get(id);
    if (h) this.lastSnapshots.set(id, h.actor.snapshot());
    this.actors.delete(id);
  }

  has(id: NodeId): boolean {
    return this.actors.has(id);
  }

  handle(id: NodeId, input: Input, now: number): Op[] {
    const h = this.actors.get(id);
    if (!h) throw new Error(`Node ${id} is not running`);
    const io = new ActorIO(now, h.address, h.rng);
    h.actor.handle(input, io);
    return io.ops;
  }

  snapshot(id: NodeId): HostedSnapshot {
    const h = this.actors.get(id);
    if (!h) throw new Error(`Node ${id} is not running`);
    return { actor: h.actor.snapshot(), rng: h.rng.state() };
  }

  restore(kind: string, init: ActorInit, snapshot: HostedSnapshot): void {
    this.actors.set(init.id, {
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
