/**
 * High availability on the Master (spec §f): election, `beginRecovery`, the answers that bring
 * workers and apps back, `completeRecovery`, disconnection and revoked leadership.
 */
import { touchApp, touchExecutor, touchWorker } from './touched';
import { MASTER, ref } from '../refs';
import type { MasterChangeAcknowledged, PersistedState, WorkerSchedulerStateResponse } from '../messages';
import {
  appAddExecutor,
  fullId,
  newApplication,
  newDriver,
  newWorkerInfo,
  workerAddDriver,
  workerAddExecutor,
  type Env,
  type MasterContext,
  type WorkerInfo,
} from './context';
import { recover, type Resources } from '../resources';
import { finishApplication, registerApplication } from './apps';
import { relaunchDriver, removeDriver } from './drivers';
import { readPersistedData } from './persistence';
import { removeWorker, registerWorker } from './workers';
import { schedule } from './schedule';
import { print } from '../print';
import { hostPort } from '../format';

/** What `ElectedLeader` read back: kept between the two halves of the handler. */
export function isNothingPersisted(p: PersistedState): boolean {
  return p.apps.length === 0 && p.drivers.length === 0 && p.workers.length === 0;
}

/** `receive` → `ElectedLeader` when nothing is persisted: straight to ALIVE. */
export function electedAlive(m: MasterContext, env: Env): void {
  env.io.handler(ref(MASTER, 'receive', 'ElectedLeader'));
  print(env.io, 'master.elected-leader', { state: 'ALIVE' });
}

/** `receive` → `ElectedLeader` with persisted state: RECOVERING and `beginRecovery` (spec §f.2). */
export function electedRecovering(m: MasterContext, env: Env): void {
  env.io.handler(ref(MASTER, 'receive', 'ElectedLeader'));
  const stored = readPersistedData(m, env);
  print(env.io, 'master.elected-leader', { state: 'RECOVERING' });
  m.recoveryStartTimeMs = env.io.now;
  beginRecovery(m, env, stored);
}

function beginRecovery(m: MasterContext, env: Env, stored: PersistedState): void {
  env.io.handler(ref(MASTER, 'beginRecovery'));
  for (const a of stored.apps) {
    print(env.io, 'master.recovering-app', { appId: a.id });
    const app = newApplication(m, a.desc, a.driver, a.startTime, a.id);
    registerApplication(m, env, app);
    app.state = 'UNKNOWN';
    touchApp(m, app.id);
    env.io.send(app.driver, { type: 'MasterChanged', master: m.address, masterWebUiUrl: m.webUiUrl });
  }
  for (const d of stored.drivers) {
    // Only read in: drivers of lost workers are relaunched when the worker is found missing.
    const driver = newDriver(m, d.desc, d.startTime, d.id);
    m.drivers[driver.id] = driver;
  }
  for (const s of stored.workers) {
    print(env.io, 'master.recovering-worker', { workerId: s.id });
    const w = newWorkerInfo(
      s.id,
      s.host,
      s.port,
      `${s.host}:${s.port}`,
      s.cores,
      s.memory,
      s.webUiAddress,
      env.io.now,
      s.resources,
    );
    if (registerWorker(m, env, w)) {
      w.state = 'UNKNOWN';
      touchWorker(m, w.id);
      env.io.send(w.address, { type: 'MasterChanged', master: m.address, masterWebUiUrl: m.webUiUrl });
    } else {
      print(env.io, 'master.recover-worker-failed', { workerId: s.id });
    }
  }
}

/** No UNKNOWN worker and no UNKNOWN app left (spec §c.1). */
export function canCompleteRecovery(m: MasterContext): boolean {
  for (const w of Object.values(m.workers)) if (w.state === 'UNKNOWN') return false;
  for (const a of Object.values(m.apps)) if (a.state === 'UNKNOWN') return false;
  return true;
}

/** Arms the `CompleteRecovery` timer (`recoveryCompletionTask`). */
export function armRecoveryTimer(m: MasterContext, env: Env): void {
  env.io.setTimer('recovery', 'CompleteRecovery', m.conf.recoveryTimeoutMs);
}

/** First half of `completeRecovery` (state COMPLETING_RECOVERY): cull non-responders (spec §f.4). */
export function completeRecoveryCull(m: MasterContext, env: Env): void {
  env.io.handler(ref(MASTER, 'completeRecovery'));
  for (const w of Object.values(m.workers)) {
    if (w.state === 'UNKNOWN') removeWorker(m, env, w, 'Not responding for recovery');
  }
  for (const a of Object.values(m.apps)) if (a.state === 'UNKNOWN') finishApplication(m, env, a);
  for (const a of Object.values(m.apps)) {
    if (a.state !== 'WAITING') continue;
    a.state = 'RUNNING';
    touchApp(m, a.id);
  }
  for (const d of Object.values(m.drivers)) {
    if (d.worker !== null) continue;
    print(env.io, 'master.driver-not-recovered', { driverId: d.id });
    if (d.desc.supervise) {
      print(env.io, 'master.recovery-relaunching-driver', { driverId: d.id });
      relaunchDriver(m, env, d);
    } else {
      removeDriver(m, env, d.id, 'ERROR');
      print(env.io, 'master.recovery-driver-not-relaunched', { driverId: d.id });
    }
  }
}

/** Second half of `completeRecovery`, once ALIVE. */
export function completeRecoveryResume(m: MasterContext, env: Env): void {
  schedule(m, env);
  print(env.io, 'master.recovery-complete', { ms: env.io.now - m.recoveryStartTimeMs });
}

/** `receive` → `MasterChangeAcknowledged`. */
export function handleMasterChangeAcknowledged(m: MasterContext, env: Env, msg: MasterChangeAcknowledged): void {
  env.io.handler(ref(MASTER, 'receive', 'MasterChangeAcknowledged'));
  const app = m.apps[msg.appId];
  if (app) {
    print(env.io, 'master.app-reregistered', { appId: msg.appId });
    app.state = 'WAITING';
    touchApp(m, app.id);
  } else {
    print(env.io, 'master.ack-from-unknown-app', { appId: msg.appId });
  }
}

/** `receive` → `WorkerSchedulerStateResponse`: re-attach what the worker still runs (spec §b.1). */
export function handleWorkerSchedulerStateResponse(
  m: MasterContext,
  env: Env,
  msg: WorkerSchedulerStateResponse,
): void {
  env.io.handler(ref(MASTER, 'receive', 'WorkerSchedulerStateResponse'));
  const id = m.idToWorker[msg.id];
  if (id === undefined) {
    print(env.io, 'master.scheduler-state-from-unknown-worker', { workerId: msg.id });
    return;
  }
  const worker = m.workers[id];
  print(env.io, 'master.worker-reregistered', { workerId: msg.id });
  worker.state = 'ALIVE';
  touchWorker(m, worker.id);
  for (const e of msg.executors) {
    const app = m.apps[e.appId];
    if (!app) continue;
    const exec = appAddExecutor(m, app, worker, e.cores, e.memoryMb, e.rpId, e.resources, e.execId);
    workerAddExecutor(m, worker, exec);
    if (!recoverResources(m, env, worker, e.resources)) return;
    exec.state = e.state;
    touchExecutor(m, fullId(app.id, exec.id));
  }
  for (const driverId of msg.driverIds) {
    const driver = m.drivers[driverId];
    if (!driver) continue;
    driver.worker = worker.id;
    driver.state = 'RUNNING';
    const resources = msg.driverResources?.[driverId];
    if (resources) driver.resources = resources;
    if (!recoverResources(m, env, worker, resources)) return;
    workerAddDriver(m, worker, driver);
  }
}

/**
 * `WorkerInfo.recoverResources`: the addresses a worker reports in use are taken again. An address
 * taken twice (two leaders placed executors on the same GPU) throws in Spark: the inbox logs the
 * SparkException and the rest of the response is never read (false).
 */
function recoverResources(m: MasterContext, env: Env, worker: WorkerInfo, taken: Resources | undefined): boolean {
  if (!taken || Object.keys(taken).length === 0) return true;
  const problem = recover(worker.resources ?? {}, (worker.resourcesUsed ??= {}), taken, m.conf.sparkVersion);
  touchWorker(m, worker.id);
  if (problem === null) return true;
  print(env.io, 'infra.inbox-ignoring-error', {}, `org.apache.spark.SparkException: ${problem}`);
  m.resourceConflicts.push({ workerId: worker.id, problem, shown: false });
  return false;
}

/** `onDisconnected`: a worker or an app driver went away (spec §b.6). */
export function handleDisconnected(m: MasterContext, env: Env, address: string): void {
  env.io.handler(ref(MASTER, 'onDisconnected'));
  print(env.io, 'master.disassociated', hostPort(address));
  const w = m.addressToWorker[address];
  if (w !== undefined) removeWorker(m, env, m.workers[w], `${address} got disassociated`);
  const a = m.addressToApp[address];
  if (a !== undefined) finishApplication(m, env, m.apps[a]);
}

/** `receive` → `RevokedLeadership`: the process exits (spec §f.5). */
export function revokedLeadership(m: MasterContext, env: Env): void {
  env.io.handler(ref(MASTER, 'receive', 'RevokedLeadership'));
  print(env.io, 'master.leadership-revoked');
  env.io.exit(0, 'Leadership has been revoked');
}
