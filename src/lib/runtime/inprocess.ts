/**
 * The in-process runtime: every daemon runs on the calling thread. Used by the CLI, the tests,
 * the benchmarks and (with `?runtime=inprocess`) the page.
 */
import { kernelSpec } from '../scenario/build';
import type { Scenario } from '../scenario/load';
import { InProcessHost } from '../sim/host';
import { Simulation } from '../sim/simulation';
import type { Fault, NodeId } from '../sim/types';
import { checkCluster } from '../spark/cluster-invariants';
import { finalState } from '../spark/final';
import { sparkRegistry } from '../spark/registry';
import type { Session, SessionOptions } from './session';

export type { SessionOptions } from './session';

export interface InProcessSession {
  sim: Simulation;
  host: InProcessHost;
  scenario: Scenario;
  final(): ReturnType<typeof finalState>;
}

export function createInProcessSession(scenario: Scenario, opts: SessionOptions = {}): InProcessSession {
  const host = new InProcessHost(sparkRegistry);
  const spec = kernelSpec(scenario, opts.seed ?? scenario.seed, {
    invariants: opts.invariants,
    fastPath: opts.fastPath,
  });
  const sim = new Simulation(spec, host, {
    ...opts,
    ...(opts.invariants === false ? {} : { observe: checkCluster }),
  });
  return { sim, host, scenario, final: () => finalState(sim.kernel, host.lastSnapshots) };
}

/** The in-process runtime behind the asynchronous `Session` interface the page uses. */
export function inProcessSession(scenario: Scenario, opts: SessionOptions = {}): Session {
  const s = createInProcessSession(scenario, opts);
  const { sim, host } = s;
  return {
    runtime: 'inprocess',
    scenario,
    sim,
    step: async () => sim.step(),
    back: async () => sim.back(),
    seek: async (index: number) => sim.seek(index),
    runUntil: async (until: number) => sim.runUntil(until),
    stepMany: async (count: number) => sim.stepMany(count),
    inject: (fault: Fault, at?: number) => sim.inject(fault, at),
    hash: () => sim.hash(),
    state: async (id: NodeId) => (host.has(id) ? host.snapshot(id).actor : (host.lastSnapshots.get(id) ?? null)),
    final: async () => s.final(),
    threads: () => 0,
    transport: () => null,
    close: () => undefined,
  };
}
