/** fast-check generators for random Spark clusters and random fault schedules. */
import fc from 'fast-check';
import { loadScenario, type Scenario } from '../../../src/lib/scenario/load';
import { atLeast, SPARK_LINES } from '../../../src/lib/spark/config';

export interface ClusterShape {
  seed: number;
  masters: number;
  mode: 'NONE' | 'ZOOKEEPER' | 'FILESYSTEM';
  workers: number;
  apps: number;
  drivers: number;
  faults: { at: number; pick: number; pick2: number; action: string; duration: number }[];
  /** The fuzz command's extras (the property tests leave them out): message loss and the worker timeout. */
  loss?: number;
  timeoutS?: number;
  /** The Spark release line (`spark.version`); 4.0 when left out. */
  version?: string;
  /**
   * Each master also answers at an alias (`lb<n>:7077`), which every other worker dials instead of
   * the master's own address (and prefers, from 2.3).
   */
  aliased?: boolean;
  /**
   * Custom resources [3.0+]: every other worker has two GPUs, executors and drivers take one, and
   * [3.4+] the first app also asks for two executors of a profile of two GPUs.
   */
  gpus?: boolean;
}

const ACTIONS = [
  'kill',
  'restart',
  'pause',
  'partition',
  'heal',
  'drop',
  'delay',
  'fail-executors',
  'decommission',
  'start',
] as const;

export const clusterArb: fc.Arbitrary<ClusterShape> = fc.record({
  seed: fc.nat({ max: 1_000_000 }),
  masters: fc.integer({ min: 1, max: 3 }),
  mode: fc.constantFrom('NONE', 'ZOOKEEPER', 'FILESYSTEM'),
  workers: fc.integer({ min: 1, max: 4 }),
  apps: fc.integer({ min: 0, max: 2 }),
  drivers: fc.integer({ min: 0, max: 1 }),
  faults: fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 170_000 }),
      pick: fc.nat(),
      pick2: fc.nat(),
      action: fc.constantFrom(...ACTIONS),
      duration: fc.integer({ min: 100, max: 90_000 }),
    }),
    { maxLength: 6 },
  ),
  aliased: fc.boolean(),
  gpus: fc.boolean(),
});

/** The property tests' clusters, in any of the modelled release lines. */
export const versionedClusterArb: fc.Arbitrary<ClusterShape> = fc
  .tuple(clusterArb, fc.constantFrom(...SPARK_LINES))
  .map(([c, version]) => ({ ...c, version }));

/** The fuzz command's clusters: the property tests' ones in every release line, with message loss and a worker timeout drawn too. */
export const fuzzArb: fc.Arbitrary<ClusterShape> = fc
  .tuple(versionedClusterArb, fc.constantFrom(0, 0, 0.05, 0.1, 0.3), fc.constantFrom(10, 20, 30, 60))
  .map(([c, loss, timeoutS]) => ({ ...c, loss, timeoutS }));

export function clusterDoc(c: ClusterShape): Record<string, unknown> {
  const gpus = c.gpus === true && (c.version === undefined || atLeast(c.version, '3.0'));
  const profiles = gpus && (c.version === undefined || atLeast(c.version, '3.4'));
  const masters = Array.from({ length: c.masters }, (_, i) => ({
    host: `master${i + 1}`,
    port: 7077,
    at: i * 500,
    ...(c.aliased ? { aliases: [`lb${i + 1}:7077`] } : {}),
  }));
  const workers = Array.from({ length: c.workers }, (_, i) => ({
    host: `worker${i + 1}`,
    port: 7078,
    cores: 4,
    memory: '4g',
    at: 1000 + i * 300,
    ...(c.aliased && i % 2 === 0 ? { masters: masters.map((_, j) => `spark://lb${j + 1}:7077`) } : {}),
    ...(gpus && i % 2 === 0 ? { resources: { gpu: 2 } } : {}),
  }));
  const apps = Array.from({ length: c.apps }, (_, i) => ({
    at: 5000 + i * 4000,
    name: `app${i + 1}`,
    memoryPerExecutor: '512m',
    maxCores: 4,
    duration: 60_000 + i * 30_000,
    ...(gpus ? { coresPerExecutor: 1, executorResources: { gpu: 1 } } : {}),
    ...(profiles && i === 0
      ? {
          resourceProfiles: [{ executorCores: 2, resources: { gpu: 2 } }],
          requests: [{ at: 20_000, type: 'RequestExecutors', profile: 1, total: 2 }],
        }
      : {}),
  }));
  const drivers = Array.from({ length: c.drivers }, () => ({
    at: 8000,
    cores: 1,
    memory: '512m',
    supervise: true,
    duration: 50_000,
    exitCode: 1,
    ...(gpus ? { resources: { gpu: 1 } } : {}),
  }));
  const ids = [
    ...masters.map((_, i) => `master-${i + 1}`),
    ...(c.mode === 'ZOOKEEPER' ? ['zk'] : []),
    ...workers.map((_, i) => `worker-${i + 1}`),
    ...apps.map((_, i) => `app-${i + 1}`),
  ];
  const workerIds = workers.map((_, i) => `worker-${i + 1}`);
  const faults = c.faults.map((f) => {
    const a = ids[f.pick % ids.length];
    // A link joins two different nodes.
    const b = ids.length > 1 ? ids.filter((id) => id !== a)[f.pick2 % (ids.length - 1)] : a;
    switch (f.action) {
      case 'pause':
        return { at: f.at, action: 'pause', target: a, duration: f.duration };
      case 'partition':
        return { at: f.at, action: 'partition', groups: [[a]] };
      case 'heal':
        return { at: f.at, action: 'heal' };
      case 'drop':
        return { at: f.at, action: 'drop', from: a, to: b, count: 2 };
      case 'delay':
        return { at: f.at, action: 'delay', from: a, to: b, extra: f.duration % 5000, duration: f.duration };
      case 'fail-executors':
      case 'decommission':
        return { at: f.at, action: f.action, target: workerIds[f.pick % workerIds.length] };
      default:
        return { at: f.at, action: f.action, target: a };
    }
  });
  return {
    version: 1,
    name: 'random cluster',
    description: 'generated',
    seed: c.seed,
    until: '3min',
    config: {
      ...(c.version === undefined ? {} : { 'spark.version': c.version }),
      // Decommissioning is a 3.1 feature; before, the fault finds no SIGPWR handler.
      ...(c.version === undefined || atLeast(c.version, '3.1') ? { 'spark.decommission.enabled': true } : {}),
      ...(c.mode === 'NONE' ? {} : { 'spark.deploy.recoveryMode': c.mode }),
      ...(c.timeoutS === undefined ? {} : { 'spark.worker.timeout': c.timeoutS }),
      ...(c.aliased && (c.version === undefined || atLeast(c.version, '2.3'))
        ? { 'spark.worker.preferConfiguredMasterAddress': true }
        : {}),
    },
    masters,
    workers,
    apps,
    drivers,
    faults,
    network: { latency: { min: 1, max: 20 }, ...(c.loss === undefined ? {} : { loss: c.loss }) },
  };
}

export function clusterScenario(c: ClusterShape): Scenario {
  const r = loadScenario(clusterDoc(c));
  if (!r.ok) throw new Error(`generated scenario invalid: ${JSON.stringify(r.problems)}`);
  return r.scenario;
}
