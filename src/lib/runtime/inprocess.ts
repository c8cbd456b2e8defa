/**
 * The in-process runtime: every daemon runs on the calling thread. Used by the CLI, the tests,
 * the benchmarks and (with `?runtime=inprocess`) the page.
 */
import type { Scenario } from '../scenario/load';
import type { ActorRegistry } from '../sim/actor';
import { InProcessHost } from '../sim/host';
import type { NodeId } from '../sim/types';
import { finalState } from '../spark/final';
import { sparkRegistry } from '../spark/registry';
import { Session, simulationOf, type RuntimeHost, type SessionOptions } from './session';

export type { SessionOptions } from './session';

/** The in-process host, with nothing to say about threads (Spark's daemons, unless a test swaps one). */
export class LocalHost extends InProcessHost implements RuntimeHost {
  constructor(registry: ActorRegistry = sparkRegistry) {
    super(registry);
  }
  threads = () => 0;
  threadOf = (_id: NodeId): number | undefined => undefined;
  transport = () => null;
  killThread = (_id: NodeId) => false;
  ping = async () => undefined;
  close = () => undefined;
}

/** A session whose daemons run here; its simulation can be driven synchronously (`session.sim.runUntil`). */
export function inProcessSession(scenario: Scenario, opts: SessionOptions = {}): Session {
  const host = new LocalHost();
  return new Session('inprocess', scenario, simulationOf(scenario, host, opts), host);
}

export interface InProcessSession {
  sim: Session['sim'];
  host: LocalHost;
  scenario: Scenario;
  final(): ReturnType<typeof finalState>;
}

/** The same, for callers that drive the simulation synchronously (the CLI, tests, benchmarks). */
export function createInProcessSession(scenario: Scenario, opts: SessionOptions = {}): InProcessSession {
  const s = inProcessSession(scenario, opts);
  const host = s.host as LocalHost;
  return { sim: s.sim, host, scenario, final: () => finalState(s.sim.kernel, host.lastSnapshots) };
}
