/**
 * The application client's handlers (spec §b.4): registration with every master, retries, the
 * master's notices about executors and workers, `MasterChanged`, and the end of the app.
 */
import { hostPort } from '../format';
import type {
  ExecutorAdded,
  ExecutorUpdated,
  MasterChanged,
  RegisteredApplication,
  WorkerRemoved,
  ApplicationRemoved,
} from '../messages';
import { APP_CLIENT, ref } from '../refs';
import { isExecutorFinished } from '../states';
import type { Env } from '../master/context';
import { ASK_TIMEOUT_MS, REGISTRATION_RETRIES, REGISTRATION_TIMEOUT_MS, type AppClientContext } from './context';
import { print } from '../print';

/** `ClientEndpoint.onStart` → `registerWithMaster(1)`. */
export function startClient(c: AppClientContext, env: Env): void {
  env.io.handler(ref(APP_CLIENT, 'onStart'));
  tryRegisterAllMasters(c, env);
  env.io.setTimer('register-retry', 'RegistrationRetry', REGISTRATION_TIMEOUT_MS, REGISTRATION_TIMEOUT_MS);
  // The scenario's executor requests, as the driver's dynamic allocation would make them.
  (c.requests ?? []).forEach((r, i) => env.io.setTimer(`request-${i}`, r.type, Math.max(0, r.at - env.io.now)));
}

/**
 * `requestTotalExecutors` / `killExecutors`: the driver asks its master through the client
 * endpoint, which forwards while it knows a master (`key`: the timer, `request-<i>`).
 */
export function askMasterForExecutors(c: AppClientContext, env: Env, key: string): void {
  const r = c.requests?.[Number(key.slice('request-'.length))];
  if (!r) return;
  env.io.handler(ref(APP_CLIENT, r.type === 'RequestExecutors' ? 'requestTotalExecutors' : 'killExecutors'));
  if (!c.registered || c.appId === null || c.master === null) {
    env.io.ignored(`${r.type}: the app has no master yet (Spark answers false)`);
    return;
  }
  const msg =
    r.type === 'RequestExecutors'
      ? { type: 'RequestExecutors' as const, appId: c.appId, requested: requestedTotals(c, r.profile ?? 0, r.total) }
      : { type: 'KillExecutors' as const, appId: c.appId, executorIds: r.executors.map(String) };
  env.io.ask(c.master, msg, key, ASK_TIMEOUT_MS);
}

/**
 * `requestTotalExecutors(resourceProfileIdToNumExecutors)`: the driver sends the total it wants of
 * every profile it has asked for, this one's new total among them, in ascending profile id.
 */
function requestedTotals(c: AppClientContext, profileId: number, total: number) {
  // The default profile is always among them, from its initial target when the app has one.
  const initial = c.desc.initialExecutorLimit;
  const targets = { ...(c.targets ?? (initial !== undefined ? { 0: initial } : {})), [profileId]: total };
  c.targets = targets;
  return Object.keys(targets)
    .map(Number)
    .sort((a, b) => a - b)
    .map((id) => ({ profile: c.profiles?.find((p) => p.id === id) ?? { id }, total: targets[id] }));
}

function tryRegisterAllMasters(c: AppClientContext, env: Env): void {
  for (const m of c.masters) {
    print(env.io, 'app-client.connecting', hostPort(m, 'master'));
    env.io.send(m, { type: 'RegisterApplication', appDescription: c.desc, driver: c.address });
  }
}

export const willGiveUp = (c: AppClientContext) => !c.registered && c.round + 1 >= REGISTRATION_RETRIES;

/** The retry timer: another round, or give up after REGISTRATION_RETRIES rounds. */
export function registrationRetry(c: AppClientContext, env: Env): void {
  env.io.handler(ref(APP_CLIENT, 'registerWithMaster'));
  if (c.registered) {
    env.io.cancelTimer('register-retry');
    return;
  }
  c.round++;
  if (c.round >= REGISTRATION_RETRIES) {
    env.io.cancelTimer('register-retry');
    markDead(c, env, 'All masters are unresponsive! Giving up.');
    return;
  }
  tryRegisterAllMasters(c, env);
}

function markDead(c: AppClientContext, env: Env, reason: string): void {
  if (c.alreadyDead) return;
  c.alreadyDead = true;
  print(env.io, 'app-client.killed', { reason });
  env.io.exit(1, reason);
}

export function onRegisteredApplication(c: AppClientContext, env: Env, msg: RegisteredApplication): void {
  env.io.handler(ref(APP_CLIENT, 'receive', 'RegisteredApplication'));
  c.appId = msg.appId;
  c.registered = true;
  c.master = msg.master;
  env.io.cancelTimer('register-retry');
  print(env.io, 'app-client.connected', { appId: msg.appId });
  if (c.runMs !== undefined) env.io.setTimer('app-end', 'StopAppClient', c.runMs);
}

export function onExecutorAdded(c: AppClientContext, env: Env, msg: ExecutorAdded): void {
  env.io.handler(ref(APP_CLIENT, 'receive', 'ExecutorAdded'));
  const exec = { appId: c.appId ?? '', execId: msg.id, hostPort: msg.hostPort, cores: msg.cores };
  print(env.io, 'app-client.executor-added', { ...exec, workerId: msg.workerId });
  print(env.io, 'app-client.executor-granted', { ...exec, memory: msg.memory });
  c.executors.push({
    id: msg.id,
    workerId: msg.workerId,
    hostPort: msg.hostPort,
    cores: msg.cores,
    state: 'LAUNCHING',
  });
}

export function onExecutorUpdated(c: AppClientContext, env: Env, msg: ExecutorUpdated): void {
  env.io.handler(ref(APP_CLIENT, 'receive', 'ExecutorUpdated'));
  print(env.io, 'app-client.executor-updated', {
    appId: c.appId ?? '',
    execId: msg.id,
    state: msg.state,
    ...(msg.message === undefined ? {} : { message: msg.message }),
  });
  const e = c.executors.find((x) => x.id === msg.id);
  if (e) e.state = msg.state;
  if (isExecutorFinished(msg.state)) c.executors = c.executors.filter((x) => x.id !== msg.id);
}

export function onWorkerRemoved(c: AppClientContext, env: Env, msg: WorkerRemoved): void {
  env.io.handler(ref(APP_CLIENT, 'receive', 'WorkerRemoved'));
  print(env.io, 'app-client.worker-removed', { workerId: msg.id, message: msg.message });
}

export function onApplicationRemoved(c: AppClientContext, env: Env, msg: ApplicationRemoved): void {
  env.io.handler(ref(APP_CLIENT, 'receive', 'ApplicationRemoved'));
  markDead(c, env, `Master removed our application: ${msg.message}`);
}

export function onMasterChanged(c: AppClientContext, env: Env, msg: MasterChanged): void {
  env.io.handler(ref(APP_CLIENT, 'receive', 'MasterChanged'));
  print(env.io, 'app-client.master-changed', hostPort(msg.master, 'master'));
  c.master = msg.master;
  c.alreadyDisconnected = false;
  c.acks++;
  env.io.send(msg.master, { type: 'MasterChangeAcknowledged', appId: c.appId ?? '' });
}

export function onDisconnected(c: AppClientContext, env: Env, address: string): void {
  if (c.master !== address) return;
  env.io.handler(ref(APP_CLIENT, 'onDisconnected'));
  print(env.io, 'app-client.master-disconnected', { address });
  if (!c.alreadyDisconnected) {
    print(env.io, 'app-client.disconnected');
    c.alreadyDisconnected = true;
  }
}

/** `StopAppClient`: the application is done; unregister and end the driver process. */
export function stopAppClient(c: AppClientContext, env: Env): void {
  env.io.handler(ref(APP_CLIENT, 'stop', 'StopAppClient'));
  c.alreadyDead = true;
  print(env.io, 'app-client.shutting-down-executors');
  if (c.master !== null && c.appId !== null) env.io.send(c.master, { type: 'UnregisterApplication', appId: c.appId });
  env.io.exit(0, 'Application has been stopped.');
}
