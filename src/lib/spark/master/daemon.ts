/**
 * The Master, as the rest of the product sees it (`DaemonDescriptor`): a box along the top, its
 * RecoveryState, and the tables of Spark's master web UI (workers, applications, executors,
 * drivers).
 */
import type { MasterParams } from './actor';
import { daemon, table } from '../daemon';
import {
  coresLeft,
  type ApplicationInfo,
  type DriverInfo,
  type ExecutorDesc,
  type MasterContext,
  type WorkerInfo,
} from './context';
import { requestedCores } from './context';

const LEADING = new Set(['ALIVE', 'RECOVERING', 'COMPLETING_RECOVERY']);

const workers = table<MasterContext, WorkerInfo>({
  key: 'workers',
  rows: (m) => Object.values(m.workers),
  id: (w) => w.id,
  cols: [
    { key: 'id', get: (w) => w.id },
    { key: 'address', get: (w) => w.address, format: 'address' },
    { key: 'state', get: (w) => w.state },
    { key: 'cores', get: (w) => w.cores },
    { key: 'coresUsed', get: (w) => w.coresUsed },
    { key: 'memory', get: (w) => w.memory, format: 'mb' },
    { key: 'memoryUsed', get: (w) => w.memoryUsed, format: 'mb' },
  ],
});

const apps = table<MasterContext, { m: MasterContext; app: ApplicationInfo }>({
  key: 'apps',
  rows: function* (m) {
    for (const app of Object.values(m.apps)) yield { m, app };
    for (const app of m.completedApps) yield { m, app };
  },
  id: (r) => r.app.id,
  cols: [
    { key: 'id', get: (r) => r.app.id },
    { key: 'name', get: (r) => r.app.desc.name },
    { key: 'cores', get: (r) => r.app.coresGranted },
    {
      key: 'coresRequested',
      get: (r) => (requestedCores(r.m, r.app) >= 2147483647 ? null : requestedCores(r.m, r.app)),
    },
    { key: 'coresLeft', get: (r) => Math.max(0, Math.min(coresLeft(r.m, r.app), 2147483647)) },
    { key: 'memoryPerExecutor', get: (r) => r.app.desc.memoryPerExecutorMB, format: 'mb' },
    { key: 'state', get: (r) => r.app.state },
    { key: 'submitted', get: (r) => r.app.startTime, format: 'time' },
    { key: 'ended', get: (r) => (r.app.endTime < 0 ? null : r.app.endTime), format: 'time' },
    { key: 'retries', get: (r) => r.app.retryCount },
  ],
});

const executors = table<MasterContext, ExecutorDesc>({
  key: 'executors',
  rows: (m) => Object.values(m.executors),
  id: (e) => `${e.appId}/${e.id}`,
  cols: [
    { key: 'id', get: (e) => `${e.appId}/${e.id}` },
    { key: 'app', get: (e) => e.appId },
    { key: 'worker', get: (e) => e.workerId },
    { key: 'cores', get: (e) => e.cores },
    { key: 'memory', get: (e) => e.memory, format: 'mb' },
    { key: 'state', get: (e) => e.state },
  ],
});

const drivers = table<MasterContext, DriverInfo>({
  key: 'drivers',
  rows: function* (m) {
    yield* Object.values(m.drivers);
    yield* m.completedDrivers;
  },
  id: (d) => d.id,
  cols: [
    { key: 'id', get: (d) => d.id },
    { key: 'mainClass', get: (d) => d.desc.mainClass },
    { key: 'state', get: (d) => d.state },
    { key: 'worker', get: (d) => d.worker },
    { key: 'cores', get: (d) => d.desc.cores },
    { key: 'memory', get: (d) => d.desc.mem, format: 'mb' },
    { key: 'supervise', get: (d) => d.desc.supervise },
    { key: 'submitted', get: (d) => d.startTime, format: 'time' },
  ],
});

export const masterDaemon = daemon<MasterContext, MasterParams>({
  kind: 'master',
  label: 'daemon_master',
  machine: 'Master',
  draw: { place: 'top', shape: 'box', order: 0 },
  lane: 0,
  facts: (p) => ({ host: p.host, port: p.port, recoveryMode: p.conf.recoveryMode }),
  status: [
    { key: 'url', get: (m) => m.url },
    { key: 'state', get: (m) => m.state },
    { key: 'recoveryMode', get: (m) => m.conf.recoveryMode },
    { key: 'leaderStatus', get: (m) => m.leaderStatus },
    { key: 'recoveryStarted', get: (m) => (m.state === 'RECOVERING' ? m.recoveryStartTimeMs : null), format: 'time' },
  ],
  tables: [workers, apps, executors, drivers],
  leads: (state) => LEADING.has(state.split('.')[0]),
  statechart: () => import('./machine').then((m) => m.masterMachine),
});
