/**
 * What the page, the console API and the tests drive: one run of one scenario, whichever runtime
 * hosts the daemons. Every call that may reach a daemon thread is asynchronous; the recorded trace
 * (`sim.events`) and the kernel's state at the cursor (`sim.kernel`) are read directly.
 */
import type { Scenario } from '../scenario/load';
import type { SimulationOptions, Simulation } from '../sim/simulation';
import type { Fault, NodeId, TraceEvent } from '../sim/types';
import type { FinalState } from '../spark/final';

export type RuntimeName = 'inprocess' | 'workers';
export type Transport = 'shared-memory' | 'postMessage';

export interface SessionOptions extends SimulationOptions {
  seed?: number;
  /** Check every invariant, per daemon and cluster-wide, after every event (default true). */
  invariants?: boolean;
  /** Run action-only transitions from the machine definitions directly (default true; see `spark/transition-cache.ts`). */
  fastPath?: boolean;
}

export interface Session {
  readonly runtime: RuntimeName;
  readonly scenario: Scenario;
  readonly sim: Simulation;
  /** Handles the next event and returns it (null when nothing is left). */
  step(): Promise<TraceEvent | null>;
  back(): Promise<void>;
  seek(index: number): Promise<void>;
  /** Runs every event due at or before virtual time `until`, as fast as possible. */
  runUntil(until: number): Promise<void>;
  stepMany(count: number): Promise<number>;
  /** A fault at the cursor, at virtual time `at` (default: the kernel's time); the recorded future is cut. */
  inject(fault: Fault, at?: number): void;
  hash(): string;
  /** A daemon's whole state (its snapshot), or its last one when it is down. */
  state(id: NodeId): Promise<unknown>;
  final(): Promise<FinalState>;
  /** Live daemon threads (0 in-process). */
  threads(): number;
  /** How requests reach the daemon threads (null in-process; see `shared-channel.ts`). */
  transport(): Transport | null;
  close(): void;
}
