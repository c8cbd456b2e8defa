/** The statecharts file, made from the machines and the example scenarios (the script and its test). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatProblem, loadScenario } from '../src/lib/scenario/load';
import { createInProcessSession } from '../src/lib/runtime/inprocess';
import { buildCharts, type RecordedRun } from '../src/lib/statechart/build';

const ROOT = new URL('../', import.meta.url);
export const CHARTS_FILE = fileURLToPath(new URL('src/lib/statechart/charts.json', ROOT));

export async function chartsFromExamples(): Promise<string> {
  const dir = new URL('scenarios/', ROOT);
  const runs: RecordedRun[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const r = loadScenario(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
    if (!r.ok) throw new Error(`${file}: ${r.problems.map(formatProblem).join('; ')}`);
    const session = createInProcessSession(r.scenario);
    session.sim.runUntil(r.scenario.until ?? 600_000);
    runs.push({ nodes: session.sim.spec.nodes, events: session.sim.events });
  }
  return `${JSON.stringify(await buildCharts(runs), null, 1)}\n`;
}
