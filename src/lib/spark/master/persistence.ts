/**
 * The Master's PersistenceEngine (spec §a.5): what survives a master's death.
 * NONE is Spark's BlackHolePersistenceEngine; FILESYSTEM (and ROCKSDB) write one record per app,
 * driver and worker to a durable mount that outlives the process; ZOOKEEPER writes znodes under
 * `<dir>/master_status` on the ZooKeeper node. Executors and runtime states are never persisted.
 */
import { FS_PERSISTENCE, PERSISTENCE, ZK_PERSISTENCE, ref } from '../refs';
import type { PersistedApp, PersistedDriver, PersistedState, PersistedWorker } from '../messages';
import type { ApplicationInfo, DriverInfo, Env, MasterContext, WorkerInfo } from './context';

type Record_ = PersistedApp | PersistedDriver | PersistedWorker;

/** Name of the durable mount that FILESYSTEM recovery uses for a directory. */
export const recoveryMount = (dir: string) => `recovery:${dir}`;

function write(m: MasterContext, env: Env, name: string, record: Record_ | null): void {
  switch (m.conf.recoveryMode) {
    case 'NONE':
      return;
    case 'FILESYSTEM':
    case 'ROCKSDB':
      env.io.handler(ref(FS_PERSISTENCE, record ? 'persist' : 'unpersist'));
      env.io.store(recoveryMount(m.conf.recoveryDirectory), name, record ?? undefined);
      mirror(m, name, record);
      return;
    case 'ZOOKEEPER':
      env.io.handler(ref(ZK_PERSISTENCE, record ? 'persist' : 'unpersist'));
      env.io.send(m.conf.zookeeperUrl, {
        type: 'ZkSetData',
        path: `${m.conf.zookeeperDir}/master_status/${name}`,
        data: record,
      });
      return;
  }
}

/** Keeps the in-memory view of the disk in step with our own writes. */
function mirror(m: MasterContext, name: string, record: Record_ | null): void {
  const kind = name.startsWith('app_') ? 'apps' : name.startsWith('driver_') ? 'drivers' : 'workers';
  const list = m.persisted[kind] as Record_[];
  const id = name.slice(name.indexOf('_') + 1);
  const i = list.findIndex((r) => r.id === id);
  if (i >= 0) list.splice(i, 1);
  if (record) list.push(record);
}

export function persistApp(m: MasterContext, env: Env, app: ApplicationInfo): void {
  write(m, env, `app_${app.id}`, { id: app.id, desc: app.desc, driver: app.driver, startTime: app.startTime });
}
export function unpersistApp(m: MasterContext, env: Env, app: ApplicationInfo): void {
  write(m, env, `app_${app.id}`, null);
}
export function persistDriver(m: MasterContext, env: Env, d: DriverInfo): void {
  write(m, env, `driver_${d.id}`, { id: d.id, desc: d.desc, startTime: d.startTime });
}
export function unpersistDriver(m: MasterContext, env: Env, d: DriverInfo): void {
  write(m, env, `driver_${d.id}`, null);
}
export function persistWorker(m: MasterContext, env: Env, w: WorkerInfo): void {
  write(m, env, `worker_${w.id}`, {
    id: w.id,
    host: w.host,
    port: w.port,
    cores: w.cores,
    memory: w.memory,
    webUiAddress: w.webUiAddress,
    ...(w.resources ? { resources: w.resources } : {}),
  });
}
export function unpersistWorker(m: MasterContext, env: Env, w: WorkerInfo): void {
  write(m, env, `worker_${w.id}`, null);
}

/** `readPersistedData`: apps, drivers and workers, sorted by name as the engines list them. */
export function readPersistedData(m: MasterContext, env: Env): PersistedState {
  env.io.handler(ref(PERSISTENCE, 'readPersistedData'));
  if (m.conf.recoveryMode === 'NONE') return { apps: [], drivers: [], workers: [] };
  const byId = <T extends { id: string }>(l: T[]) => [...l].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { apps: byId(m.persisted.apps), drivers: byId(m.persisted.drivers), workers: byId(m.persisted.workers) };
}

/** Loads what a durable mount holds into the master's view (FILESYSTEM start-up). */
export function loadDisk(m: MasterContext, disk: Record<string, unknown>): void {
  const state: PersistedState = { apps: [], drivers: [], workers: [] };
  for (const [name, value] of Object.entries(disk)) {
    if (name.startsWith('app_')) state.apps.push(value as PersistedApp);
    else if (name.startsWith('driver_')) state.drivers.push(value as PersistedDriver);
    else if (name.startsWith('worker_')) state.workers.push(value as PersistedWorker);
  }
  m.persisted = state;
}
