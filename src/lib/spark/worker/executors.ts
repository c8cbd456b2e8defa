/**
 * Executors on the Worker (spec §b.2, §b.3, §a.6): `LaunchExecutor`, `KillExecutor`, the
 * ExecutorRunner's process (modelled by timers), state reports to the master with their retries
 * (`syncExecutorStateWithMaster`), and application clean-up.
 */
import type {
  ApplicationFinished,
  ExecutorDescription,
  ExecutorStateChanged,
  KillExecutor,
  LaunchExecutor,
} from '../messages';
import { EXECUTOR_RUNNER, WORKER, ref } from '../refs';
import { isExecutorFinished } from '../states';
import {
  EXECUTOR_LAUNCH_MS,
  chargeResources,
  resourcesFile,
  trimFinished,
  type Env,
  type ExecutorRunner,
  type WorkerContext,
} from './context';
import { RESOURCE_PROFILES_SINCE } from '../resources';
import { print } from '../print';
import { atLeast } from '../config';

const fullIdOf = (appId: string, execId: number) => `${appId}/${execId}`;

/** What the worker runs, as `ExecutorDescription`s (`withResources`: paired with their addresses, for a new master). */
export function executorDescriptions(w: WorkerContext, withResources = false): ExecutorDescription[] {
  return Object.values(w.executors).map((e) => ({
    appId: e.appId,
    execId: e.execId,
    rpId: e.rpId,
    cores: e.cores,
    memoryMb: e.memory,
    state: e.state,
    ...(withResources && e.resources ? { resources: e.resources } : {}),
  }));
}

/** Scala's toString of the message, as Spark prints it in its log lines. */
function show(m: ExecutorStateChanged): string {
  const opt = (v: unknown) => (v === undefined ? 'None' : `Some(${String(v)})`);
  return `ExecutorStateChanged(${m.appId},${m.execId},${m.state},${opt(m.message)},${opt(m.exitStatus)})`;
}

/** The runner reports to its worker (a post to the worker's own inbox). */
function report(w: WorkerContext, env: Env, msg: Omit<ExecutorStateChanged, 'type'>): void {
  env.io.send(w.address, { type: 'ExecutorStateChanged', ...msg });
}

/** `receive` → `LaunchExecutor`. */
export function onLaunchExecutor(w: WorkerContext, env: Env, msg: LaunchExecutor): void {
  env.io.handler(ref(WORKER, 'receive', 'LaunchExecutor'));
  if (msg.masterUrl !== w.activeMasterUrl) {
    print(env.io, 'worker.launch-from-invalid-master', { masterUrl: msg.masterUrl });
    return;
  }
  if (w.decommissioned) {
    print(env.io, 'worker.launch-while-decommissioned');
    return;
  }
  const id = fullIdOf(msg.appId, msg.execId);
  print(env.io, 'worker.launch-executor', { appId: msg.appId, execId: msg.execId, appName: msg.appDesc.name });
  if (!w.appDirectories.includes(msg.appId)) w.appDirectories.push(msg.appId);
  const replaced = w.executors[id];
  if (replaced) {
    w.leaked.cores += replaced.cores;
    w.leaked.memory += replaced.memory;
  }
  w.executors[id] = {
    appId: msg.appId,
    execId: msg.execId,
    appName: msg.appDesc.name,
    cores: msg.cores,
    memory: msg.memory,
    rpId: msg.rpId,
    ...(msg.resources ? { resources: msg.resources } : {}),
    state: 'LAUNCHING',
    ...(msg.appDesc.executorRunMs !== undefined
      ? { exit: { afterMs: msg.appDesc.executorRunMs, code: msg.appDesc.executorExitCode ?? 0 } }
      : {}),
  };
  w.coresUsed += msg.cores;
  w.memoryUsed += msg.memory;
  chargeResources(w, msg.resources, 1);
  env.io.setTimer(`exec:${id}`, 'ExecutorProcessStarted', EXECUTOR_LAUNCH_MS);
}

/**
 * The executor's command line as ExecutorRunner prints it (each argument quoted): the JVM with the
 * executor's memory, then CoarseGrainedExecutorBackend's arguments: its resource profile [3.4+],
 * and last the resources file it is given when it holds custom resources.
 */
function launchCommand(w: WorkerContext, env: Env, e: ExecutorRunner): string {
  const args = [
    '/opt/spark/bin/java',
    '-cp',
    '/opt/spark/conf/:/opt/spark/jars/*',
    `-Xmx${e.memory}M`,
    'org.apache.spark.executor.CoarseGrainedExecutorBackend',
    '--driver-url',
    `spark://CoarseGrainedScheduler@driver-${e.appId}`,
    '--executor-id',
    String(e.execId),
    '--hostname',
    w.host,
    '--cores',
    String(e.cores),
    '--app-id',
    e.appId,
    '--worker-url',
    `spark://Worker@${w.address}`,
  ];
  if (atLeast(w.conf.sparkVersion, RESOURCE_PROFILES_SINCE)) args.push('--resourceProfileId', String(e.rpId));
  if (e.resources)
    args.push('--resourcesFile', resourcesFile(env, `/opt/spark/work/${e.appId}/${e.execId}`, 'executor'));
  return args.map((a) => `"${a}"`).join(' ');
}

/** The ExecutorRunner's process started (or, on a failing worker, could not be started). */
export function onExecutorProcessStarted(w: WorkerContext, env: Env, timerKey: string): void {
  const id = timerKey.slice('exec:'.length);
  const e = w.executors[id];
  if (!e || e.state !== 'LAUNCHING') return;
  env.io.handler(ref(EXECUTOR_RUNNER, 'fetchAndRunExecutor'));
  // The command is printed before the process is started, whether it then starts or not.
  print(env.io, 'executor-runner.launch-command', { command: launchCommand(w, env, e) });
  if (w.failExecutors) {
    const text = 'java.io.IOException: Cannot run program "/opt/spark/bin/java": error=2, No such file or directory';
    print(env.io, 'executor-runner.error');
    e.state = 'FAILED';
    report(w, env, { appId: e.appId, execId: e.execId, state: 'FAILED', message: text });
    return;
  }
  e.state = 'RUNNING';
  report(w, env, { appId: e.appId, execId: e.execId, state: 'RUNNING' });
  if (e.exit) env.io.setTimer(`exit:${id}`, 'ExecutorProcessExited', e.exit.afterMs);
}

/** The executor's process ended by itself (`process.waitFor()` returned): EXITED with its code. */
export function onExecutorProcessExited(w: WorkerContext, env: Env, timerKey: string): void {
  const id = timerKey.slice('exit:'.length);
  const e = w.executors[id];
  if (!e || e.state !== 'RUNNING' || !e.exit) return;
  killRunner(w, env, id, 'EXITED', e.exit.code);
}

/** `receive` → `KillExecutor`. */
export function onKillExecutor(w: WorkerContext, env: Env, msg: KillExecutor): void {
  env.io.handler(ref(WORKER, 'receive', 'KillExecutor'));
  if (msg.masterUrl !== w.activeMasterUrl) {
    print(env.io, 'worker.kill-from-invalid-master', { masterUrl: msg.masterUrl, execId: msg.execId });
    return;
  }
  const id = fullIdOf(msg.appId, msg.execId);
  const e = w.executors[id];
  if (!e) {
    print(env.io, 'worker.kill-unknown-executor', { appId: msg.appId, execId: msg.execId });
    return;
  }
  print(env.io, 'worker.kill-executor', { appId: msg.appId, execId: msg.execId });
  killRunner(w, env, id, 'KILLED', 143);
}

/** `ExecutorRunner.kill` / the process ending: report the final state to the worker. */
function killRunner(w: WorkerContext, env: Env, id: string, state: 'KILLED' | 'EXITED', exitCode: number): void {
  const e = w.executors[id];
  if (!e || isExecutorFinished(e.state)) return;
  env.io.handler(ref(EXECUTOR_RUNNER, state === 'KILLED' ? 'killProcess' : 'fetchAndRunExecutor'));
  env.io.cancelTimer(`exec:${id}`);
  if (e.exit) env.io.cancelTimer(`exit:${id}`);
  if (state === 'KILLED') {
    print(env.io, 'executor-runner.interrupted', { appId: e.appId, execId: e.execId });
    print(env.io, 'executor-runner.killing-process');
    e.state = 'KILLED';
    report(w, env, { appId: e.appId, execId: e.execId, state: 'KILLED', exitStatus: exitCode });
  } else {
    e.state = 'EXITED';
    report(w, env, {
      appId: e.appId,
      execId: e.execId,
      state: 'EXITED',
      message: `Command exited with code ${exitCode}`,
      exitStatus: exitCode,
    });
  }
}

/** Fault injection: executors here fail from now on, and running ones exit with code 1. */
export function failExecutors(w: WorkerContext, env: Env): void {
  w.failExecutors = true;
  for (const id of Object.keys(w.executors)) {
    if (w.executors[id].state === 'RUNNING') killRunner(w, env, id, 'EXITED', 1);
  }
}

/** `handleExecutorStateChanged`: a runner's report (spec §b.3). */
export function onExecutorStateChanged(w: WorkerContext, env: Env, msg: ExecutorStateChanged): void {
  env.io.handler(ref(WORKER, 'handleExecutorStateChanged'));
  syncExecutorStateWithMaster(w, env, msg);
  if (!isExecutorFinished(msg.state)) return;
  const id = fullIdOf(msg.appId, msg.execId);
  const finished = {
    appId: msg.appId,
    execId: msg.execId,
    state: msg.state,
    ...(msg.message === undefined ? {} : { message: msg.message }),
    ...(msg.exitStatus === undefined ? {} : { exitStatus: msg.exitStatus }),
  };
  const e = w.executors[id];
  if (e) {
    print(env.io, 'worker.executor-finished', finished);
    delete w.executors[id];
    e.state = msg.state;
    w.finishedExecutors.push(e);
    trimFinished(w.finishedExecutors, 1000);
    w.coresUsed -= e.cores;
    w.memoryUsed -= e.memory;
    chargeResources(w, e.resources, -1);
  } else {
    print(env.io, 'worker.unknown-executor-finished', finished);
  }
  maybeCleanupApplication(w, env, msg.appId);
}

/** `syncExecutorStateWithMaster`: an ask, retried on failure up to the configured attempts. */
function syncExecutorStateWithMaster(w: WorkerContext, env: Env, msg: ExecutorStateChanged): void {
  if (w.master === null) {
    print(env.io, 'worker.dropping-message', { message: show(msg) });
    return;
  }
  // Before 3.2 (SPARK-34245) the report is a tell: nothing answers it, nothing retries it.
  if (!atLeast(w.conf.sparkVersion, '3.2')) {
    env.io.send(w.master, msg);
    return;
  }
  const tag = `sync-${w.nextSyncTag++}`;
  w.pendingSyncs[tag] = msg;
  env.io.ask(w.master, msg, tag, w.conf.askTimeoutMs);
}

/** The master answered an executor state report. */
export function onSyncReply(w: WorkerContext, tag: string): void {
  const msg = w.pendingSyncs[tag];
  if (!msg) return;
  delete w.pendingSyncs[tag];
  delete w.executorStateSyncFailureAttempts[fullIdOf(msg.appId, msg.execId)];
}

/** The report failed: retry (after the ask timeout unless it was the timeout), or give up. */
export function onSyncFailed(w: WorkerContext, env: Env, tag: string, reason: string): void {
  const msg = w.pendingSyncs[tag];
  if (!msg) return;
  delete w.pendingSyncs[tag];
  env.io.handler(ref(WORKER, 'syncExecutorStateWithMaster'));
  const id = fullIdOf(msg.appId, msg.execId);
  const n = (w.executorStateSyncFailureAttempts[id] ?? 0) + 1;
  const max = w.conf.executorStateSyncMaxAttempts;
  const master = `NettyRpcEndpointRef(spark://Master@${w.master})`;
  if (n >= max) {
    print(env.io, 'worker.state-sync-gave-up', { message: show(msg), master, maxAttempts: max });
    env.io.exit(1, 'executor state sync failed');
    return;
  }
  w.executorStateSyncFailureAttempts[id] = n;
  print(env.io, 'worker.state-sync-retry', { message: show(msg), master, attempt: n, maxAttempts: max });
  const delay = reason === 'timeout' ? 0 : w.conf.askTimeoutMs;
  env.io.setTimer(`resync:${tag}`, 'ResyncExecutorState', delay);
  w.pendingSyncs[`retry:${tag}`] = msg;
}

/** Re-posts a report whose sync failed. */
export function onResync(w: WorkerContext, env: Env, timerKey: string): void {
  const key = `retry:${timerKey.slice('resync:'.length)}`;
  const msg = w.pendingSyncs[key];
  if (!msg) return;
  delete w.pendingSyncs[key];
  env.io.send(w.address, msg);
}

/** `receive` → `ApplicationFinished`. */
export function onApplicationFinished(w: WorkerContext, env: Env, msg: ApplicationFinished): void {
  env.io.handler(ref(WORKER, 'receive', 'ApplicationFinished'));
  if (!w.finishedApps.includes(msg.id)) w.finishedApps.push(msg.id);
  maybeCleanupApplication(w, env, msg.id);
}

function maybeCleanupApplication(w: WorkerContext, env: Env, appId: string): void {
  if (!w.finishedApps.includes(appId)) return;
  if (Object.values(w.executors).some((e) => e.appId === appId)) return;
  if (w.appDirectories.includes(appId)) {
    print(env.io, 'worker.cleaning-app-directories', { appId });
    w.appDirectories = w.appDirectories.filter((a) => a !== appId);
  }
  w.finishedApps = w.finishedApps.filter((a) => a !== appId);
}
