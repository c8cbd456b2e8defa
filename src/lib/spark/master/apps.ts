/**
 * The Master's side of applications and their executors (spec §b.1, §b.4, §g.3, §g.8):
 * registration, unregistration, removal, executor state reports and dynamic allocation requests.
 */
import { touchApp, touchExecutor } from './touched';
import { MASTER, ref } from '../refs';
import type {
  ExecutorStateChanged,
  KillExecutors,
  RegisterApplication,
  RequestExecutors,
  SparkMessage,
  UnregisterApplication,
} from '../messages';
import { isExecutorFinished, type ApplicationState } from '../states';
import {
  appExecutors,
  appRemoveExecutor,
  appRequestExecutors,
  fullId,
  isAppFinished,
  newApplication,
  retain,
  workerRemoveExecutor,
  type ApplicationInfo,
  type Env,
  type ExecutorDesc,
  type MasterContext,
} from './context';
import { persistApp, unpersistApp } from './persistence';
import { schedule } from './schedule';
import { print } from '../print';
import { DEFAULT_RESOURCE_PROFILE_ID } from '../resources';

/** `receive` → `RegisterApplication` while ALIVE or RECOVERING (ignored silently in STANDBY). */
export function handleRegisterApplication(m: MasterContext, env: Env, msg: RegisterApplication): void {
  env.io.handler(ref(MASTER, 'receive', 'RegisterApplication'));
  const desc = msg.appDescription;
  print(env.io, 'master.registering-app', { appName: desc.name });
  const app = newApplication(m, desc, msg.driver, env.io.now);
  registerApplication(m, env, app);
  print(env.io, 'master.registered-app', { appName: desc.name, appId: app.id });
  persistApp(m, env, app);
  env.io.send(msg.driver, { type: 'RegisteredApplication', appId: app.id, master: m.address });
  schedule(m, env);
}

/** `registerApplication`: a second app from the same driver address is not added. */
export function registerApplication(m: MasterContext, env: Env, app: ApplicationInfo): void {
  if (m.addressToApp[app.driver] !== undefined) {
    print(env.io, 'master.app-same-address', { address: app.driver });
    return;
  }
  m.apps[app.id] = app;
  touchApp(m, app.id);
  m.addressToApp[app.driver] = app.id;
  m.waitingApps.push(app.id);
}

/** `receive` → `UnregisterApplication`. */
export function handleUnregisterApplication(m: MasterContext, env: Env, msg: UnregisterApplication): void {
  env.io.handler(ref(MASTER, 'receive', 'UnregisterApplication'));
  print(env.io, 'master.unregister-request', { appId: msg.appId });
  const app = m.apps[msg.appId];
  if (app) finishApplication(m, env, app);
}

export function finishApplication(m: MasterContext, env: Env, app: ApplicationInfo): void {
  removeApplication(m, env, app, 'FINISHED');
}

/** `removeApplication` (spec §g.3). */
export function removeApplication(m: MasterContext, env: Env, app: ApplicationInfo, state: ApplicationState): void {
  if (m.apps[app.id] !== app) return;
  env.io.handler(ref(MASTER, 'removeApplication'));
  print(env.io, 'master.removing-app', { appId: app.id });
  delete m.apps[app.id];
  touchApp(m, app.id);
  if (m.addressToApp[app.driver] === app.id) delete m.addressToApp[app.driver];
  retain(m.completedApps, app, m.conf.retainedApplications);
  const i = m.waitingApps.indexOf(app.id);
  if (i >= 0) m.waitingApps.splice(i, 1);
  for (const exec of appExecutors(m, app)) killExecutor(m, env, exec);
  app.state = state;
  app.endTime = env.io.now;
  if (state !== 'FINISHED') env.io.send(app.driver, { type: 'ApplicationRemoved', message: state });
  unpersistApp(m, env, app);
  schedule(m, env);
  for (const w of Object.values(m.workers)) env.io.send(w.address, { type: 'ApplicationFinished', id: app.id });
}

/** `killExecutor`: release it from its worker, tell the worker, mark it KILLED. */
export function killExecutor(m: MasterContext, env: Env, exec: ExecutorDesc): void {
  const w = m.workers[exec.workerId];
  if (w) {
    workerRemoveExecutor(m, w, exec);
    env.io.send(w.address, { type: 'KillExecutor', masterUrl: m.url, appId: exec.appId, execId: exec.id });
  }
  exec.state = 'KILLED';
  touchExecutor(m, fullId(exec.appId, exec.id));
}

/** Answers an ask; a tell (ExecutorStateChanged before 3.2) has no one to answer. */
function answer(env: Env, msg: SparkMessage): void {
  if (env.ask !== undefined) env.io.reply(msg);
}

/** `receiveAndReply` → `ExecutorStateChanged` (an ask since 3.2; always answered true; a tell before). */
export function handleExecutorStateChanged(m: MasterContext, env: Env, msg: ExecutorStateChanged): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'ExecutorStateChanged'));
  const app = m.apps[msg.appId];
  const exec = app && app.executors.includes(msg.execId) ? m.executors[fullId(msg.appId, msg.execId)] : undefined;
  if (!app || !exec) {
    print(env.io, 'master.update-for-unknown-executor', { appId: msg.appId, execId: msg.execId });
    answer(env, { type: 'Boolean', value: true });
    return;
  }
  const oldState = exec.state;
  if (msg.state === 'RUNNING' && oldState !== 'LAUNCHING') {
    // Spark sets the state first, then asserts; the failed assertion fails the ask at once
    // (the worker retries it) and the inbox logs it.
    exec.state = msg.state;
    touchExecutor(m, fullId(app.id, exec.id));
    const error = `java.lang.AssertionError: assertion failed: executor ${msg.execId} state transfer from ${oldState} to RUNNING is illegal`;
    print(env.io, 'infra.inbox-ignoring-error', {}, error);
    answer(env, { type: 'RpcFailure', error });
    return;
  }
  // h15: terminal executor states are absorbing (the master drops finished executors from the app,
  // so a later report for one cannot reach here).
  if (isExecutorFinished(oldState)) {
    env.io.violation('h15', `executor ${app.id}/${exec.id} went from ${oldState} to ${msg.state}`);
  }
  exec.state = msg.state;
  touchExecutor(m, fullId(app.id, exec.id));
  if (msg.state === 'RUNNING') app.retryCount = 0;
  env.io.send(app.driver, {
    type: 'ExecutorUpdated',
    id: exec.id,
    state: msg.state,
    ...(msg.message !== undefined ? { message: msg.message } : {}),
    ...(msg.exitStatus !== undefined ? { exitStatus: msg.exitStatus } : {}),
  });
  if (isExecutorFinished(msg.state)) {
    print(env.io, 'master.removing-executor', { appId: app.id, execId: exec.id, state: msg.state });
    if (!isAppFinished(app)) appRemoveExecutor(app, exec);
    const w = m.workers[exec.workerId];
    if (w) workerRemoveExecutor(m, w, exec);
    const normalExit = msg.exitStatus === 0;
    const max = m.conf.maxExecutorRetries;
    if (!normalExit && oldState !== 'DECOMMISSIONED' && ++app.retryCount >= max && max >= 0) {
      if (!appExecutors(m, app).some((e) => e.state === 'RUNNING')) {
        print(env.io, 'master.app-failed', { appName: app.desc.name, appId: app.id, retries: app.retryCount });
        removeApplication(m, env, app, 'FAILED');
      }
    }
  }
  schedule(m, env);
  answer(env, { type: 'Boolean', value: true });
}

/**
 * A `RequestExecutors`' fields for its log line. 4.0 prints the map of resource profile to total
 * (`Map(0 -> 3, 1 -> 2)`: each profile by its id, where Spark prints the profile itself); 3.x the
 * default profile's total.
 */
function requestOf(msg: RequestExecutors): { appId: string; request: string; total: number } {
  const entries = msg.requested.map((r) => `${r.profile.id} -> ${r.total}`).join(', ');
  const total = msg.requested.find((r) => r.profile.id === DEFAULT_RESOURCE_PROFILE_ID)?.total ?? 0;
  return { appId: msg.appId, request: `Map(${entries})`, total };
}

/** `receiveAndReply` → `RequestExecutors`: each profile's target, as `ApplicationInfo.requestExecutors`. */
export function handleRequestExecutors(m: MasterContext, env: Env, msg: RequestExecutors): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'RequestExecutors'));
  const app = m.apps[msg.appId];
  if (!app) {
    print(env.io, 'master.unknown-app-requested-executors', requestOf(msg));
    env.io.reply({ type: 'Boolean', value: false });
    return;
  }
  print(env.io, 'master.requested-executors', requestOf(msg));
  appRequestExecutors(app, msg.requested);
  touchApp(m, app.id);
  schedule(m, env);
  env.io.reply({ type: 'Boolean', value: true });
}

/** `receiveAndReply` → `KillExecutors`. */
export function handleKillExecutors(m: MasterContext, env: Env, msg: KillExecutors): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'KillExecutors'));
  const ids: number[] = [];
  for (const text of msg.executorIds) {
    if (/^-?\d+$/.test(text)) ids.push(Number(text));
    else print(env.io, 'master.non-integer-executor-id', { execId: text });
  }
  const app = m.apps[msg.appId];
  if (!app) {
    print(env.io, 'master.kill-from-unknown-app', { appId: msg.appId });
    env.io.reply({ type: 'Boolean', value: false });
    return;
  }
  print(env.io, 'master.kill-executors', { appId: msg.appId, execIds: ids.join(', ') });
  const unknown: number[] = [];
  for (const id of ids) {
    const exec = app.executors.includes(id) ? m.executors[fullId(app.id, id)] : undefined;
    if (!exec) {
      unknown.push(id);
      continue;
    }
    appRemoveExecutor(app, exec);
    killExecutor(m, env, exec);
  }
  if (unknown.length > 0) {
    print(env.io, 'master.kill-nonexistent-executors', { appId: msg.appId, execIds: unknown.join(', ') });
  }
  schedule(m, env);
  env.io.reply({ type: 'Boolean', value: true });
}
