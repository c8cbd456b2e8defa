/**
 * What runs inside one daemon thread: a few daemons of the Spark model, each an actor from the
 * registry, handling the inputs the kernel sends and answering with their effects.
 *
 * Pure (no DOM, no Worker API): `daemon.worker.ts` wires it to `self`, and tests drive it directly.
 */
import { ActorIO, type Actor, type ActorInit, type ActorRegistry } from '../sim/actor';
import { kindOf, type HostedSnapshot, type PackedSnapshot } from '../sim/host';
import { Rng } from '../sim/rng';
import { Kernel } from '../sim/kernel';
import type { NodeId, Op } from '../sim/types';
import type { Answer, FromThread, ToThread } from './protocol';

interface Daemon {
  kind: string;
  actor: Actor;
  rng: Rng;
  address: string;
}

/**
 * A restore a seek asked of a daemon and the thread has not done yet. It is done when something
 * needs the daemon (an input, its snapshot, its stop), so a daemon that the next seek restores
 * again, or that nothing asks about, costs nothing.
 */
interface Deferred {
  kind: string;
  init: ActorInit;
  snap: PackedSnapshot;
}

export class DaemonThread {
  private daemons = new Map<NodeId, Daemon>();
  private deferred = new Map<NodeId, Deferred>();
  /** The snapshot text the host last had of each daemon (sent to it, or restored from it). */
  private hostHas = new Map<NodeId, PackedSnapshot>();

  constructor(private readonly registry: ActorRegistry) {}

  /** Handles one message; returns the answer to post back, if any. */
  receive(m: ToThread): FromThread | undefined {
    switch (m.t) {
      case 'spawn': {
        const kind = kindOf(this.registry, m.kind);
        this.deferred.delete(m.id);
        this.hostHas.delete(m.id);
        this.daemons.set(m.id, {
          kind: m.kind,
          actor: kind.create(m.init),
          rng: Rng.seeded(m.init.seed),
          address: m.init.address,
        });
        return undefined;
      }
      case 'restore':
        kindOf(this.registry, m.kind); // an unknown kind fails now, not when the daemon is first needed
        this.daemons.delete(m.id);
        this.deferred.set(m.id, { kind: m.kind, init: m.init, snap: m.snap });
        this.hostHas.set(m.id, m.snap);
        return undefined;
      case 'drop':
        this.daemons.delete(m.id);
        this.deferred.delete(m.id);
        this.hostHas.delete(m.id);
        return undefined;
      case 'stop': {
        const d = this.ready(m.id);
        this.daemons.delete(m.id);
        this.hostHas.delete(m.id);
        return { rid: m.rid, t: 'stopped', snap: d ? d.actor.snapshot() : null };
      }
      case 'handle': {
        // Items of one node come in the kernel's order; each after the first was predicted, and is
        // handled only while what the node did before still lets it hold (`Kernel.stillValid`).
        const done = new Map<NodeId, { t: number; ops: Op[] }[]>();
        const stopped = new Set<NodeId>();
        const results: Answer[] = m.items.map((item) => {
          let earlier = done.get(item.id);
          if (!earlier) {
            done.set(item.id, (earlier = []));
            this.ready(item.id);
          }
          const self = this.daemons.get(item.id)?.address;
          if (stopped.has(item.id) || !Kernel.stillValid(earlier, item.input, item.now, self)) {
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
      case 'snapshots': {
        // A daemon that handled inputs without changing (a worker sending heartbeats) is answered
        // with null: nothing crosses, and the host's checkpoints share the one text.
        const snaps: Record<NodeId, PackedSnapshot | null> = {};
        for (const id of m.ids) {
          const d = this.ready(id);
          if (!d) continue;
          const text = JSON.stringify({ actor: d.actor.snapshot(), rng: d.rng.state() });
          snaps[id] = text === this.hostHas.get(id) ? null : text;
          this.hostHas.set(id, text);
        }
        return { rid: m.rid, t: 'snapshots', snaps };
      }
      case 'ping':
        return { rid: m.rid, t: 'pong' };
      case 'reset':
        this.daemons.clear();
        this.deferred.clear();
        this.hostHas.clear();
        return { rid: m.rid, t: 'reset' };
      case 'lane':
        throw new Error('The shared-memory lane is set up by the Web Worker entry, not by the thread');
    }
  }

  /** The daemon, after the restore deferred for it (undefined if it is not here). */
  private ready(id: NodeId): Daemon | undefined {
    const work = this.deferred.get(id);
    if (work) {
      this.deferred.delete(id);
      const snap = JSON.parse(work.snap) as HostedSnapshot;
      this.daemons.set(id, {
        kind: work.kind,
        actor: kindOf(this.registry, work.kind).restore(work.init, snap.actor),
        rng: Rng.fromState(snap.rng),
        address: work.init.address,
      });
    }
    return this.daemons.get(id);
  }

  private handle(id: NodeId, input: Parameters<Actor['handle']>[0], now: number): Exclude<Answer, { skipped: true }> {
    const d = this.daemons.get(id);
    if (!d) return { error: `Node ${id} is not running in this thread` };
    const io = new ActorIO(now, d.address, d.rng);
    try {
      d.actor.handle(input, io);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
    const probe = kindOf(this.registry, d.kind).probe;
    return probe ? { ops: io.ops, probe: probe(d.actor.snapshot()) } : { ops: io.ops };
  }

  /** Daemons in this thread (restored or not yet). */
  get size(): number {
    let n = this.daemons.size;
    for (const id of this.deferred.keys()) if (!this.daemons.has(id)) n++;
    return n;
  }
}
