/**
 * The Worker, as the rest of the product sees it (`DaemonDescriptor`): a box in the grid, its
 * registration lifecycle, the master it follows, and the tables of Spark's worker web UI
 * (executors and drivers, running and finished).
 */
import { daemon, table } from '../daemon';
import type { DriverRunner, ExecutorRunner, WorkerContext, WorkerParams } from './context';
import { formatAddresses } from '../resources';

const NONE: readonly never[] = [];

/** The worker page's `formatWorkerResourcesDetails`: free addresses in their own order, then the used ones. */
function workerResourcesText(w: WorkerContext): string {
  return Object.keys(w.resources ?? {})
    .map((name) => {
      const used = w.resourcesUsed?.[name] ?? [];
      const free = w.resources![name].filter((a) => !used.includes(a));
      return `${name}: Free: [${free.join(', ')}] / Used: [${used.join(', ')}]`;
    })
    .join(', ');
}

const executors = table<WorkerContext, { id: string; e: ExecutorRunner; finished: boolean }>({
  key: 'executors',
  rows: (w) => {
    const running = Object.entries(w.executors);
    if (running.length === 0 && w.finishedExecutors.length === 0) return NONE;
    return [
      ...running.map(([id, e]) => ({ id, e, finished: false })),
      ...w.finishedExecutors.map((e) => ({ id: `${e.appId}/${e.execId}`, e, finished: true })),
    ];
  },
  id: (r) => r.id,
  cols: [
    { key: 'id' },
    { key: 'app' },
    { key: 'appName' },
    { key: 'cores' },
    { key: 'memory', format: 'mb' },
    { key: 'resources', optional: true },
    { key: 'state' },
    { key: 'finished' },
  ],
  values: (r) => [
    r.id,
    r.e.appId,
    r.e.appName,
    r.e.cores,
    r.e.memory,
    r.e.resources ? formatAddresses(r.e.resources) : null,
    r.e.state,
    r.finished,
  ],
});

const drivers = table<WorkerContext, { d: DriverRunner; finished: boolean }>({
  key: 'drivers',
  rows: (w) => {
    const running = Object.values(w.drivers);
    if (running.length === 0 && w.finishedDrivers.length === 0) return NONE;
    return [...running.map((d) => ({ d, finished: false })), ...w.finishedDrivers.map((d) => ({ d, finished: true }))];
  },
  id: (r) => r.d.driverId,
  cols: [
    { key: 'id' },
    { key: 'state' },
    { key: 'runs' },
    { key: 'cores' },
    { key: 'memory', format: 'mb' },
    { key: 'resources', optional: true },
    { key: 'supervise' },
    { key: 'finished' },
  ],
  values: (r) => [
    r.d.driverId,
    r.d.state,
    r.d.runs,
    r.d.desc.cores,
    r.d.desc.mem,
    r.d.resources ? formatAddresses(r.d.resources) : null,
    r.d.desc.supervise,
    r.finished,
  ],
});

export const workerDaemon = daemon<WorkerContext, WorkerParams>({
  kind: 'worker',
  label: 'daemon_worker',
  machine: 'Worker',
  draw: { place: 'grid', shape: 'box', order: 0 },
  lane: 2,
  facts: (p) => ({ host: p.host, port: p.port, cores: p.cores, memory: p.memory }),
  status: {
    cols: [
      { key: 'workerId' },
      { key: 'master', format: 'address' },
      { key: 'masterUrl' },
      { key: 'registered' },
      { key: 'connected' },
      { key: 'attempt' },
      { key: 'retryTimer' },
      { key: 'cores' },
      { key: 'coresUsed' },
      { key: 'memory', format: 'mb' },
      { key: 'memoryUsed', format: 'mb' },
      { key: 'resources', optional: true },
      { key: 'decommissioned' },
    ],
    values: (w) => [
      w.workerId,
      w.master,
      w.activeMasterUrl,
      w.registered,
      w.connected,
      w.connectionAttemptCount,
      w.retryTimer,
      w.cores,
      w.coresUsed,
      w.memory,
      w.memoryUsed,
      w.resources ? workerResourcesText(w) : null,
      w.decommissioned,
    ],
  },
  tables: [executors, drivers],
  follows: (status) => (typeof status.master === 'string' ? status.master : null),
  statechart: () => import('./machine').then((m) => m.workerMachine),
});
