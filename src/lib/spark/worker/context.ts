/**
 * The Worker's state (spec §a.2) and its runners (spec §a.6), as plain JSON-safe records.
 */
import type { Address } from '../../sim/types';
import type { SparkConf } from '../config';
import { webUiUrl } from '../format';
import type { DriverDescription, ExecutorStateChanged } from '../messages';
import type { DriverState, ExecutorState } from '../states';
import { release, type Resources } from '../resources';
import type { Env } from '../master/context';

export type { Env };

/** Model assumptions, not Spark settings: how long a JVM takes to start. */
export const EXECUTOR_LAUNCH_MS = 500;
export const DRIVER_LAUNCH_MS = 1000;

export interface ExecutorRunner {
  appId: string;
  execId: number;
  appName: string;
  cores: number;
  memory: number;
  /** Its resource profile, and the custom resource addresses the master gave it. */
  rpId: number;
  resources?: Resources;
  state: ExecutorState;
  /** Model only: the process exits this long after it runs, with this code (the app's scenario). */
  exit?: { afterMs: number; code: number };
}

export interface DriverRunner {
  driverId: string;
  desc: DriverDescription;
  state: 'LAUNCHING' | 'RUNNING' | 'WAITING_TO_RELAUNCH' | DriverState;
  /** Processes started so far (a supervised driver restarts itself). */
  runs: number;
  /** Next supervise back-off, ms (1 s doubling, reset after a run over 5 s). */
  backoffMs: number;
  startedAt: number;
  killed: boolean;
  /** The custom resource addresses the master gave it, and the file they are written to. */
  resources?: Resources;
  resourcesFile?: string;
}

export interface WorkerContext {
  host: string;
  port: number;
  address: Address;
  cores: number;
  memory: number;
  webUiUrl: string;
  conf: SparkConf;
  workerId: string;
  /** Configured masters, `host:port`. */
  masterAddresses: Address[];

  registered: boolean;
  connected: boolean;
  decommissioned: boolean;
  /** The master that accepted us or announced itself (never reset to none). */
  master: Address | null;
  masterAddressToConnect: Address | null;
  activeMasterUrl: string;
  activeMasterWebUiUrl: string;
  connectionAttemptCount: number;
  /** Which retry timer is running, if any. */
  retryTimer: 'INITIAL' | 'PROLONGED' | null;
  /** Heartbeat timers started so far: one per successful registration, never cancelled. */
  heartbeatTimers: number;
  cleanupTimers: number;

  /** The fuzz multiplier f ∈ [0.5, 1.5), drawn once per process. */
  fuzz: number;
  initialIntervalMs: number;
  prolongedIntervalMs: number;

  executors: Record<string, ExecutorRunner>;
  finishedExecutors: ExecutorRunner[];
  drivers: Record<string, DriverRunner>;
  finishedDrivers: DriverRunner[];
  coresUsed: number;
  memoryUsed: number;
  /** Custom resources it has (`spark.worker.resource.*`) [3.0+], and the addresses in use, by name. */
  resources?: Resources;
  resourcesUsed?: Resources;
  /**
   * Resources charged twice: Spark's worker overwrites a runner when two leaders (NONE/FILESYSTEM
   * with several masters) launch the same id, but keeps adding to coresUsed/memoryUsed.
   */
  leaked: { cores: number; memory: number };
  appDirectories: string[];
  finishedApps: string[];
  executorStateSyncFailureAttempts: Record<string, number>;
  /** Executor state reports waiting for the master's answer, by ask tag. */
  pendingSyncs: Record<string, ExecutorStateChanged>;
  nextSyncTag: number;

  /** Fault injection: executors fail to launch (and running ones exit with code 1). */
  failExecutors: boolean;
}

/** What a Worker is started with (`worker` node params). */
export interface WorkerParams {
  host: string;
  port: number;
  cores: number;
  memory: number;
  masters: Address[];
  conf: SparkConf;
  failExecutors: boolean;
  /** `spark.worker.resource.{name}.amount` with the addresses discovered for each. */
  resources?: Resources;
  /** Check the daemon's own invariants after each input (default true). */
  check?: boolean;
  /** Use the transition cache (default true). */
  fastPath?: boolean;
}

/** The id and the fuzz factor are set at start-up, from virtual time and the worker's own stream. */
export function createWorkerContext(p: WorkerParams): WorkerContext {
  return {
    host: p.host,
    port: p.port,
    address: `${p.host}:${p.port}`,
    cores: p.cores,
    memory: p.memory,
    webUiUrl: webUiUrl(p.host, 8081),
    conf: p.conf,
    workerId: '',
    masterAddresses: p.masters,
    registered: false,
    connected: false,
    decommissioned: false,
    master: null,
    masterAddressToConnect: null,
    activeMasterUrl: '',
    activeMasterWebUiUrl: '',
    connectionAttemptCount: 0,
    retryTimer: null,
    heartbeatTimers: 0,
    cleanupTimers: 0,
    fuzz: 1,
    initialIntervalMs: 10_000,
    prolongedIntervalMs: 60_000,
    executors: {},
    finishedExecutors: [],
    drivers: {},
    finishedDrivers: [],
    coresUsed: 0,
    memoryUsed: 0,
    leaked: { cores: 0, memory: 0 },
    appDirectories: [],
    finishedApps: [],
    executorStateSyncFailureAttempts: {},
    pendingSyncs: {},
    nextSyncTag: 0,
    failExecutors: p.failExecutors,
    ...(p.resources && Object.keys(p.resources).length > 0
      ? {
          resources: p.resources,
          resourcesUsed: Object.fromEntries(Object.keys(p.resources).map((name) => [name, []])),
        }
      : {}),
  };
}

/**
 * `prepareResourcesFile`: where a runner's resources file is written (`File.createTempFile`'s
 * name, its number drawn from the worker's own stream).
 */
export function resourcesFile(env: Env, dir: string, component: 'executor' | 'driver'): string {
  const high = Math.floor(env.io.random() * 1e9);
  const low = String(Math.floor(env.io.random() * 1e9)).padStart(9, '0');
  return `${dir}/resource-${component}-${high}${low}.json`;
}

/** `addResourcesUsed` / `removeResourcesUsed`: the worker's own count of addresses in use. */
export function chargeResources(w: WorkerContext, taken: Resources | undefined, sign: 1 | -1): void {
  if (!taken || !w.resourcesUsed) return;
  if (sign < 0) {
    release(w.resourcesUsed, taken);
    return;
  }
  for (const [name, addresses] of Object.entries(taken)) {
    const now = w.resourcesUsed[name] ?? [];
    w.resourcesUsed[name] = [...now, ...addresses.filter((a) => !now.includes(a))];
  }
}

/** `Heartbeat` period: timeout / 4. */
export const heartbeatMs = (w: WorkerContext) => Math.floor(w.conf.workerTimeoutMs / 4);

/** Keeps a bounded list of finished runners, trimming the oldest max(size/10, 1) past the limit. */
export function trimFinished<T>(list: T[], limit: number): void {
  if (list.length > limit) list.splice(0, Math.max(Math.floor(list.length / 10), 1));
}
