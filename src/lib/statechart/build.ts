/**
 * Every daemon kind's statechart, laid out, with the handlers its events ran in the given traces:
 * what `charts.json` holds. Each kind's machine comes from its descriptor (`spark/daemons.ts`).
 */
import { DAEMONS } from '../spark/daemons';
import type { TraceEvent } from '../sim/types';
import { chartOf } from './graph';
import { gatherHandlerRefs, sortedRefs, type RefsByKind } from './handler-refs';
import { layoutChart } from './layout';
import type { ChartLayout } from './types';

export interface RecordedRun {
  nodes: readonly { id: string; kind: string }[];
  events: Iterable<TraceEvent>;
}

export async function buildCharts(runs: readonly RecordedRun[]): Promise<Record<string, ChartLayout>> {
  const refs: RefsByKind = {};
  for (const r of runs) gatherHandlerRefs(r.nodes, r.events, refs);
  const out: Record<string, ChartLayout> = {};
  for (const d of DAEMONS) {
    if (!d.statechart) continue;
    const machine = await d.statechart();
    out[d.kind] = await layoutChart(chartOf(machine), sortedRefs(refs[d.kind] ?? {}));
  }
  return out;
}
