/**
 * Drivers on the Worker (spec §b.2, §b.3, §a.6): `LaunchDriver`, `KillDriver` and the DriverRunner,
 * whose supervised process restarts itself with a doubling back-off and reports only its final state.
 */
import type { DriverDescription, DriverStateChanged, KillDriver, LaunchDriver } from '../messages';
import { DRIVER_RUNNER, WORKER, ref } from '../refs';
import type { DriverState } from '../states';
import {
  DRIVER_LAUNCH_MS,
  chargeResources,
  resourcesFile,
  trimFinished,
  type Env,
  type WorkerContext,
} from './context';
import { print } from '../print';

/** `receive` → `LaunchDriver`: no master URL check, no decommission check (as in Spark). */
export function onLaunchDriver(w: WorkerContext, env: Env, msg: LaunchDriver): void {
  env.io.handler(ref(WORKER, 'receive', 'LaunchDriver'));
  print(env.io, 'worker.launch-driver', { driverId: msg.driverId });
  const replaced = w.drivers[msg.driverId];
  if (replaced) {
    w.leaked.cores += replaced.desc.cores;
    w.leaked.memory += replaced.desc.mem;
  }
  w.drivers[msg.driverId] = {
    driverId: msg.driverId,
    desc: msg.driverDesc,
    state: 'LAUNCHING',
    runs: 0,
    backoffMs: 1000,
    startedAt: env.io.now,
    killed: false,
    ...(msg.resources ? { resources: msg.resources } : {}),
  };
  w.coresUsed += msg.driverDesc.cores;
  w.memoryUsed += msg.driverDesc.mem;
  chargeResources(w, msg.resources, 1);
  env.io.setTimer(`driver:${msg.driverId}`, 'DriverProcessStarted', DRIVER_LAUNCH_MS);
}

/** The driver process started; it runs until it exits (if it ever does) or is killed. */
export function onDriverProcessStarted(w: WorkerContext, env: Env, timerKey: string): void {
  const id = timerKey.slice('driver:'.length);
  const d = w.drivers[id];
  if (!d || d.killed) return;
  env.io.handler(ref(DRIVER_RUNNER, 'runDriver'));
  if (d.desc.failToStart) {
    // `prepareAndRunDriver` threw: no process, no retry, ERROR with the exception.
    finish(w, env, d.driverId, 'ERROR', DRIVER_LAUNCH_FAILURE);
    return;
  }
  d.state = 'RUNNING';
  d.runs++;
  d.startedAt = env.io.now;
  // Its resources file goes to the driver as a Java option (`-Dspark.driver.resourcesFile`).
  // Written once, by `prepareAndRunDriver`; a supervised relaunch runs the same command.
  if (d.resources && d.resourcesFile === undefined)
    d.resourcesFile = resourcesFile(env, `/opt/spark/work/${d.driverId}`, 'driver');
  const file = d.resourcesFile ? ` "-Dspark.driver.resourcesFile=${d.resourcesFile}"` : '';
  print(env.io, 'driver-runner.launch-command', {
    command: `"java" "-cp" "/opt/spark/jars/*"${file} "org.apache.spark.deploy.worker.DriverWrapper" "${d.desc.mainClass}"`,
  });
  const run = runOf(d);
  if (run.runMs !== undefined) env.io.setTimer(`driver-exit:${id}`, 'DriverProcessExited', run.runMs);
}

const DRIVER_LAUNCH_FAILURE =
  'java.io.IOException: Cannot run program "/opt/spark/bin/java": error=2, No such file or directory';

/** How the driver's current run goes: its scenario's run of that number (the last repeats), or the one for all. */
function runOf(d: { desc: DriverDescription; runs: number }): { runMs?: number; exitCode: number } {
  const runs = d.desc.runs;
  if (runs && runs.length > 0) return runs[Math.min(Math.max(d.runs, 1), runs.length) - 1];
  return { ...(d.desc.runMs !== undefined ? { runMs: d.desc.runMs } : {}), exitCode: d.desc.exitCode ?? 0 };
}

/** The driver process exited by itself: FINISHED, FAILED, or a supervised restart. */
export function onDriverProcessExited(w: WorkerContext, env: Env, timerKey: string): void {
  const id = timerKey.slice('driver-exit:'.length);
  const d = w.drivers[id];
  if (!d || d.killed) return;
  env.io.handler(ref(DRIVER_RUNNER, 'runCommandWithRetry'));
  const code = runOf(d).exitCode;
  if (code !== 0 && d.desc.supervise) {
    if (env.io.now - d.startedAt > 5000) d.backoffMs = 1000;
    print(env.io, 'driver-runner.relaunching', { exitCode: code, waitSeconds: d.backoffMs / 1000 });
    d.state = 'WAITING_TO_RELAUNCH';
    env.io.setTimer(`driver:${id}`, 'DriverProcessStarted', d.backoffMs);
    d.backoffMs *= 2;
    return;
  }
  finish(w, env, d.driverId, code === 0 ? 'FINISHED' : 'FAILED');
}

function finish(w: WorkerContext, env: Env, driverId: string, state: DriverState, exception?: string): void {
  const d = w.drivers[driverId];
  d.state = state;
  const msg: DriverStateChanged = { type: 'DriverStateChanged', driverId, state };
  if (exception !== undefined) msg.exception = exception;
  env.io.send(w.address, msg);
}

/** `receive` → `KillDriver`. */
export function onKillDriver(w: WorkerContext, env: Env, msg: KillDriver): void {
  env.io.handler(ref(WORKER, 'receive', 'KillDriver'));
  print(env.io, 'worker.kill-driver', { driverId: msg.driverId });
  const d = w.drivers[msg.driverId];
  if (!d) {
    print(env.io, 'worker.kill-unknown-driver', { driverId: msg.driverId });
    return;
  }
  if (d.killed) return;
  d.killed = true;
  env.io.cancelTimer(`driver:${d.driverId}`);
  env.io.cancelTimer(`driver-exit:${d.driverId}`);
  finish(w, env, d.driverId, 'KILLED');
}

/** `handleDriverStateChanged`: log, forward to the master, free the resources (spec §b.3). */
export function onDriverStateChanged(w: WorkerContext, env: Env, msg: DriverStateChanged, retrying: boolean): void {
  env.io.handler(ref(WORKER, 'handleDriverStateChanged'));
  const id = msg.driverId;
  switch (msg.state) {
    case 'ERROR':
      print(env.io, 'worker.driver-error', { driverId: id, exception: msg.exception ?? '' });
      break;
    case 'FAILED':
      print(env.io, 'worker.driver-failed', { driverId: id });
      break;
    case 'FINISHED':
      if (retrying) print(env.io, 'worker.driver-finished-while-disconnected', { driverId: id });
      else print(env.io, 'worker.driver-finished', { driverId: id });
      break;
    case 'KILLED':
      print(env.io, 'worker.driver-killed', { driverId: id });
      break;
  }
  if (w.master !== null) env.io.send(w.master, msg);
  else print(env.io, 'worker.dropping-message', { message: `DriverStateChanged(${id},${msg.state},None)` });
  const d = w.drivers[id];
  if (!d) return;
  delete w.drivers[id];
  w.finishedDrivers.push(d);
  trimFinished(w.finishedDrivers, 1000);
  w.coresUsed -= d.desc.cores;
  w.memoryUsed -= d.desc.mem;
  chargeResources(w, d.resources, -1);
}
