/** The reference a threaded or in-page run is compared with: the in-process trace hash. */
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import { runLength, type Scenario } from '../../../src/lib/scenario/load';

export function inProcessHash(s: Scenario, until = runLength(s)): string {
  const run = createInProcessSession(s);
  run.sim.runUntil(until);
  return run.sim.hash();
}
