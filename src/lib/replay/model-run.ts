/**
 * The model's run of the scenario real logs imply: loaded, simulated in-process to its length, its
 * trace handed back for the comparison. Refused (null, with why) when the inferred cluster is too
 * big to simulate while the person waits.
 */
import { createInProcessSession } from '../runtime/inprocess';
import { formatProblem, loadScenario, runLength } from '../scenario/load';
import type { TraceEvent } from '../sim/types';
import type { InferredScenario } from './scenario';

/** The most daemons the comparison simulates, and the most daemon-hours (a day of 300 workers is millions of heartbeats). */
export const MAX_COMPARED_NODES = 300;
export const MAX_COMPARED_NODE_HOURS = 2000;

export function runInferred(inferred: InferredScenario): { events: TraceEvent[] } | { error: string } {
  const doc = inferred.doc;
  const count = ['masters', 'workers', 'apps'].reduce(
    (n, k) => n + ((doc[k] as unknown[] | undefined)?.length ?? 0),
    0,
  );
  if (count > MAX_COMPARED_NODES)
    return { error: `the logs show ${count} daemons; the model is run for at most ${MAX_COMPARED_NODES}` };
  const loaded = loadScenario(doc);
  if (!loaded.ok) return { error: loaded.problems.map(formatProblem).join('\n') };
  const hours = (count * runLength(loaded.scenario)) / 3_600_000;
  if (hours > MAX_COMPARED_NODE_HOURS)
    return {
      error: `the logs span ${Math.round(hours)} daemon-hours; the model is run for at most ${MAX_COMPARED_NODE_HOURS}`,
    };
  const session = createInProcessSession(loaded.scenario);
  session.sim.runUntil(runLength(loaded.scenario));
  return { events: session.sim.events.slice() };
}
