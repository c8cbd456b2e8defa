/**
 * The in-process runtime: every daemon runs on the calling thread. Used by the CLI, the tests,
 * the benchmarks and (with `?runtime=inprocess`) the page.
 */
import { kernelSpec } from '../scenario/build';
import type { Scenario } from '../scenario/load';
import { InProcessHost } from '../sim/host';
import { Simulation, type SimulationOptions } from '../sim/simulation';
import { checkCluster } from '../spark/cluster-invariants';
import { finalState } from '../spark/final';
import { sparkRegistry } from '../spark/registry';

export interface SessionOptions extends SimulationOptions {
  seed?: number;
  /** Check every invariant, per daemon and cluster-wide, after every event (default true). */
  invariants?: boolean;
}

export interface InProcessSession {
  sim: Simulation;
  host: InProcessHost;
  scenario: Scenario;
  final(): ReturnType<typeof finalState>;
}

export function createInProcessSession(scenario: Scenario, opts: SessionOptions = {}): InProcessSession {
  const host = new InProcessHost(sparkRegistry);
  const spec = kernelSpec(scenario, opts.seed ?? scenario.seed, { invariants: opts.invariants });
  const sim = new Simulation(spec, host, {
    ...opts,
    ...(opts.invariants === false ? {} : { observe: checkCluster }),
  });
  return { sim, host, scenario, final: () => finalState(sim.kernel, host.lastSnapshots) };
}
