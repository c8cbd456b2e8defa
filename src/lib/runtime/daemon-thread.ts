/**
 * What runs inside one daemon thread: a few daemons of the Spark model, each an actor from the
 * registry, handling the inputs the kernel sends and answering with their effects.
 *
 * Pure (no DOM, no Worker API): `daemon.worker.ts` wires it to `self`, and tests drive it directly.
 */
import { ActorIO, type Actor, type ActorRegistry } from '../sim/actor';
import { kindOf } from '../sim/host';
import { Rng } from '../sim/rng';
import { Kernel } from '../sim/kernel';
import type { NodeId, Op } from '../sim/types';
import type { FromThread, ToThread, WorkResult } from './protocol';

interface Daemon {
  kind: string;
  actor: Actor;
  rng: Rng;
  address: string;
}

export class DaemonThread {
  private daemons = new Map<NodeId, Daemon>();

  constructor(private readonly registry: ActorRegistry) {}

  /** Handles one message; returns the answer to post back, if any. */
  receive(m: ToThread): FromThread | undefined {
    switch (m.t) {
      case 'spawn': {
        const kind = kindOf(this.registry, m.kind);
        this.daemons.set(m.id, {
          kind: m.kind,
          actor: kind.create(m.init),
          rng: Rng.seeded(m.init.seed),
          address: m.init.address,
        });
        return undefined;
      }
      case 'restore': {
        const kind = kindOf(this.registry, m.kind);
        this.daemons.set(m.id, {
          kind: m.kind,
          actor: kind.restore(m.init, m.snap.actor),
          rng: Rng.fromState(m.snap.rng),
          address: m.init.address,
        });
        return undefined;
      }
      case 'drop':
        this.daemons.delete(m.id);
        return undefined;
      case 'stop': {
        const d = this.daemons.get(m.id);
        this.daemons.delete(m.id);
        return { rid: m.rid, t: 'stopped', snap: d ? d.actor.snapshot() : null };
      }
      case 'handle': {
        // Items of one node come in the kernel's order; each after the first was predicted, and is
        // handled only while what the node did before still lets it hold (`Kernel.stillValid`).
        const done = new Map<NodeId, { t: number; ops: Op[] }[]>();
        const stopped = new Set<NodeId>();
        const results: WorkResult[] = m.items.map((item) => {
          let earlier = done.get(item.id);
          if (!earlier) done.set(item.id, (earlier = []));
          if (stopped.has(item.id) || !Kernel.stillValid(earlier, item.input, item.now)) {
            stopped.add(item.id);
            return { skipped: true };
          }
          const r = this.handle(item.id, item.input, item.now);
          if ('error' in r) stopped.add(item.id);
          else earlier.push({ t: item.now, ops: r.ops });
          return r;
        });
        return { rid: m.rid, t: 'handled', results };
      }
      case 'batch':
        for (const each of m.messages) this.receive(each);
        return undefined;
      case 'replay':
        for (const item of m.items) this.handle(item.id, item.input, item.now, false);
        return undefined;
      case 'snapshots': {
        const snaps: Record<NodeId, { actor: unknown; rng: number[] }> = {};
        for (const id of m.ids) {
          const d = this.daemons.get(id);
          if (d) snaps[id] = { actor: d.actor.snapshot(), rng: d.rng.state() };
        }
        return { rid: m.rid, t: 'snapshots', snaps };
      }
      case 'ping':
        return { rid: m.rid, t: 'pong' };
    }
  }

  private handle(
    id: NodeId,
    input: Parameters<Actor['handle']>[0],
    now: number,
    withProbe = true,
  ): Exclude<WorkResult, { skipped: true }> {
    const d = this.daemons.get(id);
    if (!d) return { error: `Node ${id} is not running in this thread` };
    const io = new ActorIO(now, d.address, d.rng);
    try {
      d.actor.handle(input, io);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
    const probe = withProbe ? kindOf(this.registry, d.kind).probe : undefined;
    return probe ? { ops: io.ops, probe: probe(d.actor.snapshot()) } : { ops: io.ops };
  }

  get size(): number {
    return this.daemons.size;
  }
}
