/**
 * The final state of every node, as `npm run simulate --format json` prints it (and the console
 * API's `state(node)` returns): the Master's tables, each Worker's registration and runners.
 * Built from actor snapshots, so it reads the same wherever the actors ran.
 */
import type { Kernel } from '../sim/kernel';
import type { AppClientContext } from './appclient/context';
import { appExecutors, workerRow, type MasterContext } from './master/context';
import { stateString } from './state-string';
import type { WorkerContext } from './worker/context';
import type { Resources } from './resources';

interface MachineSnapshot<C> {
  value: unknown;
  context: C;
}

export function masterView(id: string, up: boolean, snap: MachineSnapshot<MasterContext> | null) {
  if (!up || !snap) return { id, up, state: 'DOWN' };
  const m = snap.context;
  return {
    id,
    up,
    state: m.state,
    machineState: stateString(snap.value),
    workers: Object.values(m.workers).map(workerRow),
    apps: [...Object.values(m.apps), ...m.completedApps].map((a) => ({
      id: a.id,
      name: a.desc.name,
      state: a.state,
      coresGranted: a.coresGranted,
      retryCount: a.retryCount,
      executors: appExecutors(m, a).map((e) => ({
        id: e.id,
        workerId: e.workerId,
        cores: e.cores,
        state: e.state,
        ...(e.rpId !== 0 ? { rpId: e.rpId } : {}),
        ...(e.resources ? { resources: e.resources } : {}),
      })),
    })),
    drivers: [...Object.values(m.drivers), ...m.completedDrivers].map((d) => ({
      id: d.id,
      state: d.state,
      workerId: d.worker,
      supervise: d.desc.supervise,
      ...(d.resources ? { resources: d.resources } : {}),
    })),
  };
}

/** A worker's custom resources and those in use, when it has any. */
function resourcesOf(w: WorkerContext): { resources?: Resources; resourcesUsed?: Resources } {
  return w.resources ? { resources: w.resources, resourcesUsed: w.resourcesUsed ?? {} } : {};
}

export function workerView(id: string, up: boolean, snap: MachineSnapshot<WorkerContext> | null) {
  if (!snap) return { id, alive: false, state: 'DOWN' };
  const w = snap.context;
  return {
    id,
    workerId: w.workerId,
    alive: up,
    state: up ? stateString(snap.value) : 'DOWN',
    registered: w.registered,
    connected: w.connected,
    activeMasterUrl: w.activeMasterUrl,
    connectionAttemptCount: w.connectionAttemptCount,
    cores: w.cores,
    coresUsed: w.coresUsed,
    memory: w.memory,
    memoryUsed: w.memoryUsed,
    ...resourcesOf(w),
    executors: Object.entries(w.executors).map(([fullId, e]) => ({
      id: fullId,
      cores: e.cores,
      memory: e.memory,
      state: e.state,
      ...(e.resources ? { resources: e.resources } : {}),
    })),
    drivers: Object.values(w.drivers).map((d) => ({ id: d.driverId, state: d.state, runs: d.runs })),
  };
}

export function appView(id: string, up: boolean, snap: MachineSnapshot<AppClientContext> | null) {
  if (!snap) return { id, alive: false, state: 'DOWN' };
  const c = snap.context;
  return {
    id,
    alive: up,
    state: up ? stateString(snap.value) : 'DOWN',
    appId: c.appId,
    registered: c.registered,
    master: c.master,
    executors: c.executors,
  };
}

export type FinalState = ReturnType<typeof finalState>;

/** Last known snapshot of every node (a node that is down keeps the state it had). */
export function finalState(k: Kernel, lastSnapshots: Map<string, unknown>) {
  const masters: ReturnType<typeof masterView>[] = [];
  const workers: ReturnType<typeof workerView>[] = [];
  const apps: ReturnType<typeof appView>[] = [];
  let zookeeper: { up: boolean; leader: string | null } | undefined;
  for (const id of k.nodeIds()) {
    const spec = k.nodeSpec(id);
    if (!spec) continue;
    const up = k.isUp(id);
    const snap = (up ? k.host.snapshot(id).actor : lastSnapshots.get(id)) ?? null;
    switch (spec.kind) {
      case 'master':
        masters.push(masterView(id, up, snap as MachineSnapshot<MasterContext> | null));
        break;
      case 'worker':
        workers.push(workerView(id, up, snap as MachineSnapshot<WorkerContext> | null));
        break;
      case 'app':
        apps.push(appView(id, up, snap as MachineSnapshot<AppClientContext> | null));
        break;
      case 'zookeeper':
        zookeeper = { up, leader: up ? (snap as { leader: string | null }).leader : null };
        break;
    }
  }
  return { masters, workers, apps, ...(zookeeper ? { zookeeper } : {}) };
}
