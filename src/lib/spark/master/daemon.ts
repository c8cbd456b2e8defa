/**
 * The Master, as the rest of the product sees it (`DaemonDescriptor`): a box along the top, its
 * RecoveryState, and the tables of Spark's master web UI (workers, applications, executors,
 * drivers).
 */
import type { MasterParams } from './actor';
import { daemon, table } from '../daemon';
import {
  coresLeft,
  requestedCores,
  type ApplicationInfo,
  type DriverInfo,
  type ExecutorDesc,
  type MasterContext,
  type WorkerInfo,
} from './context';
import { takeTouched } from './touched';
import { formatAddresses, formatDetails, formatRequirements } from '../resources';

/**
 * The resource profiles beyond the default an app asked for, with their targets and what one
 * executor of each takes, in the executor resources' names and Spark's size notation:
 * `1 → 2 (cores: 4, memory: 1024m, gpu: 2)`. Null when it asked for none.
 */
function profilesText(app: ApplicationInfo): string | null {
  const ids = Object.keys(app.profiles)
    .map(Number)
    .filter((id) => id !== 0)
    .sort((a, b) => a - b);
  if (ids.length === 0) return null;
  return ids
    .map((id) => {
      const p = app.profiles[id];
      // In the executor resources' own names (Spark's `cores`, `memory` in MB, and the custom ones).
      const takes = [
        ...(p.coresPerExecutor !== undefined ? [`cores: ${p.coresPerExecutor}`] : []),
        `memory: ${p.memoryMbPerExecutor}m`,
        ...Object.entries(p.customResourcesPerExecutor ?? {}).map(([name, n]) => `${name}: ${n}`),
      ].join(', ');
      return `${id} → ${app.targets[id] ?? 0} (${takes})`;
    })
    .join('; ');
}

const LEADING = new Set(['ALIVE', 'RECOVERING', 'COMPLETING_RECOVERY']);
const UNLIMITED = 2147483647;

const workers = table<MasterContext, WorkerInfo>({
  key: 'workers',
  rows: (m) => Object.values(m.workers),
  id: (w) => w.id,
  changed: (m) => takeTouched(m, 'workers'),
  record: (m, id) => m.workers[id],
  cols: [
    { key: 'id' },
    { key: 'address', format: 'address' },
    { key: 'state' },
    { key: 'cores' },
    { key: 'coresUsed' },
    { key: 'memory', format: 'mb' },
    { key: 'memoryUsed', format: 'mb' },
    { key: 'resources', optional: true },
  ],
  values: (w) => [
    w.id,
    w.address,
    w.state,
    w.cores,
    w.coresUsed,
    w.memory,
    w.memoryUsed,
    w.resources ? formatDetails(w.resources, w.resourcesUsed) : null,
  ],
});

const apps = table<MasterContext, { m: MasterContext; app: ApplicationInfo }>({
  key: 'apps',
  rows: (m) => [...Object.values(m.apps), ...m.completedApps].map((app) => ({ m, app })),
  id: (r) => r.app.id,
  cols: [
    { key: 'id' },
    { key: 'name' },
    { key: 'cores' },
    { key: 'coresRequested' },
    { key: 'coresLeft' },
    { key: 'memoryPerExecutor', format: 'mb' },
    { key: 'resourcesPerExecutor', optional: true },
    { key: 'profiles', optional: true },
    { key: 'state' },
    { key: 'submitted', format: 'time' },
    { key: 'ended', format: 'time' },
    { key: 'retries' },
  ],
  values: ({ m, app }) => {
    const wanted = requestedCores(m, app);
    return [
      app.id,
      app.desc.name,
      app.coresGranted,
      wanted >= UNLIMITED ? null : wanted,
      // Cores left of an app that asked for no limit is no number either.
      wanted >= UNLIMITED ? null : Math.max(0, coresLeft(m, app)),
      app.desc.memoryPerExecutorMB,
      formatRequirements(app.desc.resourceReqsPerExecutor) || null,
      profilesText(app),
      app.state,
      app.startTime,
      app.endTime < 0 ? null : app.endTime,
      app.retryCount,
    ];
  },
});

const executors = table<MasterContext, ExecutorDesc>({
  key: 'executors',
  rows: (m) => Object.values(m.executors),
  id: (e) => `${e.appId}/${e.id}`,
  changed: (m) => takeTouched(m, 'executors'),
  record: (m, id) => m.executors[id],
  cols: [
    { key: 'id' },
    { key: 'app' },
    { key: 'worker' },
    { key: 'rpId', optional: true },
    { key: 'cores' },
    { key: 'memory', format: 'mb' },
    { key: 'resources', optional: true },
    { key: 'state' },
  ],
  values: (e) => [
    `${e.appId}/${e.id}`,
    e.appId,
    e.workerId,
    e.rpId,
    e.cores,
    e.memory,
    e.resources ? formatAddresses(e.resources) : null,
    e.state,
  ],
});

const drivers = table<MasterContext, DriverInfo>({
  key: 'drivers',
  rows: (m) => [...Object.values(m.drivers), ...m.completedDrivers],
  id: (d) => d.id,
  cols: [
    { key: 'id' },
    { key: 'mainClass' },
    { key: 'state' },
    { key: 'worker' },
    { key: 'cores' },
    { key: 'memory', format: 'mb' },
    { key: 'resources', optional: true },
    { key: 'supervise' },
    { key: 'submitted', format: 'time' },
  ],
  values: (d) => [
    d.id,
    d.desc.mainClass,
    d.state,
    d.worker,
    d.desc.cores,
    d.desc.mem,
    d.resources ? formatAddresses(d.resources) : null,
    d.desc.supervise,
    d.startTime,
  ],
});

export const masterDaemon = daemon<MasterContext, MasterParams>({
  kind: 'master',
  label: 'daemon_master',
  machine: 'Master',
  draw: { place: 'top', shape: 'box', order: 0 },
  lane: 0,
  facts: (p) => ({ host: p.host, port: p.port, recoveryMode: p.conf.recoveryMode }),
  status: {
    cols: [
      { key: 'url' },
      { key: 'state' },
      { key: 'recoveryMode' },
      { key: 'leaderStatus' },
      { key: 'recoveryStarted', format: 'time' },
    ],
    values: (m) => [
      m.url,
      m.state,
      m.conf.recoveryMode,
      m.leaderStatus,
      m.state === 'RECOVERING' ? m.recoveryStartTimeMs : null,
    ],
  },
  tables: [workers, apps, executors, drivers],
  leads: (state) => LEADING.has(state.split('.')[0]),
  statechart: () => import('./machine').then((m) => m.masterMachine),
});
