/**
 * The Worker, as the rest of the product sees it (`DaemonDescriptor`): a box in the grid, its
 * registration lifecycle, the master it follows, and the tables of Spark's worker web UI
 * (executors and drivers, running and finished).
 */
import { daemon, table } from '../daemon';
import type { DriverRunner, ExecutorRunner, WorkerContext, WorkerParams } from './context';

const executors = table<WorkerContext, { id: string; e: ExecutorRunner; finished: boolean }>({
  key: 'executors',
  rows: function* (w) {
    for (const [id, e] of Object.entries(w.executors)) yield { id, e, finished: false };
    for (const e of w.finishedExecutors) yield { id: `${e.appId}/${e.execId}`, e, finished: true };
  },
  id: (r) => r.id,
  cols: [
    { key: 'id', get: (r) => r.id },
    { key: 'app', get: (r) => r.e.appId },
    { key: 'appName', get: (r) => r.e.appName },
    { key: 'cores', get: (r) => r.e.cores },
    { key: 'memory', get: (r) => r.e.memory, format: 'mb' },
    { key: 'state', get: (r) => r.e.state },
    { key: 'finished', get: (r) => r.finished },
  ],
});

const drivers = table<WorkerContext, { d: DriverRunner; finished: boolean }>({
  key: 'drivers',
  rows: function* (w) {
    for (const d of Object.values(w.drivers)) yield { d, finished: false };
    for (const d of w.finishedDrivers) yield { d, finished: true };
  },
  id: (r) => r.d.driverId,
  cols: [
    { key: 'id', get: (r) => r.d.driverId },
    { key: 'state', get: (r) => r.d.state },
    { key: 'runs', get: (r) => r.d.runs },
    { key: 'cores', get: (r) => r.d.desc.cores },
    { key: 'memory', get: (r) => r.d.desc.mem, format: 'mb' },
    { key: 'supervise', get: (r) => r.d.desc.supervise },
    { key: 'finished', get: (r) => r.finished },
  ],
});

export const workerDaemon = daemon<WorkerContext, WorkerParams>({
  kind: 'worker',
  label: 'daemon_worker',
  machine: 'Worker',
  draw: { place: 'grid', shape: 'box', order: 0 },
  lane: 2,
  facts: (p) => ({ host: p.host, port: p.port, cores: p.cores, memory: p.memory }),
  status: [
    { key: 'workerId', get: (w) => w.workerId },
    { key: 'master', get: (w) => w.master, format: 'address' },
    { key: 'masterUrl', get: (w) => w.activeMasterUrl },
    { key: 'registered', get: (w) => w.registered },
    { key: 'connected', get: (w) => w.connected },
    { key: 'attempt', get: (w) => w.connectionAttemptCount },
    { key: 'retryTimer', get: (w) => w.retryTimer },
    { key: 'cores', get: (w) => w.cores },
    { key: 'coresUsed', get: (w) => w.coresUsed },
    { key: 'memory', get: (w) => w.memory, format: 'mb' },
    { key: 'memoryUsed', get: (w) => w.memoryUsed, format: 'mb' },
    { key: 'decommissioned', get: (w) => w.decommissioned },
  ],
  tables: [executors, drivers],
  follows: (status) => (typeof status.master === 'string' ? status.master : null),
  statechart: () => import('./machine').then((m) => m.workerMachine),
});
