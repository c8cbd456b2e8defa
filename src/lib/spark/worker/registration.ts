/**
 * The Worker's registration lifecycle (spec §c.3, §b.2): start-up, `registerWithMaster`,
 * `reregisterWithMaster` with its INITIAL and PROLONGED retry timers, the master's answers,
 * `MasterChanged`, `ReconnectWorker`, heartbeats and losing the master.
 */
import type { Address } from '../../sim/types';
import { hostPort, sparkUrl, workerId } from '../format';
import type { MasterChanged, ReconnectWorker, RegisteredWorker, RegisterWorkerFailed } from '../messages';
import { WORKER, ref } from '../refs';
import { atLeast } from '../config';
import { heartbeatMs, type Env, type WorkerContext } from './context';
import { executorDescriptions } from './executors';
import { print, spoken } from '../print';
import { RESOURCES_SINCE, resourceLines, type Resources } from '../resources';

/** `Worker.onStart`: the fuzz factor is drawn once per process from the worker's own stream. */
export function startWorker(w: WorkerContext, env: Env): void {
  env.io.handler(ref(WORKER, 'onStart'));
  w.workerId = workerId(env.io.now, w.host, w.port, w.conf.workerIdPattern);
  w.fuzz = env.io.random() + 0.5;
  w.initialIntervalMs = Math.round(10 * w.fuzz) * 1000;
  w.prolongedIntervalMs = Math.round(60 * w.fuzz) * 1000;
  // The Worker's constructor, before onStart: the SIGPWR handler, or why there is none [3.1+].
  if (w.conf.decommissionEnabled) print(env.io, 'worker.decommission-signal', { signal: 'PWR' });
  else print(env.io, 'worker.decommission-disabled-at-start');
  print(env.io, 'worker.starting', { ...hostPort(w.address), cores: w.cores, memory: w.memory });
  print(env.io, 'worker.running-version', { version: spoken() });
  print(env.io, 'worker.spark-home', { path: '/opt/spark' });
  setupWorkerResources(w, env);
  print(env.io, 'worker.web-ui-bound', { bindHost: '0.0.0.0', url: w.webUiUrl });
  registerWithMaster(w, env);
}

/**
 * `setupWorkerResources` [3.0+]: the resources found (the scenario's addresses), as
 * `ResourceUtils.logResourceInfo` prints them between two rules.
 */
function setupWorkerResources(w: WorkerContext, env: Env): void {
  if (!atLeast(w.conf.sparkVersion, RESOURCES_SINCE)) return;
  print(env.io, 'infra.resources-rule');
  if (w.resources) print(env.io, 'infra.custom-resources', { component: 'spark.worker' }, resourceLines(w.resources));
  else print(env.io, 'infra.no-custom-resources', { component: 'spark.worker' });
  print(env.io, 'infra.resources-rule');
}

function sendRegister(w: WorkerContext, env: Env, masterAddress: Address): void {
  print(env.io, 'worker.connecting', hostPort(masterAddress, 'master'));
  env.io.send(masterAddress, {
    type: 'RegisterWorker',
    id: w.workerId,
    host: w.host,
    port: w.port,
    worker: w.address,
    cores: w.cores,
    memory: w.memory,
    workerWebUiUrl: w.webUiUrl,
    masterAddress,
    ...(w.resources ? { resources: w.resources } : {}),
  });
}

/** `registerWithMaster`: a round to every configured master, then the INITIAL retry timer. */
export function registerWithMaster(w: WorkerContext, env: Env): void {
  env.io.handler(ref(WORKER, 'registerWithMaster'));
  if (w.retryTimer !== null) {
    print(env.io, 'worker.registration-already-scheduled');
    return;
  }
  w.registered = false;
  for (const m of w.masterAddresses) sendRegister(w, env, m);
  w.connectionAttemptCount = 0;
  w.retryTimer = 'INITIAL';
  env.io.setTimer('reregister', 'ReregisterWithMaster', w.initialIntervalMs, w.initialIntervalMs);
}

function cancelLastRegistrationRetry(w: WorkerContext, env: Env): void {
  if (w.retryTimer !== null) env.io.cancelTimer('reregister');
  w.retryTimer = null;
}

/** Whether the next `ReregisterWithMaster` will give up (guards read this before the action). */
export const willGiveUp = (w: WorkerContext) =>
  !w.registered && w.connectionAttemptCount + 1 > w.conf.totalRegistrationRetries;
export const willProlong = (w: WorkerContext) =>
  !w.registered && w.connectionAttemptCount + 1 === w.conf.initialRegistrationRetries;

/** `reregisterWithMaster` (spec §c.3): retries go to the known master once there is one. */
export function reregisterWithMaster(w: WorkerContext, env: Env): void {
  env.io.handler(ref(WORKER, 'reregisterWithMaster'));
  w.connectionAttemptCount += 1;
  if (w.registered) {
    cancelLastRegistrationRetry(w, env);
    return;
  }
  if (w.connectionAttemptCount <= w.conf.totalRegistrationRetries) {
    print(env.io, 'worker.retrying', { attempt: w.connectionAttemptCount });
    if (w.master !== null) {
      // SPARK-4592: after a loss, retry only the master we knew.
      const target = w.conf.preferConfiguredMasterAddress ? (w.masterAddressToConnect ?? w.master) : w.master;
      sendRegister(w, env, target);
    } else {
      for (const m of w.masterAddresses) sendRegister(w, env, m);
    }
    if (w.connectionAttemptCount === w.conf.initialRegistrationRetries) {
      env.io.cancelTimer('reregister');
      w.retryTimer = 'PROLONGED';
      env.io.setTimer('reregister', 'ReregisterWithMaster', w.prolongedIntervalMs, w.prolongedIntervalMs);
    }
  } else {
    print(env.io, 'worker.giving-up');
    w.retryTimer = null;
    env.io.exit(1, 'All masters are unresponsive! Giving up.');
  }
}

function changeMaster(w: WorkerContext, env: Env, master: Address, uiUrl: string, masterAddress: Address): void {
  w.activeMasterUrl = sparkUrl(master);
  w.activeMasterWebUiUrl = uiUrl;
  // The address the worker dialled, echoed by the master: kept since 2.3 (SPARK-20529); before,
  // a worker knew its master only by the master's own address.
  w.masterAddressToConnect = atLeast(w.conf.sparkVersion, '2.3') ? masterAddress : null;
  w.master = master;
  w.connected = true;
  cancelLastRegistrationRetry(w, env);
}

/** `handleRegisterResponse` → `RegisteredWorker`. */
export function onRegisteredWorker(w: WorkerContext, env: Env, msg: RegisteredWorker): void {
  env.io.handler(ref(WORKER, 'handleRegisterResponse', 'RegisteredWorker'));
  const preferred = w.conf.preferConfiguredMasterAddress ? msg.masterAddress : msg.master;
  if (msg.duplicate) print(env.io, 'worker.duplicate-registration', hostPort(preferred, 'master'));
  print(env.io, 'worker.registered', hostPort(preferred, 'master'));
  w.registered = true;
  changeMaster(w, env, msg.master, msg.masterWebUiUrl, msg.masterAddress);
  // A new fixed-rate heartbeat on every registration; earlier ones are never cancelled.
  const hb = ++w.heartbeatTimers;
  env.io.setTimer(`heartbeat-${hb}`, 'SendHeartbeat', 0, heartbeatMs(w));
  if (w.conf.cleanupEnabled) {
    print(env.io, 'worker.cleanup-enabled', { dir: '/opt/spark/work' });
    const c = ++w.cleanupTimers;
    env.io.setTimer(`cleanup-${c}`, 'WorkDirCleanup', w.conf.cleanupIntervalMs, w.conf.cleanupIntervalMs);
  }
  // What it runs, for the master to reconcile: since 2.0 (SPARK-13604, spec §9); 1.x only heartbeats.
  if (!atLeast(w.conf.sparkVersion, '2.0')) return;
  env.io.send(msg.master, {
    type: 'WorkerLatestState',
    id: w.workerId,
    executors: executorDescriptions(w),
    driverIds: Object.keys(w.drivers),
  });
}

/** `handleRegisterResponse` → `RegisterWorkerFailed`: fatal unless already registered. */
export function onRegisterWorkerFailed(w: WorkerContext, env: Env, msg: RegisterWorkerFailed): void {
  env.io.handler(ref(WORKER, 'handleRegisterResponse', 'RegisterWorkerFailed'));
  if (w.registered) return;
  print(env.io, 'worker.registration-failed', { message: msg.message });
  env.io.exit(1, `Worker registration failed: ${msg.message}`);
}

export function onMasterInStandby(w: WorkerContext, env: Env): void {
  env.io.handler(ref(WORKER, 'handleRegisterResponse', 'MasterInStandby'));
}

/** `receive` → `ReconnectWorker`: a full round to every configured master. */
export function onReconnectWorker(w: WorkerContext, env: Env, msg: ReconnectWorker): void {
  env.io.handler(ref(WORKER, 'receive', 'ReconnectWorker'));
  print(env.io, 'worker.reconnect-requested', { masterUrl: msg.masterUrl });
  registerWithMaster(w, env);
}

/** `receive` → `MasterChanged`: follow the new leader and report what runs here. */
export function onMasterChanged(w: WorkerContext, env: Env, msg: MasterChanged): void {
  env.io.handler(ref(WORKER, 'receive', 'MasterChanged'));
  print(env.io, 'worker.master-changed', hostPort(msg.master, 'master'));
  changeMaster(w, env, msg.master, msg.masterWebUiUrl, msg.master);
  env.io.send(msg.master, {
    type: 'WorkerSchedulerStateResponse',
    id: w.workerId,
    executors: executorDescriptions(w, true),
    driverIds: Object.keys(w.drivers),
    ...driverResources(w),
  });
}

/** `WorkerDriverStateResponse.resources` of the drivers that hold any. */
function driverResources(w: WorkerContext): { driverResources?: Record<string, Resources> } {
  const held = Object.values(w.drivers).filter((d) => d.resources !== undefined);
  if (held.length === 0) return {};
  return { driverResources: Object.fromEntries(held.map((d) => [d.driverId, d.resources!])) };
}

/** True when a lost connection is the master's (spec §b.3, "disconnection from an address"). */
export const isMasterAddress = (w: WorkerContext, address: Address) =>
  w.master === address || w.masterAddressToConnect === address;

/** `onDisconnected` for the master: `masterDisconnected` and a new registration round. */
export function onMasterDisconnected(w: WorkerContext, env: Env, address: Address): void {
  env.io.handler(ref(WORKER, 'masterDisconnected'));
  print(env.io, 'worker.master-disassociated', hostPort(address, 'master'));
  print(env.io, 'worker.master-connection-failed');
  w.connected = false;
  registerWithMaster(w, env);
}

/** `SendHeartbeat`: only while connected, to the current master. */
export function sendHeartbeat(w: WorkerContext, env: Env): void {
  if (w.connected && w.master !== null) {
    env.io.send(w.master, { type: 'Heartbeat', workerId: w.workerId, worker: w.address });
  }
}

/** A `RegisterWorker` could not even connect (spec §c.3). */
export function onRegisterSendFailed(w: WorkerContext, env: Env, to: Address): void {
  env.io.handler(ref(WORKER, 'sendRegisterMessageToMaster'));
  print(env.io, 'worker.connect-failed', hostPort(to, 'master'));
}

/**
 * `WorkerDecommissionSigReceived` (SIGPWR, spec §g.7): decommissionSelf, then tell the master. The
 * signal handler exists only when `spark.decommission.enabled`; otherwise the signal does nothing.
 */
/** `receive` → `DecommissionWorker` (the master's web UI asked it) [3.1+]: `decommissionSelf`. */
export function onDecommissionWorker(w: WorkerContext, env: Env): void {
  env.io.handler(ref(WORKER, 'receive', 'DecommissionWorker'));
  decommissionSelf(w, env);
}

/** `decommissionSelf`: once, if enabled; a second time, or when disabled, only says so. */
function decommissionSelf(w: WorkerContext, env: Env): void {
  if (!w.conf.decommissionEnabled) {
    print(env.io, 'worker.decommission-disabled');
  } else if (w.decommissioned) {
    print(env.io, 'worker.already-decommissioning', { workerId: w.workerId });
  } else {
    w.decommissioned = true;
    print(env.io, 'worker.decommissioning', { workerId: w.workerId });
  }
}

export function onDecommissionSignal(w: WorkerContext, env: Env): void {
  if (!w.conf.decommissionEnabled) {
    // No SIGPWR handler was installed ("Worker decommissioning not enabled."): Spark does nothing.
    env.io.ignored('no SIGPWR handler: spark.decommission.enabled is false');
    return;
  }
  env.io.handler(ref(WORKER, 'receive', 'WorkerDecommissionSigReceived'));
  decommissionSelf(w, env);
  if (w.master !== null) env.io.send(w.master, { type: 'WorkerDecommissioning', id: w.workerId, worker: w.address });
}
