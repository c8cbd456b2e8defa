/**
 * The Web Worker runtime: daemons in threads, in lockstep with the kernel on the calling thread.
 * Threads come from a factory (real Web Workers in the page, fakes in tests).
 */
import type { Scenario } from '../scenario/load';
import { daemonOf } from '../spark/daemons';
import { Session, simulationOf, type RuntimeHost, type SessionOptions, type Transport } from './session';
import { ThreadedHost, type ThreadFactory } from './threaded-host';

export interface ThreadedOptions extends SessionOptions {
  /** Threads beyond which daemons share one. */
  threads: number;
  factory: ThreadFactory;
}

/** The threaded host, as a runtime. */
class WorkersHost extends ThreadedHost implements RuntimeHost {
  transport(): Transport {
    return this.sharesMemory() ? 'shared-memory' : 'postMessage';
  }
}

export function threadedSession(scenario: Scenario, opts: ThreadedOptions): Session {
  // A Master handles an input for each Worker's heartbeat: it weighs as much as all the Workers.
  const workers = Math.max(1, scenario.workers.length);
  const host = new WorkersHost(
    (kind) => daemonOf(kind)?.probe,
    opts.factory,
    opts.threads,
    (kind) => (kind === 'master' ? workers : 1),
  );
  // Checkpoints four times closer than in-process: here a checkpoint costs the main thread little
  // (daemons whose snapshot did not change send nothing), and each event a seek replays costs it
  // more (the answer is looked up, the input is posted to a thread that handles it again).
  const nodes = scenario.masters.length + scenario.workers.length + scenario.apps.length + 2;
  const sim = simulationOf(scenario, host, opts, { checkpointEvery: Math.max(1024, 4 * nodes) });
  return new Session('workers', scenario, sim, host);
}
