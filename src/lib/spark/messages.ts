/**
 * Every control-plane message of Spark Standalone (spec §b), with Spark's names and fields
 * (`deploy/DeployMessage.scala`), as one discriminated union. Endpoint refs are RPC addresses
 * (`host:port`); master URLs are `spark://host:port`.
 *
 * The ZooKeeper messages at the end are not Spark's: they stand in for the ZooKeeper wire protocol
 * that Curator's LeaderLatch and Spark's ZooKeeperPersistenceEngine use.
 */
import type { Address } from '../sim/types';
import type { DriverState, ExecutorState } from './states';
import type { ResourceAmounts, Resources } from './resources';

export interface ExecutorDescription {
  appId: string;
  execId: number;
  rpId: number;
  cores: number;
  memoryMb: number;
  state: ExecutorState;
  /** The addresses it holds: the `resources` that `WorkerExecutorStateResponse` pairs it with [3.0+]. */
  resources?: Resources;
}

/**
 * A `ResourceProfile` as the driver sends it in `RequestExecutors` [3.4+]: its id, and what each
 * executor of it takes where it sets them (cores and memory default to the app's).
 */
export interface ResourceProfile {
  id: number;
  executorCores?: number;
  executorMemoryMb?: number;
  /** `spark.executor.resource.{name}.amount` of this profile. */
  resources?: ResourceAmounts;
}

export interface ApplicationDescription {
  name: string;
  maxCores?: number;
  memoryPerExecutorMB: number;
  coresPerExecutor?: number;
  initialExecutorLimit?: number;
  /** `resourceReqsPerExecutor`: the default profile's custom resources per executor [3.0+]. */
  resourceReqsPerExecutor?: ResourceAmounts;
  /** Model only: how long each executor process runs once RUNNING, and the code it exits with. */
  executorRunMs?: number;
  executorExitCode?: number;
}

export interface DriverDescription {
  jarUrl: string;
  mainClass: string;
  mem: number;
  cores: number;
  supervise: boolean;
  /** `resourceReqs`: `spark.driver.resource.{name}.amount` [3.0+]. */
  resourceReqs?: ResourceAmounts;
  /** Model only: how long the driver process runs, and the exit code it ends with. */
  runMs?: number;
  exitCode?: number;
  /** Model only: run by run (a supervised driver restarts itself); the last repeats. Over runMs/exitCode. */
  runs?: { runMs?: number; exitCode: number }[];
  /** Model only: the process cannot be launched (DriverRunner's exception: ERROR). */
  failToStart?: boolean;
}

/** Persisted records (PersistenceEngine): what a new leader reads back. */
export interface PersistedApp {
  id: string;
  desc: ApplicationDescription;
  driver: Address;
  startTime: number;
}
export interface PersistedDriver {
  id: string;
  desc: DriverDescription;
  startTime: number;
}
export interface PersistedWorker {
  id: string;
  host: string;
  port: number;
  cores: number;
  memory: number;
  webUiAddress: string;
  resources?: Resources;
}
export interface PersistedState {
  apps: PersistedApp[];
  drivers: PersistedDriver[];
  workers: PersistedWorker[];
}

// -------------------------------------------------------------------------------------------------
// Worker → Master (§b.1)
export interface RegisterWorker {
  type: 'RegisterWorker';
  id: string;
  host: string;
  port: number;
  worker: Address;
  cores: number;
  memory: number;
  workerWebUiUrl: string;
  /** The master address the worker dialled. */
  masterAddress: Address;
  /** What it has of each custom resource [3.0+] (left out when none). */
  resources?: Resources;
}
export interface Heartbeat {
  type: 'Heartbeat';
  workerId: string;
  worker: Address;
}
export interface WorkerLatestState {
  type: 'WorkerLatestState';
  id: string;
  executors: ExecutorDescription[];
  driverIds: string[];
}
export interface WorkerSchedulerStateResponse {
  type: 'WorkerSchedulerStateResponse';
  id: string;
  executors: ExecutorDescription[];
  driverIds: string[];
  /** `WorkerDriverStateResponse.resources`, by driver id, for drivers that hold some. */
  driverResources?: Record<string, Resources>;
}
export interface ExecutorStateChanged {
  type: 'ExecutorStateChanged';
  appId: string;
  execId: number;
  state: ExecutorState;
  message?: string;
  exitStatus?: number;
}
export interface DriverStateChanged {
  type: 'DriverStateChanged';
  driverId: string;
  state: DriverState;
  exception?: string;
}

export interface WorkerDecommissioning {
  type: 'WorkerDecommissioning';
  id: string;
  worker: Address;
}

// Master → Worker (§b.2)
export interface RegisteredWorker {
  type: 'RegisteredWorker';
  master: Address;
  masterWebUiUrl: string;
  masterAddress: Address;
  duplicate: boolean;
}
export interface RegisterWorkerFailed {
  type: 'RegisterWorkerFailed';
  message: string;
}
export interface MasterInStandby {
  type: 'MasterInStandby';
}
export interface ReconnectWorker {
  type: 'ReconnectWorker';
  masterUrl: string;
}
export interface MasterChanged {
  type: 'MasterChanged';
  master: Address;
  masterWebUiUrl: string;
}
export interface LaunchExecutor {
  type: 'LaunchExecutor';
  masterUrl: string;
  appId: string;
  execId: number;
  rpId: number;
  appDesc: ApplicationDescription;
  cores: number;
  memory: number;
  /** The addresses acquired for it (left out when none). */
  resources?: Resources;
}
export interface KillExecutor {
  type: 'KillExecutor';
  masterUrl: string;
  appId: string;
  execId: number;
}
export interface LaunchDriver {
  type: 'LaunchDriver';
  driverId: string;
  driverDesc: DriverDescription;
  resources?: Resources;
}
export interface KillDriver {
  type: 'KillDriver';
  driverId: string;
}
export interface ApplicationFinished {
  type: 'ApplicationFinished';
  id: string;
}

// Worker-internal (§b.3)
export interface ReregisterWithMaster {
  type: 'ReregisterWithMaster';
}
export interface SendHeartbeat {
  type: 'SendHeartbeat';
}
export interface WorkDirCleanup {
  type: 'WorkDirCleanup';
}

// Application client ↔ Master (§b.4)
export interface RegisterApplication {
  type: 'RegisterApplication';
  appDescription: ApplicationDescription;
  driver: Address;
}
export interface RegisteredApplication {
  type: 'RegisteredApplication';
  appId: string;
  master: Address;
}
export interface UnregisterApplication {
  type: 'UnregisterApplication';
  appId: string;
}
export interface MasterChangeAcknowledged {
  type: 'MasterChangeAcknowledged';
  appId: string;
}
/** `RequestExecutors(appId, Map[ResourceProfile, Int])`: the total the driver wants of each profile. */
export interface RequestExecutors {
  type: 'RequestExecutors';
  appId: string;
  requested: { profile: ResourceProfile; total: number }[];
}
export interface KillExecutors {
  type: 'KillExecutors';
  appId: string;
  executorIds: string[];
}
export interface ExecutorAdded {
  type: 'ExecutorAdded';
  id: number;
  workerId: string;
  hostPort: string;
  cores: number;
  memory: number;
}
export interface ExecutorUpdated {
  type: 'ExecutorUpdated';
  id: number;
  state: ExecutorState;
  message?: string;
  exitStatus?: number;
  workerHost?: string;
}
export interface WorkerRemoved {
  type: 'WorkerRemoved';
  id: string;
  host: string;
  message: string;
}
export interface ApplicationRemoved {
  type: 'ApplicationRemoved';
  message: string;
}
export interface StopAppClient {
  type: 'StopAppClient';
}

// Submission client ↔ Master (§b.5)
export interface RequestSubmitDriver {
  type: 'RequestSubmitDriver';
  driverDescription: DriverDescription;
}
export interface SubmitDriverResponse {
  type: 'SubmitDriverResponse';
  master: Address;
  success: boolean;
  driverId?: string;
  message: string;
}
export interface RequestKillDriver {
  type: 'RequestKillDriver';
  driverId: string;
}
export interface KillDriverResponse {
  type: 'KillDriverResponse';
  master: Address;
  driverId: string;
  success: boolean;
  message: string;
}
export interface RequestMasterState {
  type: 'RequestMasterState';
}
export interface MasterStateResponse {
  type: 'MasterStateResponse';
  host: string;
  port: number;
  workers: {
    id: string;
    host: string;
    port: number;
    state: string;
    cores: number;
    coresUsed: number;
    memory: number;
    memoryUsed: number;
  }[];
  activeApps: string[];
  completedApps: string[];
  activeDrivers: string[];
  completedDrivers: string[];
  status: string;
}
export interface RequestDriverStatus {
  type: 'RequestDriverStatus';
  driverId: string;
}
export interface DriverStatusResponse {
  type: 'DriverStatusResponse';
  found: boolean;
  state?: string;
  workerId?: string;
  workerHostPort?: string;
  exception?: string;
}
export interface RequestKillAllDrivers {
  type: 'RequestKillAllDrivers';
}
export interface KillAllDriversResponse {
  type: 'KillAllDriversResponse';
  master: Address;
  success: boolean;
  message: string;
}
/** The answer to an ask whose handler threw (`RpcCallContext.sendFailure`): the asker's ask fails. */
export interface RpcFailure {
  type: 'RpcFailure';
  error: string;
}
export interface RequestReadyz {
  type: 'RequestReadyz';
}
/** The REST server's `/v1/submissions/clear` [4.0]: forget the completed drivers and apps. */
export interface RequestClearCompletedDriversAndApps {
  type: 'RequestClearCompletedDriversAndApps';
}
/** The master's web UI (`/workers/kill/?host=…`) [3.1+]: decommission the workers on these hosts. */
export interface DecommissionWorkersOnHosts {
  type: 'DecommissionWorkersOnHosts';
  hostnames: string[];
}
/** The master to itself, after `DecommissionWorkersOnHosts`. */
export interface DecommissionWorkers {
  type: 'DecommissionWorkers';
  ids: string[];
}
/** The master to a worker: decommission yourself. */
export interface DecommissionWorker {
  type: 'DecommissionWorker';
}
/** An ask's integer answer (`DecommissionWorkersOnHosts`: how many workers matched). */
export interface IntReply {
  type: 'Int';
  value: number;
}
export interface BooleanReply {
  type: 'Boolean';
  value: boolean;
}

// Master-internal (§b.6)
export interface ElectedLeader {
  type: 'ElectedLeader';
}
export interface RevokedLeadership {
  type: 'RevokedLeadership';
}
export interface CheckForWorkerTimeOut {
  type: 'CheckForWorkerTimeOut';
}
export interface CompleteRecovery {
  type: 'CompleteRecovery';
}

// ZooKeeper stand-ins (not Spark messages)
export interface ZkJoinLatch {
  type: 'ZkJoinLatch';
  path: string;
  participant: Address;
  /** Which join of this participant (a reconnect re-creates the latch node). */
  attempt: number;
}
export interface ZkPing {
  type: 'ZkPing';
}
export interface ZkPong {
  type: 'ZkPong';
}
export interface ZkLatchState {
  type: 'ZkLatchState';
  leader: boolean;
  /** The join this notice is about; a notice for an abandoned join is stale. */
  attempt: number;
  /** `master_status` at the moment the latch was granted (what readPersistedData returns). */
  persisted?: PersistedState;
}
export interface ZkSetData {
  type: 'ZkSetData';
  path: string;
  /** null deletes the node. */
  data: PersistedApp | PersistedDriver | PersistedWorker | null;
}
export interface ZkCloseSession {
  type: 'ZkCloseSession';
}

export type SparkMessage =
  | RegisterWorker
  | Heartbeat
  | WorkerLatestState
  | WorkerSchedulerStateResponse
  | ExecutorStateChanged
  | DriverStateChanged
  | WorkerDecommissioning
  | DecommissionWorkersOnHosts
  | DecommissionWorkers
  | DecommissionWorker
  | IntReply
  | RegisteredWorker
  | RegisterWorkerFailed
  | MasterInStandby
  | ReconnectWorker
  | MasterChanged
  | LaunchExecutor
  | KillExecutor
  | LaunchDriver
  | KillDriver
  | ApplicationFinished
  | ReregisterWithMaster
  | SendHeartbeat
  | WorkDirCleanup
  | RegisterApplication
  | RegisteredApplication
  | UnregisterApplication
  | MasterChangeAcknowledged
  | RequestExecutors
  | KillExecutors
  | ExecutorAdded
  | ExecutorUpdated
  | WorkerRemoved
  | ApplicationRemoved
  | StopAppClient
  | RequestSubmitDriver
  | SubmitDriverResponse
  | RequestKillDriver
  | KillDriverResponse
  | RequestMasterState
  | MasterStateResponse
  | RequestDriverStatus
  | DriverStatusResponse
  | RequestKillAllDrivers
  | KillAllDriversResponse
  | RpcFailure
  | RequestReadyz
  | RequestClearCompletedDriversAndApps
  | BooleanReply
  | ElectedLeader
  | RevokedLeadership
  | CheckForWorkerTimeOut
  | CompleteRecovery
  | ZkJoinLatch
  | ZkPing
  | ZkPong
  | ZkLatchState
  | ZkSetData
  | ZkCloseSession;

export type MessageType = SparkMessage['type'];

/** Message families, for colour and glyph in the view and for filtering. */
export type Family = 'registration' | 'heartbeat' | 'recovery' | 'scheduling' | 'executor' | 'zookeeper' | 'internal';

export const FAMILY: Record<MessageType, Family> = {
  RegisterWorker: 'registration',
  WorkerDecommissioning: 'registration',
  DecommissionWorkersOnHosts: 'registration',
  DecommissionWorkers: 'internal',
  DecommissionWorker: 'registration',
  Int: 'scheduling',
  RegisteredWorker: 'registration',
  RegisterWorkerFailed: 'registration',
  MasterInStandby: 'registration',
  ReconnectWorker: 'registration',
  ReregisterWithMaster: 'internal',
  RegisterApplication: 'registration',
  RegisteredApplication: 'registration',
  UnregisterApplication: 'registration',
  Heartbeat: 'heartbeat',
  SendHeartbeat: 'internal',
  CheckForWorkerTimeOut: 'internal',
  WorkDirCleanup: 'internal',
  WorkerLatestState: 'heartbeat',
  MasterChanged: 'recovery',
  MasterChangeAcknowledged: 'recovery',
  WorkerSchedulerStateResponse: 'recovery',
  ElectedLeader: 'recovery',
  RevokedLeadership: 'recovery',
  CompleteRecovery: 'recovery',
  LaunchExecutor: 'scheduling',
  LaunchDriver: 'scheduling',
  ExecutorAdded: 'scheduling',
  RequestExecutors: 'scheduling',
  KillExecutors: 'scheduling',
  RequestSubmitDriver: 'scheduling',
  SubmitDriverResponse: 'scheduling',
  RequestKillDriver: 'scheduling',
  KillDriverResponse: 'scheduling',
  RequestMasterState: 'scheduling',
  MasterStateResponse: 'scheduling',
  RequestDriverStatus: 'scheduling',
  DriverStatusResponse: 'scheduling',
  RequestKillAllDrivers: 'scheduling',
  KillAllDriversResponse: 'scheduling',
  RpcFailure: 'internal',
  RequestReadyz: 'scheduling',
  RequestClearCompletedDriversAndApps: 'scheduling',
  Boolean: 'executor',
  ExecutorStateChanged: 'executor',
  ExecutorUpdated: 'executor',
  KillExecutor: 'executor',
  KillDriver: 'executor',
  DriverStateChanged: 'executor',
  ApplicationFinished: 'executor',
  ApplicationRemoved: 'executor',
  WorkerRemoved: 'executor',
  StopAppClient: 'internal',
  ZkJoinLatch: 'zookeeper',
  ZkPing: 'zookeeper',
  ZkPong: 'zookeeper',
  ZkLatchState: 'zookeeper',
  ZkSetData: 'zookeeper',
  ZkCloseSession: 'zookeeper',
};
