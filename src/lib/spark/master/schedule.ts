/**
 * `Master.schedule()` (spec §e): drivers first, then executors, only while ALIVE.
 */
import { touchApp } from './touched';
import { MASTER, ref } from '../refs';
import { executorsFor, orderWorkers, scheduleExecutorsOnWorkers } from '../scheduling';
import {
  appAddExecutor,
  coresFree,
  coresLeft,
  memoryFree,
  requestedProfileIds,
  workerAddDriver,
  workerAddExecutor,
  type ApplicationInfo,
  type DriverInfo,
  type Env,
  type ExecutorDesc,
  type ExecutorResourceDescription,
  type MasterContext,
  type WorkerInfo,
} from './context';
import {
  acquire,
  amountsFree,
  hasResources,
  meetsRequirements,
  type ResourceAmounts,
  type Resources,
} from '../resources';

import { checkLaunch } from './invariants';
import { print } from '../print';

export function schedule(m: MasterContext, env: Env): void {
  if (m.state !== 'ALIVE') return;
  env.io.handler(ref(MASTER, 'schedule'));
  if (m.waitingDrivers.length > 0) {
    scheduleDrivers(
      m,
      env,
      Object.values(m.workers).filter((w) => w.state === 'ALIVE'),
    );
  }
  startExecutorsOnWorkers(m, env);
}

/** `canLaunch`: memory, cores and every custom resource asked for. */
const canLaunch = (w: WorkerInfo, memory: number, cores: number, reqs: ResourceAmounts | undefined) =>
  memoryFree(w) >= memory &&
  coresFree(w) >= cores &&
  (!hasResources(reqs) || meetsRequirements(amountsFree(w.resources, w.resourcesUsed), reqs));

const canLaunchDriver = (w: WorkerInfo, d: DriverInfo) => canLaunch(w, d.desc.mem, d.desc.cores, d.desc.resourceReqs);

const canLaunchExecutor = (w: WorkerInfo, r: ExecutorResourceDescription) =>
  canLaunch(w, r.memoryMbPerExecutor, r.coresPerExecutor ?? 1, r.customResourcesPerExecutor);

/** `WorkerInfo.acquireResources` (nothing when nothing is asked for). */
function acquireOn(w: WorkerInfo, reqs: ResourceAmounts | undefined): Resources | undefined {
  if (!hasResources(reqs)) return undefined;
  return acquire(w.resources ?? {}, (w.resourcesUsed ??= {}), reqs);
}

function scheduleDrivers(m: MasterContext, env: Env, alive: WorkerInfo[]): void {
  const running = () => Object.keys(m.drivers).length - m.waitingDrivers.length;
  if (m.conf.spreadOutDrivers) {
    const shuffled = shuffle(alive, env);
    const n = shuffled.length;
    let curPos = 0;
    for (const id of [...m.waitingDrivers]) {
      const driver = m.drivers[id];
      let launched = running() >= m.conf.maxDrivers;
      let isClusterIdle = !launched;
      let visited = 0;
      while (visited < n && !launched) {
        const worker = shuffled[curPos];
        isClusterIdle = worker.drivers.length === 0 && worker.executors.length === 0;
        visited++;
        if (canLaunchDriver(worker, driver)) {
          launchDriver(m, env, worker, driver);
          launched = true;
        }
        curPos = (curPos + 1) % n;
      }
      if (!launched && isClusterIdle) {
        print(env.io, 'master.driver-needs-more-resource', { driverId: driver.id });
      }
    }
  } else {
    const sorted = [...alive].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const id of [...m.waitingDrivers]) {
      if (running() >= m.conf.maxDrivers) break;
      const driver = m.drivers[id];
      const worker = sorted.find((w) => canLaunchDriver(w, driver));
      if (worker) launchDriver(m, env, worker, driver);
      else print(env.io, 'master.driver-needs-more-resource', { driverId: driver.id });
    }
  }
}

/** `Random.shuffle` from the master's own seeded stream. */
function shuffle<T>(items: readonly T[], env: Env): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(env.io.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function launchDriver(m: MasterContext, env: Env, worker: WorkerInfo, driver: DriverInfo): void {
  // `driver.withResources(worker.acquireResources(desc.resourceReqs))`, then launchDriver.
  const resources = acquireOn(worker, driver.desc.resourceReqs);
  if (resources) driver.resources = resources;
  env.io.handler(ref(MASTER, 'launchDriver'));
  print(env.io, 'master.launching-driver', { driverId: driver.id, workerId: worker.id });
  workerAddDriver(m, worker, driver);
  driver.worker = worker.id;
  env.io.send(worker.address, {
    type: 'LaunchDriver',
    driverId: driver.id,
    driverDesc: driver.desc,
    ...(resources ? { resources } : {}),
  });
  driver.state = 'RUNNING';
  const i = m.waitingDrivers.indexOf(driver.id);
  if (i >= 0) m.waitingDrivers.splice(i, 1);
  checkLaunch(m, env.io, `driver ${driver.id}`, worker);
}

/**
 * `startExecutorsOnWorkers` (spec §e.3): FIFO over apps and, within an app, over the resource
 * profiles it asked for in ascending id (the default, 0, first).
 */
function startExecutorsOnWorkers(m: MasterContext, env: Env): void {
  for (const id of m.waitingApps) {
    const app = m.apps[id];
    if (!app) continue;
    for (const rpId of requestedProfileIds(app)) startExecutorsForProfile(m, env, app, rpId);
  }
}

function startExecutorsForProfile(m: MasterContext, env: Env, app: ApplicationInfo, rpId: number): void {
  print(env.io, 'master.start-scheduling', { appId: app.id, rpId });
  const desc = app.profiles[rpId];
  const cpe = desc.coresPerExecutor;
  if (coresLeft(m, app) < (cpe ?? 1)) return;
  const reqs = desc.customResourcesPerExecutor;
  const usable = orderWorkers(
    Object.values(m.workers)
      .filter((w) => w.state === 'ALIVE' && canLaunchExecutor(w, desc))
      .map((w) => ({
        id: w.id,
        coresFree: coresFree(w),
        memoryFree: memoryFree(w),
        ...(hasResources(reqs) ? { resourcesFree: amountsFree(w.resources, w.resourcesUsed) } : {}),
        w,
      })),
    m.conf.workerSelectionPolicy,
  );
  if (m.waitingApps.length === 1 && app.executors.length === 0 && usable.length === 0) {
    print(env.io, 'master.app-needs-more-resource', { appId: app.id });
  }
  const assigned = scheduleExecutorsOnWorkers(
    {
      coresLeft: coresLeft(m, app),
      coresPerExecutor: cpe,
      memoryPerExecutor: desc.memoryMbPerExecutor,
      ...(hasResources(reqs) ? { resourcesPerExecutor: reqs } : {}),
      existingExecutors: app.executorsPerProfile[rpId] ?? 0,
      executorLimit: app.targets[rpId] ?? 0,
      spreadOut: m.conf.spreadOutApps,
    },
    usable,
  );
  // `allocateWorkerResourceToExecutors`: executor ids are given in usable-worker order.
  usable.forEach((u, pos) => {
    for (const cores of executorsFor(assigned[pos], cpe)) {
      const resources = acquireOn(u.w, reqs);
      const exec = appAddExecutor(m, app, u.w, cores, desc.memoryMbPerExecutor, rpId, resources);
      launchExecutor(m, env, u.w, exec, app);
      app.state = 'RUNNING';
      touchApp(m, app.id);
    }
  });
}

function launchExecutor(
  m: MasterContext,
  env: Env,
  worker: WorkerInfo,
  exec: ExecutorDesc,
  app: ApplicationInfo,
): void {
  env.io.handler(ref(MASTER, 'launchExecutor'));
  print(env.io, 'master.launching-executor', { appId: app.id, execId: exec.id, workerId: worker.id });
  workerAddExecutor(m, worker, exec);
  checkLaunch(m, env.io, `executor ${app.id}/${exec.id}`, worker, app, exec.rpId);
  env.io.send(worker.address, {
    type: 'LaunchExecutor',
    masterUrl: m.url,
    appId: app.id,
    execId: exec.id,
    rpId: exec.rpId,
    appDesc: app.desc,
    cores: exec.cores,
    memory: exec.memory,
    ...(exec.resources ? { resources: exec.resources } : {}),
  });
  env.io.send(app.driver, {
    type: 'ExecutorAdded',
    id: exec.id,
    workerId: worker.id,
    hostPort: `${worker.host}:${worker.port}`,
    cores: exec.cores,
    memory: exec.memory,
  });
}
