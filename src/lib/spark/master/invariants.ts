/**
 * The Master's invariants (spec §h, 3–12 and 14), checked inside the actor after every input that
 * had effects, so they hold the same wherever the actor runs. A finding becomes a `violation`
 * effect in the trace; it never stops the run.
 */
import { isDriverFinished } from '../states';
import {
  appExecutors,
  coresLeft,
  fullId,
  requestedCores,
  type ApplicationInfo,
  type Env,
  type MasterContext,
  type WorkerInfo,
} from './context';

/**
 * Spark's own recovery race (spec §h.5): a worker re-registered as a duplicate while the master
 * was RECOVERING, recovery completed, schedule() gave a new executor an id, and the worker's
 * WorkerSchedulerStateResponse then re-added its running executor under the same id. Spark's maps
 * keep one of the two while its cores stay counted twice, on the worker and in the app: not an
 * invariant the model broke, but what Master.scala does. Shown once per executor, with where.
 */
function showKnown(io: Env['io'], list: MasterContext['overwritten']): void {
  for (const o of list) {
    if (o.shown) continue;
    o.shown = true;
    io.known(
      'h5',
      `executor ${o.id} was re-added by WorkerSchedulerStateResponse under an id schedule() had just given a new executor: Spark's maps keep one, and ${o.cores} cores / ${o.memory} MB stay counted twice on ${o.workerId} and in ${o.appId} (Master.scala, WorkerSchedulerStateResponse → ApplicationInfo.addExecutor)`,
    );
  }
}

export function checkMaster(m: MasterContext, io: Env['io']): void {
  // 4: the indexes hold exactly the non-DEAD workers, with distinct addresses. 5: each worker's
  // usage is the sum of what is charged to it. (That what the scheduler places fits is checked at
  // each launch: see `checkLaunch`.) One pass without copies: this runs after every registration.
  let live = 0;
  let idsOk = true;
  let addrsOk = true;
  for (const id in m.workers) {
    const w = m.workers[id];
    if (w.state !== 'DEAD') {
      live++;
      if (m.idToWorker[w.id] !== w.id) idsOk = false;
      if (m.addressToWorker[w.address] !== w.id) addrsOk = false;
    }
    if (w.executors.length === 0 && w.drivers.length === 0) {
      if (w.coresUsed !== 0 || w.memoryUsed !== 0) usageMismatch(w, 0, 0);
      continue;
    }
    let cores = 0;
    let memory = 0;
    for (const key of w.executors) {
      const e = m.executors[key];
      if (e) {
        cores += e.cores;
        memory += e.memory;
      }
    }
    for (const d of w.drivers) {
      const driver = m.drivers[d] ?? m.completedDrivers.find((c) => c.id === d);
      if (driver) {
        cores += driver.desc.cores;
        memory += driver.desc.mem;
      }
    }
    if (cores !== w.coresUsed || memory !== w.memoryUsed) usageMismatch(w, cores, memory);
  }
  if (!idsOk || countKeys(m.idToWorker) !== live)
    io.violation('h4', `idToWorker does not index exactly the non-DEAD workers`);
  if (!addrsOk || countKeys(m.addressToWorker) !== live) {
    io.violation('h4', `addressToWorker does not index exactly the non-DEAD workers`);
  }
  function usageMismatch(w: WorkerInfo, cores: number, memory: number): void {
    const twice = m.overwritten.filter((o) => o.workerId === w.id);
    const extra = twice.reduce((a, o) => [a[0] + o.cores, a[1] + o.memory], [0, 0]);
    if (twice.length > 0 && w.coresUsed - cores === extra[0] && w.memoryUsed - memory === extra[1]) {
      showKnown(io, twice);
      return;
    }
    io.violation(
      'h5',
      `worker ${w.id} uses ${w.coresUsed} cores / ${w.memoryUsed} MB but ${cores} / ${memory} are charged to it`,
    );
  }

  // 7, 11, 12: active apps.
  const waiting = new Set(m.waitingApps);
  const appIds = Object.keys(m.apps);
  if (waiting.size !== appIds.length || appIds.some((id) => !waiting.has(id))) {
    io.violation('h11', `waitingApps (${m.waitingApps.length}) and apps (${appIds.length}) differ`);
  }
  for (const app of Object.values(m.apps)) {
    if (app.state !== 'WAITING' && app.state !== 'RUNNING' && app.state !== 'UNKNOWN') {
      io.violation('h11', `active app ${app.id} is ${app.state}`);
    }
    if (app.state === 'UNKNOWN' && m.state !== 'RECOVERING')
      io.violation('h12', `app ${app.id} is UNKNOWN while ${m.state}`);
    const execs = appExecutors(m, app);
    const granted = execs.reduce((s, e) => s + e.cores, 0);
    if (granted !== app.coresGranted) {
      const twice = m.overwritten.filter((o) => o.appId === app.id);
      const counted = twice.reduce((a, o) => a + o.cores, 0);
      if (twice.length > 0 && app.coresGranted - granted === counted) showKnown(io, twice);
      else io.violation('h7', `app ${app.id} has ${app.coresGranted} cores granted but its executors hold ${granted}`);
    }
    const cpe = app.desc.coresPerExecutor;
    if (cpe !== undefined) {
      for (const e of execs)
        if (e.cores !== cpe) io.violation('h7', `executor ${fullId(app.id, e.id)} has ${e.cores} cores, not ${cpe}`);
    }
  }
  if (m.state !== 'RECOVERING') {
    for (const id in m.workers) {
      if (m.workers[id].state === 'UNKNOWN') io.violation('h12', `worker ${id} is UNKNOWN while ${m.state}`);
    }
  }

  // 9: drivers.
  const seen = new Set<string>();
  for (const d of [...Object.values(m.drivers), ...m.completedDrivers]) {
    if (seen.has(d.id)) io.violation('h9', `driver id ${d.id} appears twice`);
    seen.add(d.id);
  }
  for (const id of m.waitingDrivers) {
    const d = m.drivers[id];
    if (!d) io.violation('h9', `waiting driver ${id} is not among drivers`);
    else if (d.worker !== null || d.state !== 'SUBMITTED')
      io.violation('h9', `waiting driver ${id} is ${d.state} on ${d.worker}`);
  }
  for (const d of Object.values(m.drivers)) {
    if (d.worker !== null && d.state !== 'RUNNING') io.violation('h9', `placed driver ${d.id} is ${d.state}`);
  }
  for (const d of m.completedDrivers) {
    if (!isDriverFinished(d.state)) io.violation('h9', `completed driver ${d.id} is ${d.state}`);
  }

  // 14: bounded histories.
  if (m.completedApps.length > m.conf.retainedApplications)
    io.violation('h14', `${m.completedApps.length} completed apps retained`);
  if (m.completedDrivers.length > m.conf.retainedDrivers)
    io.violation('h14', `${m.completedDrivers.length} completed drivers retained`);
}

function countKeys(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

/**
 * Invariants 3, 5 (bounds), 6 and 10, checked at the moment of a launch: the master is ALIVE, the
 * worker is ALIVE, the placement fits, and running drivers stay within maxDrivers. Checking at the
 * moment matters: one timeout check may remove a worker right after schedule() used it, which is
 * legal. Over-commit that a recovery report brings back later is not the scheduler's (spec §h.5).
 */
export function checkLaunch(m: MasterContext, io: Env['io'], what: string, w: WorkerInfo, app?: ApplicationInfo): void {
  if (app && app.executors.length > app.executorLimit) {
    io.violation(
      'h8',
      `${what} gives app ${app.id} ${app.executors.length} executors, above its target of ${app.executorLimit}`,
    );
  }
  if (app && coresLeft(m, app) < 0) {
    io.violation(
      'h7',
      `${what} gives app ${app.id} ${app.coresGranted} cores, more than the ${requestedCores(m, app)} requested`,
    );
  }
  if (m.state !== 'ALIVE') io.violation('h3', `${what} launched while ${m.state}`);
  if (w.state !== 'ALIVE') io.violation('h6', `${what} launched on ${w.id}, which is ${w.state}`);
  if (w.coresUsed > w.cores || w.memoryUsed > w.memory) {
    io.violation('h5', `${what} puts ${w.id} at ${w.coresUsed}/${w.cores} cores and ${w.memoryUsed}/${w.memory} MB`);
  }
  const placed = Object.values(m.drivers).filter((d) => d.worker !== null).length;
  if (placed > m.conf.maxDrivers) io.violation('h10', `${placed} drivers placed, maxDrivers is ${m.conf.maxDrivers}`);
}
