/**
 * The Master's side of workers: registration (spec §b.1, §g.6), heartbeats and timeouts (§g.1,
 * §g.5), removal (§g.2) and the stale-work check of `WorkerLatestState` (§g.4).
 */
import { touchExecutor, touchWorker } from './touched';
import { atLeast } from '../config';
import { MASTER, ref } from '../refs';
import type {
  DecommissionWorkers,
  DecommissionWorkersOnHosts,
  Heartbeat,
  RegisterWorker,
  WorkerDecommissioning,
  WorkerLatestState,
} from '../messages';
import {
  appRemoveExecutor,
  fullId,
  newWorkerInfo,
  workerExecutor,
  type Env,
  type MasterContext,
  type WorkerInfo,
} from './context';
import { relaunchDriver, removeDriver } from './drivers';
import { persistWorker, unpersistWorker } from './persistence';
import { schedule } from './schedule';
import { print } from '../print';

/** `receive` → `RegisterWorker` while STANDBY: answer MasterInStandby and do nothing else. */
export function registerWorkerInStandby(m: MasterContext, env: Env, msg: RegisterWorker): void {
  env.io.handler(ref(MASTER, 'receive', 'RegisterWorker'));
  logRegistering(env, msg);
  env.io.send(msg.worker, { type: 'MasterInStandby' });
}

function logRegistering(env: Env, msg: RegisterWorker): void {
  print(env.io, 'master.registering-worker', {
    host: msg.host,
    port: msg.port,
    cores: msg.cores,
    memory: msg.memory,
  });
}

/** `receive` → `RegisterWorker` while ALIVE or RECOVERING. */
export function handleRegisterWorker(m: MasterContext, env: Env, msg: RegisterWorker): void {
  env.io.handler(ref(MASTER, 'receive', 'RegisterWorker'));
  logRegistering(env, msg);
  const known = m.idToWorker[msg.id];
  if (known !== undefined && !atLeast(m.conf.sparkVersion, '3.0')) {
    // Before 3.0 a known id is refused, and the worker exits (spec §9).
    env.io.send(msg.worker, { type: 'RegisterWorkerFailed', message: 'Duplicate worker ID' });
    return;
  }
  if (known !== undefined) {
    const w = m.workers[known];
    if (w.state === 'UNKNOWN') {
      // SPARK-46346: a worker that re-registers instead of answering MasterChanged is recovered.
      print(env.io, 'master.worker-reregistered', { workerId: msg.id });
      w.state = 'ALIVE';
      touchWorker(m, w.id);
    }
    env.io.send(msg.worker, {
      type: 'RegisteredWorker',
      master: m.address,
      masterWebUiUrl: m.webUiUrl,
      masterAddress: msg.masterAddress,
      duplicate: true,
    });
    return;
  }
  const worker = newWorkerInfo(
    msg.id,
    msg.host,
    msg.port,
    msg.worker,
    msg.cores,
    msg.memory,
    msg.workerWebUiUrl,
    env.io.now,
    msg.resources,
  );
  if (registerWorker(m, env, worker)) {
    persistWorker(m, env, worker);
    env.io.send(msg.worker, {
      type: 'RegisteredWorker',
      master: m.address,
      masterWebUiUrl: m.webUiUrl,
      masterAddress: msg.masterAddress,
      duplicate: false,
    });
    schedule(m, env);
  } else {
    const text = `Attempted to re-register worker at same address: ${worker.address}`;
    print(env.io, 'master.worker-registration-failed', { address: worker.address });
    env.io.send(msg.worker, { type: 'RegisterWorkerFailed', message: text });
  }
}

/** `registerWorker`: clears DEAD entries at the same host and port, refuses a live duplicate address. */
export function registerWorker(m: MasterContext, env: Env, worker: WorkerInfo): boolean {
  env.io.handler(ref(MASTER, 'registerWorker'));
  // Spark filters every worker for DEAD ones at this host and port; only DEAD ones can match.
  const same = m.deadWorkers.filter((id) => m.workers[id].host === worker.host && m.workers[id].port === worker.port);
  if (same.length > 0) {
    // Removed in the order of `workers`, as Spark's filter meets them.
    const gone = new Set(same);
    const order = same.length === 1 ? same : Object.keys(m.workers).filter((id) => gone.has(id));
    for (const id of order) forgetDeadWorker(m, id);
  }
  const oldId = m.addressToWorker[worker.address];
  if (oldId !== undefined) {
    const old = m.workers[oldId];
    if (old.state === 'UNKNOWN') {
      // A worker restarted during recovery: the old entry can never answer, replace it.
      removeWorker(m, env, old, 'Worker replaced by a new worker with same address');
    } else {
      print(env.io, 'master.worker-same-address', { address: worker.address });
      return false;
    }
  }
  m.workers[worker.id] = worker;
  touchWorker(m, worker.id);
  m.idToWorker[worker.id] = worker.id;
  m.addressToWorker[worker.address] = worker.id;
  return true;
}

/** A DEAD worker leaves `workers` for good. */
function forgetDeadWorker(m: MasterContext, id: string): void {
  delete m.workers[id];
  m.deadWorkers.splice(m.deadWorkers.indexOf(id), 1);
  touchWorker(m, id);
}

/** `removeWorker` (spec §g.2): DEAD, executors LOST, drivers relaunched or ERROR, apps told. */
export function removeWorker(m: MasterContext, env: Env, worker: WorkerInfo, reason: string): void {
  env.io.handler(ref(MASTER, 'removeWorker'));
  print(env.io, 'master.removing-worker', { workerId: worker.id, host: worker.host, port: worker.port });
  if (worker.state !== 'DEAD') m.deadWorkers.push(worker.id);
  worker.state = 'DEAD';
  touchWorker(m, worker.id);
  delete m.idToWorker[worker.id];
  delete m.addressToWorker[worker.address];
  for (const key of worker.executors) {
    const exec = workerExecutor(m, worker, key);
    if (!exec) continue;
    print(env.io, 'master.lost-executor', { execId: exec.id });
    const app = m.apps[exec.appId] ?? m.completedApps.find((a) => a.id === exec.appId);
    if (app) {
      env.io.send(app.driver, {
        type: 'ExecutorUpdated',
        id: exec.id,
        state: 'LOST',
        message: `worker lost: ${reason}`,
        workerHost: worker.host,
      });
      appRemoveExecutor(app, exec);
    }
    exec.state = 'LOST';
    touchExecutor(m, key);
  }
  for (const driverId of [...worker.drivers]) {
    const driver = m.drivers[driverId];
    if (!driver) continue;
    if (driver.desc.supervise) {
      print(env.io, 'master.relaunching-driver', { driverId });
      relaunchDriver(m, env, driver);
    } else {
      print(env.io, 'master.driver-not-relaunched', { driverId });
      removeDriver(m, env, driverId, 'ERROR');
    }
  }
  print(env.io, 'master.lost-worker', { workerId: worker.id });
  for (const appIdText of m.waitingApps) {
    const app = m.apps[appIdText];
    if (app) env.io.send(app.driver, { type: 'WorkerRemoved', id: worker.id, host: worker.host, message: reason });
  }
  unpersistWorker(m, env, worker);
  schedule(m, env);
}

/** `receive` → `Heartbeat` (spec §b.1, §g.5). */
export function handleHeartbeat(m: MasterContext, env: Env, msg: Heartbeat): void {
  const known = m.idToWorker[msg.workerId];
  if (known !== undefined) {
    m.workers[known].lastHeartbeat = env.io.now;
    return;
  }
  env.io.handler(ref(MASTER, 'receive', 'Heartbeat'));
  if (m.workers[msg.workerId] !== undefined) {
    print(env.io, 'master.heartbeat-from-dead-worker', { workerId: msg.workerId });
    env.io.send(msg.worker, { type: 'ReconnectWorker', masterUrl: m.url });
  } else {
    print(env.io, 'master.heartbeat-from-unknown-worker', { workerId: msg.workerId });
  }
}

/** `timeOutDeadWorkers`, run on every `CheckForWorkerTimeOut` (spec §g.1). */
export function timeOutDeadWorkers(m: MasterContext, env: Env): void {
  m.timeoutChecks++;
  const now = env.io.now;
  const timeout = m.conf.workerTimeoutMs;
  const toRemove = Object.values(m.workers).filter((w) => w.lastHeartbeat < now - timeout);
  if (toRemove.length === 0) return;
  env.io.handler(ref(MASTER, 'timeOutDeadWorkers'));
  for (const w of toRemove) {
    if (w.state !== 'DEAD') {
      print(env.io, 'master.worker-timed-out', { workerId: w.id, timeoutMs: timeout });
      removeWorker(m, env, w, `Not receiving heartbeat for ${Math.floor(timeout / 1000)} seconds`);
    } else if (w.lastHeartbeat < now - (m.conf.reaperIterations + 1) * timeout) {
      forgetDeadWorker(m, w.id);
    }
  }
}

/** `receive` → `WorkerLatestState`: kill what the master has no record of (spec §g.4). */
export function handleWorkerLatestState(m: MasterContext, env: Env, msg: WorkerLatestState): void {
  env.io.handler(ref(MASTER, 'receive', 'WorkerLatestState'));
  const known = m.idToWorker[msg.id];
  if (known === undefined) {
    print(env.io, 'master.state-from-unknown-worker', { workerId: msg.id });
    return;
  }
  const w = m.workers[known];
  for (const e of msg.executors) {
    if (!w.executors.includes(fullId(e.appId, e.execId))) {
      env.io.send(w.address, { type: 'KillExecutor', masterUrl: m.url, appId: e.appId, execId: e.execId });
    }
  }
  for (const d of msg.driverIds) {
    if (!w.drivers.includes(d)) env.io.send(w.address, { type: 'KillDriver', driverId: d });
  }
}

/** `receive` → `WorkerDecommissioning` (spec §b.1, §g.7). */
export function handleWorkerDecommissioning(m: MasterContext, env: Env, msg: WorkerDecommissioning): void {
  env.io.handler(ref(MASTER, 'receive', 'WorkerDecommissioning'));
  if (m.state === 'STANDBY') {
    env.io.send(msg.worker, { type: 'MasterInStandby' });
    return;
  }
  const id = m.idToWorker[msg.id];
  if (id !== undefined) decommissionWorker(m, env, m.workers[id]);
}

/**
 * `receiveAndReply` → `DecommissionWorkersOnHosts` [3.1+]: the non-DEAD workers on those hosts
 * (case-insensitively) are decommissioned through a message to itself; the answer is how many.
 */
export function handleDecommissionWorkersOnHosts(m: MasterContext, env: Env, msg: DecommissionWorkersOnHosts): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'DecommissionWorkersOnHosts'));
  if (m.state === 'STANDBY') {
    env.io.reply({ type: 'Int', value: 0 });
    return;
  }
  const hosts = new Set(msg.hostnames.map((h) => h.toLowerCase()));
  const found = Object.values(m.workers).filter((w) => w.state !== 'DEAD' && hosts.has(w.host.toLowerCase()));
  if (found.length > 0) {
    print(env.io, 'master.decommissioning-hosts', { hostPorts: found.map((w) => `${w.host}:${w.port}`).join(', ') });
    env.io.send(env.io.self, { type: 'DecommissionWorkers', ids: found.map((w) => w.id) });
  }
  env.io.reply({ type: 'Int', value: found.length });
}

/** `receive` → `DecommissionWorkers`: each known worker is decommissioned and told so. */
export function handleDecommissionWorkers(m: MasterContext, env: Env, msg: DecommissionWorkers): void {
  env.io.handler(ref(MASTER, 'receive', 'DecommissionWorkers'));
  for (const id of msg.ids) {
    const key = m.idToWorker[id];
    if (key === undefined) continue;
    const w = m.workers[key];
    decommissionWorker(m, env, w);
    env.io.send(w.address, { type: 'DecommissionWorker' });
  }
}

/**
 * `decommissionWorker`: DECOMMISSIONED, its executors leave their apps (but stay charged to the
 * worker), the record is unpersisted so recovery will not bring it back; no schedule().
 */
export function decommissionWorker(m: MasterContext, env: Env, w: WorkerInfo): void {
  env.io.handler(ref(MASTER, 'decommissionWorker'));
  if (w.state === 'DECOMMISSIONED') {
    print(env.io, 'master.already-decommissioned', { workerId: w.id, host: w.host, port: w.port });
    return;
  }
  print(env.io, 'master.decommissioning-worker', { workerId: w.id, host: w.host, port: w.port });
  w.state = 'DECOMMISSIONED';
  touchWorker(m, w.id);
  for (const key of w.executors) {
    const exec = workerExecutor(m, w, key);
    const app = exec ? m.apps[exec.appId] : undefined;
    if (!exec || !app) continue;
    print(env.io, 'master.decommission-executors');
    env.io.send(app.driver, {
      type: 'ExecutorUpdated',
      id: exec.id,
      state: 'DECOMMISSIONED',
      message: 'worker decommissioned',
      workerHost: w.host,
    });
    exec.state = 'DECOMMISSIONED';
    touchExecutor(m, key);
    appRemoveExecutor(app, exec);
  }
  unpersistWorker(m, env, w);
}
