/**
 * "Save scenario": a run as a scenario file — the cluster, with the faults injected while watching
 * written among its faults, and its length as `until`. Faults sort after everything else due at
 * the same time, whether scheduled from the start or injected on the way (`Kernel.scheduleFault`),
 * so the scenario makes the same run (`npm run simulate` gives its hash), provided the run went
 * through all of its last millisecond.
 */
import type { RunDoc } from './run-doc';

export function scenarioOfRun(
  run: Pick<RunDoc, 'scenario' | 'seed' | 'injections' | 'until'>,
): Record<string, unknown> {
  const doc = run.scenario as Record<string, unknown>;
  const faults = Array.isArray(doc.faults) ? doc.faults : [];
  return {
    ...doc,
    seed: run.seed,
    until: `${Math.ceil(run.until)}ms`,
    faults: [...faults, ...run.injections.map((inj) => ({ at: `${inj.at}ms`, ...inj.fault }))],
  };
}
