/**
 * `npm run bench`: each figure the issues ask for, measured here, with its target beside it.
 * Benchmarks measure; they never fail the build (tests stay deterministic).
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { InProcessHost } from '../src/lib/sim/host';
import type { NodeSpec } from '../src/lib/sim/kernel';
import { pingKind, type PingParams } from '../src/lib/sim/ping';
import { Simulation } from '../src/lib/sim/simulation';
import { parseScenario } from '../src/lib/scenario/load';
import { uniformCluster } from '../src/lib/scenario/uniform-cluster';
import { createInProcessSession } from '../src/lib/runtime/inprocess';
import { browserFigures } from './bench-browser';
import { nodeLogFigures } from './bench-replay';

const rows: [string, string, string][] = [];
function report(name: string, value: string, target: string): void {
  rows.push([name, value, target]);
  console.log(`${name.padEnd(58)} ${value.padStart(16)}   target ${target}`);
}

function pingCluster(n: number, period: number, checkpointEvery?: number): Simulation {
  const nodes: NodeSpec<PingParams>[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({
      id: `n${i}`,
      address: `n${i}:1`,
      kind: 'ping',
      params: { peers: [`n${(i + 1) % n}:1`, `n${(i + 7) % n}:1`], period, random: true },
      startAt: i % period,
    });
  }
  return new Simulation(
    { seed: 1, network: { latency: { dist: 'uniform', min: 1, max: 10 }, loss: 0 }, nodes, faults: [] },
    new InProcessHost({ ping: pingKind }),
    checkpointEvery === undefined ? {} : { checkpointEvery },
  );
}

/**
 * Events per second over 59 virtual seconds of the ping cluster, after one second of warm-up. The
 * machine is a shared 2-vCPU VM whose speed drifts by ±20% from one second to the next, so the
 * figure is the median of three runs, each in a fresh simulation; all three are shown.
 */
function kernelThroughput(): void {
  const rates: number[] = [];
  for (let run = 0; run < 3; run++) {
    const sim = pingCluster(1000, 100);
    sim.runUntil(1000); // warm-up
    const start = performance.now();
    const before = sim.events.length;
    sim.runUntil(60_000);
    const ms = performance.now() - start;
    rates.push((sim.events.length - before) / (ms / 1000));
  }
  const median = [...rates].sort((a, b) => a - b)[1];
  report(
    'kernel events/s (1,000 endpoints, timers + messages, trace + checkpoints; median of 3)',
    Math.round(median).toLocaleString('en'),
    '≥ 1,000,000/s',
  );
  report('  (the three runs)', rates.map((r) => `${(r / 1e6).toFixed(2)}M`).join(', '), '—');
}

function seekTime(): void {
  const sim = pingCluster(1000, 100);
  const t0 = performance.now();
  while (sim.events.length < 1_000_000) sim.runUntil(sim.endTime + 10_000);
  const build = performance.now() - t0;
  const n = sim.events.length;
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  // The first seeks restore a checkpoint for the first time: V8 re-optimizes the kernel for the
  // objects JSON.parse builds. They are reported apart; the 40 measured seeks come after them.
  const cold: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < 43; i++) {
    const k = Math.floor(rand() * n);
    const s = performance.now();
    sim.seek(k);
    (i < 3 ? cold : times).push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)];
  const max = times[times.length - 1];
  report(`seek to a random event, ${n.toLocaleString('en')}-event trace (median)`, `${p50.toFixed(1)} ms`, '≤ 50 ms');
  report('seek to a random event (worst of 40)', `${max.toFixed(1)} ms`, '≤ 50 ms');
  report('  (the first 3 seeks, JIT warming up)', cold.map((x) => x.toFixed(0)).join(', ') + ' ms', '—');
  report('  (recording that trace took)', `${(build / 1000).toFixed(1)} s`, '—');
}

function heartbeatHour(): void {
  const scenario = parseScenario(uniformCluster({ workers: 1000 }));
  for (const invariants of [false, true]) {
    const s = createInProcessSession(scenario, { invariants, checkpointEvery: 1 << 20 });
    const t0 = performance.now();
    s.sim.runUntil(3_600_000);
    const secs = (performance.now() - t0) / 1000;
    report(
      `1 virtual hour, 1 master + 1,000 workers${invariants ? ' (with invariant checks)' : ''}`,
      `${secs.toFixed(2)} s (${s.sim.events.length.toLocaleString('en')} ev)`,
      '≤ 2 s',
    );
  }
}

function zkFailover(): void {
  const scenario = parseScenario({
    version: 1,
    name: 'bench failover',
    description: '3 masters, 200 workers, 20 apps, leader killed',
    seed: 1,
    config: { 'spark.deploy.recoveryMode': 'ZOOKEEPER' },
    masters: [
      { host: 'm1', port: 7077 },
      { host: 'm2', port: 7077, at: '1s' },
      { host: 'm3', port: 7077, at: '2s' },
    ],
    workers: [{ host: 'w{i}', port: 7078, cores: 8, memory: '16g', at: '5s', count: 200 }],
    apps: Array.from({ length: 20 }, (_, i) => ({
      at: 10_000 + i * 500,
      name: `app${i}`,
      maxCores: 40,
      memoryPerExecutor: '1g',
    })),
    faults: [{ at: '2min', action: 'kill', target: 'master-1' }],
  });
  const s = createInProcessSession(scenario);
  const t0 = performance.now();
  s.sim.runUntil(600_000);
  const ms = performance.now() - t0;
  const m2 = s.final().masters.find((m) => m.id === 'master-2');
  report(
    `ZooKeeper failover: 3 masters, 200 workers, 20 apps, 10 virtual min (${m2?.state})`,
    `${(ms / 1000).toFixed(2)} s (${s.sim.events.length.toLocaleString('en')} ev)`,
    'report',
  );
}

// Each Node figure runs in a process of its own, so one figure's heap (a million-event trace)
// never slows the next one's garbage collector.
const NODE_FIGURES: Record<string, () => void> = {
  kernelThroughput,
  heartbeatHour,
  zkFailover,
  seekTime,
  logReading: () => nodeLogFigures(report),
};
const only = process.argv[2];
if (only !== undefined) {
  const figure = NODE_FIGURES[only];
  if (!figure) throw new Error(`No figure "${only}"; known: ${Object.keys(NODE_FIGURES).join(', ')}`);
  figure();
} else {
  console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  for (const name of Object.keys(NODE_FIGURES)) {
    execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], { stdio: 'inherit' });
  }
  await browserFigures(report);
}
