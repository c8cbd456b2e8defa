/**
 * The Master's state (spec §a.1): WorkerInfo, ApplicationInfo, DriverInfo, ExecutorDesc and the
 * tables that index them, as plain JSON-safe records.
 *
 * Spark shares object references between tables (an ExecutorDesc sits in its app and its worker).
 * Here every record lives in exactly one table and the others hold its key, so a snapshot is plain
 * JSON and a restored Master is the same Master.
 *
 * The tables are mutable records owned by the Master actor: its handlers update them in place, one
 * message at a time, exactly like Spark's single-threaded endpoint does.
 */
import { touchExecutor, touchWorker } from './touched';
import type { ActorIO } from '../../sim/actor';
import type { Address } from '../../sim/types';
import type { SparkConf } from '../config';
import { appId, driverId, sparkUrl, webUiUrl } from '../format';
import type {
  ApplicationDescription,
  DriverDescription,
  PersistedState,
  ResourceProfile,
  SparkMessage,
} from '../messages';
import type { ApplicationState, DriverState, ExecutorState, RecoveryState, WorkerState } from '../states';
import { release, type ResourceAmounts, type Resources } from '../resources';

export interface WorkerInfo {
  id: string;
  host: string;
  port: number;
  /** RPC address of the worker endpoint (`host:port`). */
  address: Address;
  cores: number;
  memory: number;
  webUiAddress: string;
  state: WorkerState;
  coresUsed: number;
  memoryUsed: number;
  lastHeartbeat: number;
  /** Executor full ids (`appId/execId`) charged to this worker. */
  executors: string[];
  /** Driver ids charged to this worker. */
  drivers: string[];
  /** `WorkerResourceInfo` by name: every address the worker has [3.0+] (left out when none)… */
  resources?: Resources;
  /** …and the ones acquired by its executors and drivers, sorted as strings. */
  resourcesUsed?: Resources;
}

/** `ExecutorResourceDescription`: what one executor of a resource profile takes. */
export interface ExecutorResourceDescription {
  coresPerExecutor?: number;
  memoryMbPerExecutor: number;
  customResourcesPerExecutor?: ResourceAmounts;
}

export interface ApplicationInfo {
  id: string;
  desc: ApplicationDescription;
  driver: Address;
  startTime: number;
  state: ApplicationState;
  /** Executor ids currently part of the app. */
  executors: number[];
  /**
   * How many of them each resource profile has (the sizes of Spark's
   * `executorsPerResourceProfileId`), so that scheduling reads a count, not every executor.
   */
  executorsPerProfile: Record<number, number>;
  /** Executor ids that left the app. */
  removedExecutors: number[];
  coresGranted: number;
  endTime: number;
  nextExecutorId: number;
  retryCount: number;
  /**
   * `targetNumExecutorsPerResourceProfileId`: the executors wanted of each profile requested, by
   * id (the default profile, 0: `initialExecutorLimit` or Int.MaxValue).
   */
  targets: Record<number, number>;
  /** `rpIdToResourceDesc`: what an executor of each requested profile takes. */
  profiles: Record<number, ExecutorResourceDescription>;
}

export interface DriverInfo {
  id: string;
  desc: DriverDescription;
  startTime: number;
  state: DriverState;
  worker: string | null;
  exception?: string;
  /** The addresses acquired for it on its worker (left out when none). */
  resources?: Resources;
}

export interface ExecutorDesc {
  id: number;
  appId: string;
  workerId: string;
  cores: number;
  memory: number;
  rpId: number;
  state: ExecutorState;
  /** The addresses acquired for it on its worker (left out when none). */
  resources?: Resources;
}

export interface MasterContext {
  host: string;
  port: number;
  address: Address;
  /** `spark://host:port` */
  url: string;
  webUiUrl: string;
  conf: SparkConf;
  /** Mirrors the machine's top-level state, so handlers can read it. */
  state: RecoveryState;

  /** Every worker known, DEAD ones included until culled (Spark's `workers`). */
  workers: Record<string, WorkerInfo>;
  /** Non-DEAD workers by id and by RPC address (`idToWorker`, `addressToWorker`). */
  idToWorker: Record<string, string>;
  addressToWorker: Record<Address, string>;
  /**
   * The DEAD workers still in `workers`, by id, in the order they died: what `registerWorker` scans
   * for a dead entry at the new worker's host and port, so that a registration costs O(dead), not
   * O(workers), and 10,000 workers can register.
   */
  deadWorkers: string[];

  /** Active apps by id (`apps` and `idToApp`). */
  apps: Record<string, ApplicationInfo>;
  /** FIFO of active apps (`waitingApps`): all active apps, in registration order. */
  waitingApps: string[];
  /** Active apps by driver address (`addressToApp`, `endpointToApp`). */
  addressToApp: Record<Address, string>;
  completedApps: ApplicationInfo[];
  nextAppNumber: number;

  /** Non-completed drivers (`drivers`), and the ids not yet placed (`waitingDrivers`). */
  drivers: Record<string, DriverInfo>;
  waitingDrivers: string[];
  completedDrivers: DriverInfo[];
  nextDriverNumber: number;

  /** Every ExecutorDesc by full id `appId/execId`. */
  executors: Record<string, ExecutorDesc>;
  /**
   * Executors a recovery report re-added under an id that schedule() had just given a new one
   * (Spark's maps overwrite the entry and its cores stay counted twice): Spark's own race, not the
   * model's (spec §h.5). `shown`: its mark is in the trace.
   */
  overwritten: {
    id: string;
    appId: string;
    /** The worker of the executor overwritten… */
    workerId: string;
    /** …and of the one re-added: another worker when two leaders gave the same id. */
    by: string;
    cores: number;
    memory: number;
    shown: boolean;
  }[];
  /**
   * ExecutorDescs a worker still holds after a recovery report from another worker re-added the
   * same full id to the app (two masters leading over one FILESYSTEM directory give the same ids):
   * the app's map now names the other worker's executor, but Spark's WorkerInfo keeps its own
   * object. Keyed `workerId fullId`; read through `workerExecutor`.
   */
  orphanedExecutors: Record<string, ExecutorDesc>;
  /**
   * `workerId/driverId` of drivers a worker still lists after the Master removed them under another
   * worker (recovered from two workers' reports: two masters leading over one FILESYSTEM
   * directory). Spark's WorkerInfo keeps them and what they use: shown once each as Spark's own.
   */
  ghostDriversShown: string[];
  /**
   * Workers whose recovery report threw Spark's SparkException (an address taken twice): Spark
   * abandons the rest of the report, and what it had re-added holds addresses its allocator counts
   * for another or not at all. Shown once each as Spark's own.
   */
  resourceConflicts: { workerId: string; problem: string; shown: boolean }[];

  recoveryStartTimeMs: number;
  /** `ZooKeeperLeaderElectionAgent.status`, or LEADER for Monarchy once elected. */
  leaderStatus: 'LEADER' | 'NOT_LEADER';
  zkConnected: boolean;
  /** When the ZooKeeper client last heard from its server (virtual ms; its read timeout counts from here). */
  zkHeard: number;
  /** Joins of the leader latch so far; notices about an earlier join are stale. */
  zkAttempt: number;
  /** What readPersistedData will return: the disk (FILESYSTEM) or ZooKeeper's master_status. */
  persisted: PersistedState;
  /** Spark's `checkForWorkerTimeOutTask` and heartbeat counts, for the inspector. */
  timeoutChecks: number;
}

/** One message being handled: who sent it, whether it is an ask, and the effect sink. */
export interface Env {
  /** Typed to Spark's messages, so every send is checked against the catalogue. */
  io: ActorIO<SparkMessage>;
  from: Address;
  ask?: number;
}

export function createMasterContext(host: string, port: number, conf: SparkConf): MasterContext {
  const address = `${host}:${port}`;
  return {
    host,
    port,
    address,
    url: sparkUrl(address),
    webUiUrl: webUiUrl(host, 8080),
    conf,
    state: 'STANDBY',
    workers: {},
    idToWorker: {},
    addressToWorker: {},
    deadWorkers: [],
    apps: {},
    waitingApps: [],
    addressToApp: {},
    completedApps: [],
    nextAppNumber: 0,
    drivers: {},
    waitingDrivers: [],
    completedDrivers: [],
    nextDriverNumber: 0,
    executors: {},
    overwritten: [],
    orphanedExecutors: {},
    ghostDriversShown: [],
    resourceConflicts: [],
    recoveryStartTimeMs: 0,
    leaderStatus: 'NOT_LEADER',
    zkConnected: false,
    zkHeard: 0,
    zkAttempt: 0,
    persisted: { apps: [], drivers: [], workers: [] },
    timeoutChecks: 0,
  };
}

export const fullId = (appIdText: string, execId: number) => `${appIdText}/${execId}`;

/** A worker as Spark's UI and `MasterStateResponse` list it. */
export function workerRow(w: WorkerInfo): {
  id: string;
  host: string;
  port: number;
  state: WorkerState;
  cores: number;
  coresUsed: number;
  memory: number;
  memoryUsed: number;
  resources?: Resources;
  resourcesUsed?: Resources;
} {
  return {
    id: w.id,
    host: w.host,
    port: w.port,
    state: w.state,
    cores: w.cores,
    coresUsed: w.coresUsed,
    memory: w.memory,
    memoryUsed: w.memoryUsed,
    // Copies: a reply must not change when the master's allocator does later.
    ...(w.resources ? { resources: copyOf(w.resources), resourcesUsed: copyOf(w.resourcesUsed ?? {}) } : {}),
  };
}

const copyOf = (r: Resources): Resources => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [...v]]));
export const coresFree = (w: WorkerInfo) => w.cores - w.coresUsed;
export const memoryFree = (w: WorkerInfo) => w.memory - w.memoryUsed;
export const requestedCores = (m: MasterContext, app: ApplicationInfo) => app.desc.maxCores ?? m.conf.defaultCores;
export const coresLeft = (m: MasterContext, app: ApplicationInfo) => requestedCores(m, app) - app.coresGranted;
export const isAppFinished = (app: ApplicationInfo) => app.state !== 'WAITING' && app.state !== 'RUNNING';

export function newWorkerInfo(
  id: string,
  host: string,
  port: number,
  address: Address,
  cores: number,
  memory: number,
  webUiAddress: string,
  now: number,
  resources?: Resources,
): WorkerInfo {
  const w: WorkerInfo = {
    id,
    host,
    port,
    address,
    cores,
    memory,
    webUiAddress,
    state: 'ALIVE',
    coresUsed: 0,
    memoryUsed: 0,
    lastHeartbeat: now,
    executors: [],
    drivers: [],
  };
  if (resources && Object.keys(resources).length > 0) {
    w.resources = resources;
    w.resourcesUsed = Object.fromEntries(Object.keys(resources).map((name) => [name, []]));
  }
  return w;
}

/** `WorkerInfo.addExecutor`: charges the executor's cores and memory. */
export function workerAddExecutor(m: MasterContext, w: WorkerInfo, e: ExecutorDesc): void {
  const key = fullId(e.appId, e.id);
  if (!w.executors.includes(key)) w.executors.push(key);
  w.coresUsed += e.cores;
  w.memoryUsed += e.memory;
  m.executors[key] = e;
  delete m.orphanedExecutors[`${w.id} ${key}`];
  touchWorker(m, w.id);
  touchExecutor(m, key);
}

/**
 * The ExecutorDesc a worker's `WorkerInfo.executors` holds under a full id: the app's, unless the
 * app's map was overwritten by another worker's executor (see `orphanedExecutors`).
 */
export function workerExecutor(m: MasterContext, w: WorkerInfo, key: string): ExecutorDesc | undefined {
  const e = m.executors[key];
  return e === undefined || e.workerId === w.id ? e : (m.orphanedExecutors[`${w.id} ${key}`] ?? e);
}

/** `WorkerInfo.removeExecutor`: frees resources only if the executor was there. */
export function workerRemoveExecutor(m: MasterContext, w: WorkerInfo, e: ExecutorDesc): void {
  const key = fullId(e.appId, e.id);
  const i = w.executors.indexOf(key);
  if (i < 0) return;
  w.executors.splice(i, 1);
  w.coresUsed -= e.cores;
  w.memoryUsed -= e.memory;
  if (w.resourcesUsed && e.resources) release(w.resourcesUsed, e.resources);
  touchWorker(m, w.id);
}

export function workerAddDriver(m: MasterContext, w: WorkerInfo, d: DriverInfo): void {
  w.drivers.push(d.id);
  w.coresUsed += d.desc.cores;
  w.memoryUsed += d.desc.mem;
  touchWorker(m, w.id);
}

/** `WorkerInfo.removeDriver`: subtracts unconditionally, as Spark does. */
export function workerRemoveDriver(m: MasterContext, w: WorkerInfo, d: DriverInfo): void {
  const i = w.drivers.indexOf(d.id);
  if (i >= 0) w.drivers.splice(i, 1);
  w.coresUsed -= d.desc.cores;
  w.memoryUsed -= d.desc.mem;
  if (w.resourcesUsed && d.resources) release(w.resourcesUsed, d.resources);
  touchWorker(m, w.id);
}

/** `ApplicationInfo.addExecutor`: a new executor id (or a forced one, during recovery). */
export function appAddExecutor(
  m: MasterContext,
  app: ApplicationInfo,
  worker: WorkerInfo,
  cores: number,
  memory: number,
  rpId: number,
  resources: Resources | undefined,
  forcedId?: number,
): ExecutorDesc {
  const id = forcedId ?? app.nextExecutorId++;
  if (forcedId !== undefined) app.nextExecutorId = Math.max(app.nextExecutorId, forcedId + 1);
  const e: ExecutorDesc = { id, appId: app.id, workerId: worker.id, cores, memory, rpId, state: 'LAUNCHING' };
  if (resources && Object.keys(resources).length > 0) e.resources = resources;
  const key = fullId(app.id, id);
  const before = m.executors[key];
  // An executor id given again: the worker the old one was charged to sums a different executor now.
  if (before !== undefined) touchWorker(m, before.workerId);
  if (before !== undefined && before.workerId !== worker.id && m.workers[before.workerId]?.executors.includes(key)) {
    m.orphanedExecutors[`${before.workerId} ${key}`] = before;
  }
  if (forcedId !== undefined && before !== undefined && app.executors.includes(id)) {
    m.overwritten.push({
      id: key,
      appId: app.id,
      workerId: before.workerId,
      by: worker.id,
      cores: before.cores,
      memory: before.memory,
      shown: false,
    });
  }
  if (!app.executors.includes(id)) app.executors.push(id);
  else if (before !== undefined) countExecutor(app, before.rpId, -1);
  countExecutor(app, rpId, 1);
  app.coresGranted += cores;
  m.executors[key] = e;
  touchExecutor(m, key);
  return e;
}

/** `ApplicationInfo.removeExecutor`. */
export function appRemoveExecutor(app: ApplicationInfo, e: ExecutorDesc): void {
  const i = app.executors.indexOf(e.id);
  if (i < 0) return;
  app.executors.splice(i, 1);
  countExecutor(app, e.rpId, -1);
  app.removedExecutors.push(e.id);
  app.coresGranted -= e.cores;
}

function countExecutor(app: ApplicationInfo, rpId: number, by: 1 | -1): void {
  app.executorsPerProfile[rpId] = (app.executorsPerProfile[rpId] ?? 0) + by;
}

export function appExecutors(m: MasterContext, app: ApplicationInfo): ExecutorDesc[] {
  return app.executors.map((id) => m.executors[fullId(app.id, id)]).filter((e) => e !== undefined);
}

export function newApplication(
  m: MasterContext,
  desc: ApplicationDescription,
  driver: Address,
  now: number,
  id?: string,
): ApplicationInfo {
  return {
    id: id ?? nextAppId(m, now),
    desc,
    driver,
    startTime: now,
    state: 'WAITING',
    executors: [],
    executorsPerProfile: {},
    removedExecutors: [],
    coresGranted: 0,
    endTime: -1,
    nextExecutorId: 0,
    retryCount: 0,
    targets: { 0: desc.initialExecutorLimit ?? INT_MAX },
    profiles: { 0: defaultProfileOf(desc) },
  };
}

const INT_MAX = 2147483647;

/** The default profile's executors, from the app's description (`ApplicationInfo.init`). */
function defaultProfileOf(desc: ApplicationDescription): ExecutorResourceDescription {
  const out: ExecutorResourceDescription = { memoryMbPerExecutor: desc.memoryPerExecutorMB };
  if (desc.coresPerExecutor !== undefined) out.coresPerExecutor = desc.coresPerExecutor;
  if (desc.resourceReqsPerExecutor && Object.keys(desc.resourceReqsPerExecutor).length > 0)
    out.customResourcesPerExecutor = desc.resourceReqsPerExecutor;
  return out;
}

/**
 * `ApplicationInfo.requestExecutors`: each profile's description is made the first time it is
 * asked for (cores and memory from the app's where the profile leaves them out, custom resources
 * from the profile alone), and its target set.
 */
export function appRequestExecutors(
  app: ApplicationInfo,
  requested: readonly { profile: ResourceProfile; total: number }[],
): void {
  for (const { profile, total } of requested) {
    if (app.profiles[profile.id] === undefined) {
      const cores = profile.executorCores ?? app.desc.coresPerExecutor;
      const out: ExecutorResourceDescription = {
        memoryMbPerExecutor: profile.executorMemoryMb ?? app.desc.memoryPerExecutorMB,
      };
      if (cores !== undefined) out.coresPerExecutor = cores;
      if (profile.resources && Object.keys(profile.resources).length > 0)
        out.customResourcesPerExecutor = profile.resources;
      app.profiles[profile.id] = out;
    }
    app.targets[profile.id] = total;
  }
}

/** `getRequestedRPIds`: every profile asked for, the default included, in ascending id. */
export const requestedProfileIds = (app: ApplicationInfo): number[] =>
  Object.keys(app.profiles)
    .map(Number)
    .sort((a, b) => a - b);

export function newDriver(m: MasterContext, desc: DriverDescription, now: number, id?: string): DriverInfo {
  return { id: id ?? nextDriverId(m, now), desc, startTime: now, state: 'SUBMITTED', worker: null };
}

/** `newApplicationId`: the pattern, the submit date and the counter, which wraps at the modulo if set. */
function nextAppId(m: MasterContext, now: number): string {
  const id = appId(now, m.nextAppNumber, m.conf.appIdPattern);
  m.nextAppNumber = m.conf.appNumberModulo > 0 ? (m.nextAppNumber + 1) % m.conf.appNumberModulo : m.nextAppNumber + 1;
  return id;
}

/** `newDriverId`, the same way. */
function nextDriverId(m: MasterContext, now: number): string {
  const id = driverId(now, m.nextDriverNumber, m.conf.driverIdPattern);
  m.nextDriverNumber =
    m.conf.driverNumberModulo > 0 ? (m.nextDriverNumber + 1) % m.conf.driverNumberModulo : m.nextDriverNumber + 1;
  return id;
}

/** Appends to a bounded history, evicting the oldest max(limit/10, 1) when full (spec §a.1). */
export function retain<T>(list: T[], item: T, limit: number): void {
  if (list.length >= limit) list.splice(0, Math.max(Math.floor(limit / 10), 1));
  list.push(item);
}
