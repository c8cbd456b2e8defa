/**
 * What the page, the console API and the tests drive: one run of one scenario, whichever runtime
 * hosts the daemons. It is a `Simulation` (the one step loop) over a host: in-process, or Web
 * Workers in lockstep. Every call that may reach a daemon thread is asynchronous.
 */
import { kernelSpec } from '../scenario/build';
import type { Scenario } from '../scenario/load';
import type { Host } from '../sim/host';
import { Simulation, type SimulationOptions } from '../sim/simulation';
import type { Fault, NodeId, TraceEvent } from '../sim/types';
import { checkCluster } from '../spark/cluster-invariants';
import { finalState, type FinalState } from '../spark/final';

export type RuntimeName = 'inprocess' | 'workers';
export type Transport = 'shared-memory' | 'postMessage';

export interface SessionOptions extends SimulationOptions {
  seed?: number;
  /** Check every invariant, per daemon and cluster-wide, after every event (default true). */
  invariants?: boolean;
  /** Run action-only transitions from the machine definitions directly (default true; see `spark/transition-cache.ts`). */
  fastPath?: boolean;
}

/** What only a runtime knows about its host: threads and how they are reached. */
export interface RuntimeHost extends Host {
  /** Live daemon threads (0 in-process). */
  threads(): number;
  /** How requests reach the daemon threads (null in-process; see `shared-channel.ts`). */
  transport(): Transport | null;
  /** The thread a node runs on (undefined in-process). */
  threadOf(id: NodeId): number | undefined;
  /** Kills the thread a node runs on, as if the browser had (false in-process). */
  killThread(id: NodeId, why?: string): boolean;
  /** The bare round trip to a thread (in-process: nothing to wait for). */
  ping(): Promise<void>;
  /** Ends the threads of a big idle cluster, its daemons kept as snapshots until needed (see `ThreadedHost`). */
  sleep?(): Promise<boolean>;
  close(): void;
}

/** The simulation a scenario makes, over `host`. */
export function simulationOf(
  scenario: Scenario,
  host: Host,
  opts: SessionOptions = {},
  defaults: SimulationOptions = {},
): Simulation {
  const spec = kernelSpec(scenario, opts.seed ?? scenario.seed, {
    invariants: opts.invariants,
    fastPath: opts.fastPath,
  });
  return new Simulation(spec, host, {
    ...defaults,
    ...opts,
    ...(opts.invariants === false ? {} : { observe: checkCluster }),
  });
}

export class Session {
  constructor(
    readonly runtime: RuntimeName,
    readonly scenario: Scenario,
    readonly sim: Simulation,
    readonly host: RuntimeHost,
  ) {}

  /** Handles the next event and returns it (null when nothing is left). */
  step(): Promise<TraceEvent | null> {
    return this.sim.stepAsync();
  }

  back(): Promise<void> {
    return this.sim.backAsync();
  }

  seek(index: number): Promise<void> {
    return this.sim.seekAsync(index);
  }

  /** Runs every event due at or before virtual time `until`, as fast as possible. */
  runUntil(until: number): Promise<void> {
    return this.sim.runUntilAsync(until);
  }

  /**
   * At most `count` events due by `until`: a slice of a long run, ended early once `enough()` says
   * so (the page's time budget). Returns how many ran.
   */
  slice(until: number, count: number, enough?: () => boolean): Promise<number> {
    return this.sim.sliceAsync(until, count, enough);
  }

  stepMany(count: number): Promise<number> {
    return this.sim.stepManyAsync(count);
  }

  /** A fault at the cursor, at virtual time `at` (default: the kernel's time); the recorded future is cut. */
  inject(fault: Fault, at?: number): void {
    this.sim.inject(fault, at);
  }

  hash(): string {
    return this.sim.hash();
  }

  /** A daemon's whole state (its snapshot) at the kernel's cursor, or its last one when it is down. */
  async state(id: NodeId): Promise<unknown> {
    if (!this.host.has(id)) return this.host.lastSnapshots.get(id) ?? null;
    await this.host.refresh?.([id]);
    return this.host.snapshot(id).actor;
  }

  /** Every node's last state, as `npm run simulate` prints it. */
  async final(): Promise<FinalState> {
    await this.host.refresh?.();
    return finalState(this.sim.kernel, this.host.lastSnapshots);
  }

  /**
   * Between runs: gives the memory of idle daemon threads back (a big cluster's only); the next
   * step wakes them, with the same results. Whether they slept.
   */
  sleep(): Promise<boolean> {
    return this.host.sleep?.() ?? Promise.resolve(false);
  }

  threads(): number {
    return this.host.threads();
  }

  transport(): Transport | null {
    return this.host.transport();
  }

  close(): void {
    this.host.close();
  }
}
