/**
 * The model's run of the scenario real logs imply: loaded, simulated in-process to its length, its
 * trace handed back for the comparison. Refused (null, with why) when the inferred cluster is too
 * big to simulate while the person waits.
 */
import { createInProcessSession } from '../runtime/inprocess';
import { MAX_DURATION_MS } from '../scenario/limits';
import { formatProblem, loadScenario, runLength } from '../scenario/load';
import type { TraceEvent } from '../sim/types';
import type { InferredScenario } from './scenario';

/** The most daemons the comparison simulates, and the most daemon-hours (a day of 300 workers is millions of heartbeats). */
export const MAX_COMPARED_NODES = 300;
export const MAX_COMPARED_NODE_HOURS = 2000;

/** Why the model was not run, for the page to say in its reader's language (`error` says it in English). */
export interface Refusal {
  readonly kind: 'daemons' | 'daemon-hours' | 'days';
  readonly count: number;
  readonly max: number;
}

export type ModelRun = { events: TraceEvent[] } | { error: string; refusal?: Refusal };

export function runInferred(inferred: InferredScenario): ModelRun {
  const doc = inferred.doc;
  const count = ['masters', 'workers', 'apps'].reduce(
    (n, k) => n + ((doc[k] as unknown[] | undefined)?.length ?? 0),
    0,
  );
  if (count > MAX_COMPARED_NODES)
    return {
      error: `the logs show ${count} daemons; the model is run for at most ${MAX_COMPARED_NODES}`,
      refusal: { kind: 'daemons', count, max: MAX_COMPARED_NODES },
    };
  // Logs days apart (two incidents, or a cluster's whole life) are more than a scenario can run.
  const untilMs = parseFloat(String(doc.until)) * 1000;
  if (untilMs > MAX_DURATION_MS) {
    const days = Math.round((untilMs / 86_400_000) * 10) / 10;
    const max = MAX_DURATION_MS / 86_400_000;
    return {
      error: `the logs span ${days} days; the model runs at most ${max}: compare the files of one incident`,
      refusal: { kind: 'days', count: days, max },
    };
  }
  const loaded = loadScenario(doc);
  if (!loaded.ok) return { error: loaded.problems.map(formatProblem).join('\n') };
  const hours = (count * runLength(loaded.scenario)) / 3_600_000;
  if (hours > MAX_COMPARED_NODE_HOURS)
    return {
      error: `the logs span ${Math.round(hours)} daemon-hours; the model is run for at most ${MAX_COMPARED_NODE_HOURS}`,
      refusal: { kind: 'daemon-hours', count: Math.round(hours), max: MAX_COMPARED_NODE_HOURS },
    };
  const session = createInProcessSession(loaded.scenario);
  session.sim.runUntil(runLength(loaded.scenario));
  return { events: session.sim.events.slice() };
}
