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
  workerExecutor,
} from './context';
import { takeTouched } from './touched';
import type { Resources } from '../resources';
import { atLeast } from '../config';
import { RELAUNCH_NEW_ID_SINCE } from './drivers';

/**
 * Spark's own recovery race (spec §h.5): a worker re-registered as a duplicate while the master
 * was RECOVERING, recovery completed, schedule() gave a new executor an id, and the worker's
 * WorkerSchedulerStateResponse then re-added its running executor under the same id. Spark's maps
 * keep one of the two while its cores stay counted twice, on the worker and in the app: not an
 * invariant the model broke, but what Master.scala does. Under two FILESYSTEM leaders the same id
 * can come from two workers' reports: then only the app counts it twice. Shown once per executor.
 */
function showKnown(io: Env['io'], list: MasterContext['overwritten']): void {
  for (const o of list) {
    if (o.shown) continue;
    o.shown = true;
    io.known(
      'h5',
      o.by === o.workerId
        ? `executor ${o.id} was re-added by WorkerSchedulerStateResponse under an id schedule() had just given a new executor: Spark's maps keep one, and ${o.cores} cores / ${o.memory} MB stay counted twice on ${o.workerId} and in ${o.appId} (Master.scala, WorkerSchedulerStateResponse → ApplicationInfo.addExecutor)`
        : `executor ${o.id} was re-added by ${o.by}'s WorkerSchedulerStateResponse while ${o.workerId} runs an executor under the same id (two masters leading over one FILESYSTEM directory gave it twice): the app's map keeps ${o.by}'s, ${o.workerId}'s WorkerInfo keeps its own, and ${o.cores} cores / ${o.memory} MB stay counted in ${o.appId} (Master.scala, WorkerSchedulerStateResponse → ApplicationInfo.addExecutor)`,
    );
  }
}

/**
 * 5, for custom resources, at a launch: the addresses the worker has in use are exactly those its
 * executors and drivers hold, each held once, and all of them the worker's.
 */
function checkResources(m: MasterContext, io: Env['io'], what: string, w: WorkerInfo): void {
  const held = new Map<string, string[]>();
  const hold = (r: Resources | undefined) => {
    for (const [name, addresses] of Object.entries(r ?? {})) held.set(name, [...(held.get(name) ?? []), ...addresses]);
  };
  for (const key of w.executors) hold(workerExecutor(m, w, key)?.resources);
  for (const id of w.drivers) hold(m.drivers[id]?.resources);
  // Spark's own ways to get here, each shown once as such rather than flagged: a recovery report
  // that threw on an address taken twice (see `resourceConflicts`), and drivers the worker still
  // lists that the Master removed under another worker (see `ghostDriversShown`).
  const conflict = m.resourceConflicts.find((c) => c.workerId === w.id);
  const ghosts = w.drivers.filter((id) => m.drivers[id]?.worker !== w.id);
  const flag = (text: string): void => {
    if (conflict) {
      if (conflict.shown) return;
      conflict.shown = true;
      io.known(
        'h5',
        `${text}: ${w.id}'s recovery report threw "${conflict.problem}", and Spark ignored the rest of it, keeping what it had re-added without its addresses (Master.scala, WorkerSchedulerStateResponse → WorkerInfo.recoverResources)`,
      );
    } else if (ghosts.length > 0) {
      for (const id of ghosts) {
        const key = `${w.id}/${id}`;
        if (m.ghostDriversShown.includes(key)) continue;
        m.ghostDriversShown.push(key);
        io.known(
          'h5',
          `${text}: driver ${id} was recovered from the reports of two workers and removed under the other one only, and Spark's WorkerInfo for ${w.id} keeps it and its addresses (two masters lead over one FILESYSTEM directory; Master.scala, WorkerSchedulerStateResponse → WorkerInfo.addDriver, removeDriver)`,
        );
      }
    } else io.violation('h5', text);
  };
  for (const [name, addresses] of held) {
    const twice = addresses.find((a, i) => addresses.indexOf(a) !== i);
    if (twice !== undefined) flag(`${what}: ${name} address ${twice} on ${w.id} is held twice`);
    const missing = addresses.find((a) => !(w.resources?.[name] ?? []).includes(a));
    if (missing !== undefined) flag(`${what}: ${w.id} has no ${name} address ${missing}`);
  }
  for (const name of Object.keys(w.resources ?? {})) {
    const used = [...(w.resourcesUsed?.[name] ?? [])].sort().join(',');
    const holding = [...new Set(held.get(name) ?? [])].sort().join(',');
    if (used !== holding) flag(`${what}: ${w.id} has ${name} [${used}] in use but [${holding}] held`);
  }
}

/** Every rule read from the whole state: what `checkMaster` must say, and says faster. */
export function checkMasterWhole(m: MasterContext, io: Env['io']): void {
  // 4: the indexes hold exactly the non-DEAD workers, with distinct addresses. 5: each worker's
  // usage is the sum of what is charged to it. (That what the scheduler places fits is checked at
  // each launch: see `checkLaunch`.)
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
    const usage = charged(m, w);
    if (usage.cores !== w.coresUsed || usage.memory !== w.memoryUsed) sayUsage(m, w, usage, io);
  }
  if (!idsOk || countKeys(m.idToWorker) !== live)
    io.violation('h4', `idToWorker does not index exactly the non-DEAD workers`);
  if (!addrsOk || countKeys(m.addressToWorker) !== live) {
    io.violation('h4', `addressToWorker does not index exactly the non-DEAD workers`);
  }

  // 7, 11, 12: active apps.
  checkWaiting(m, io);
  for (const app of Object.values(m.apps)) for (const [rule, text] of appFindings(m, app, io)) io.violation(rule, text);
  if (m.state !== 'RECOVERING') {
    for (const id in m.workers) {
      if (m.workers[id].state === 'UNKNOWN') io.violation('h12', `worker ${id} is UNKNOWN while ${m.state}`);
    }
  }

  checkDrivers(m, io);
}

/** 5: a worker whose usage differs from what is charged to it (Spark's own double count is known). */
function sayUsage(m: MasterContext, w: WorkerInfo, usage: { cores: number; memory: number }, io: Env['io']): void {
  const twice = m.overwritten.filter((o) => o.workerId === w.id && o.by === w.id);
  const extra = twice.reduce((a, o) => [a[0] + o.cores, a[1] + o.memory], [0, 0]);
  if (twice.length > 0 && w.coresUsed - usage.cores === extra[0] && w.memoryUsed - usage.memory === extra[1]) {
    showKnown(io, twice);
    return;
  }
  io.violation(
    'h5',
    `worker ${w.id} uses ${w.coresUsed} cores / ${w.memoryUsed} MB but ${usage.cores} / ${usage.memory} are charged to it`,
  );
}

/** 11: the waiting list is exactly the active apps. */
function checkWaiting(m: MasterContext, io: Env['io']): void {
  const waiting = new Set(m.waitingApps);
  const appIds = Object.keys(m.apps);
  if (waiting.size !== appIds.length || appIds.some((id) => !waiting.has(id))) {
    io.violation('h11', `waitingApps (${m.waitingApps.length}) and apps (${appIds.length}) differ`);
  }
}

/** 7, 11, 12 for one active app, as [rule, text] (Spark's own double count is said as known). */
function appFindings(m: MasterContext, app: ApplicationInfo, io: Env['io']): [string, string][] {
  const found: [string, string][] = [];
  const say = (rule: string, text: string) => found.push([rule, text]);
  if (app.state !== 'WAITING' && app.state !== 'RUNNING' && app.state !== 'UNKNOWN')
    say('h11', `active app ${app.id} is ${app.state}`);
  if (app.state === 'UNKNOWN' && m.state !== 'RECOVERING') say('h12', `app ${app.id} is UNKNOWN while ${m.state}`);
  const execs = appExecutors(m, app);
  const granted = execs.reduce((sum, e) => sum + e.cores, 0);
  if (granted !== app.coresGranted) {
    const twice = m.overwritten.filter((o) => o.appId === app.id);
    const counted = twice.reduce((a, o) => a + o.cores, 0);
    if (twice.length > 0 && app.coresGranted - granted === counted) showKnown(io, twice);
    else say('h7', `app ${app.id} has ${app.coresGranted} cores granted but its executors hold ${granted}`);
  }
  // Each executor has its resource profile's cores per executor, where the profile sets them.
  for (const e of execs) {
    const cpe = app.profiles[e.rpId]?.coresPerExecutor;
    if (cpe !== undefined && e.cores !== cpe)
      say('h7', `executor ${fullId(app.id, e.id)} has ${e.cores} cores, not ${cpe}`);
  }
  return found;
}

/** Rules 9 and 14: drivers, and the retained histories (short lists, read whole). */
function checkDrivers(m: MasterContext, io: Env['io']): void {
  // 9: drivers.
  const seen = new Set<string>();
  for (const d of [...Object.values(m.drivers), ...m.completedDrivers]) {
    if (seen.has(d.id)) io.violation('h9', `driver id ${d.id} appears twice`);
    seen.add(d.id);
  }
  // Before 2.3 a relaunched driver waits again under its own id, RELAUNCHING.
  const inPlace = !atLeast(m.conf.sparkVersion, RELAUNCH_NEW_ID_SINCE);
  for (const id of m.waitingDrivers) {
    const d = m.drivers[id];
    if (!d) io.violation('h9', `waiting driver ${id} is not among drivers`);
    else if (d.worker !== null || (d.state !== 'SUBMITTED' && !(d.state === 'RELAUNCHING' && inPlace)))
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
export function checkLaunch(
  m: MasterContext,
  io: Env['io'],
  what: string,
  w: WorkerInfo,
  app?: ApplicationInfo,
  rpId = 0,
): void {
  if (app) {
    // Per resource profile: the executors of the launched one's profile, against that profile's target.
    const count = app.executorsPerProfile[rpId] ?? 0;
    const counted = Object.values(app.executorsPerProfile).reduce((a, b) => a + b, 0);
    if (counted !== app.executors.length)
      io.violation(
        'h8',
        `app ${app.id} counts ${counted} executors over its profiles, but has ${app.executors.length}`,
      );
    const target = app.targets[rpId] ?? 0;
    if (count > target) {
      const of = rpId === 0 ? '' : ` of resource profile ${rpId}`;
      io.violation('h8', `${what} gives app ${app.id} ${count} executors${of}, above its target of ${target}`);
    }
  }
  if (w.resources) checkResources(m, io, what, w);
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

// -------------------------------------------------------------------------------------------------
// The same rules, looked at again only where something changed

/** What the check last found for one worker (by id). */
interface WorkerFinding {
  /** When it was first looked at: violations about workers are said in that order. */
  seq: number;
  live: boolean;
  /** Indexed by its id in idToWorker, and as itself (h4). */
  idKey: boolean;
  idOk: boolean;
  address: string;
  addrOk: boolean;
  unknown: boolean;
  /** The cores and memory charged to it, when they differ from its usage (h5). */
  mismatch: { cores: number; memory: number } | null;
}

interface Findings {
  workers: Map<string, WorkerFinding>;
  nextSeq: number;
  /** The workers whose usage differs from what is charged (h5), and the UNKNOWN ones (h12). */
  mismatched: Set<string>;
  unknown: Set<string>;
  /** The addresses indexed in addressToWorker, among the addresses of the workers looked at. */
  addresses: Map<string, boolean>;
  live: number;
  idKeys: number;
  addrKeys: number;
  badIds: number;
  badAddrs: number;
  /** The violations each active app showed when last looked at. */
  apps: Map<string, [string, string][]>;
  state: string;
}

const findings = new WeakMap<MasterContext, Findings>();

function charged(m: MasterContext, w: WorkerInfo): { cores: number; memory: number } {
  let cores = 0;
  let memory = 0;
  for (const key of w.executors) {
    const e = workerExecutor(m, w, key);
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
  return { cores, memory };
}

function lookAtWorker(m: MasterContext, f: Findings, id: string): void {
  const old = f.workers.get(id);
  if (old) {
    if (old.live) f.live--;
    if (old.idKey) f.idKeys--;
    if (!old.idOk) f.badIds--;
    if (!old.addrOk) f.badAddrs--;
  }
  const w = m.workers[id] as WorkerInfo | undefined;
  const address = w?.address ?? old?.address ?? '';
  const live = w !== undefined && w.state !== 'DEAD';
  const usage = w && charged(m, w);
  const found: WorkerFinding = {
    seq: old?.seq ?? f.nextSeq++,
    live,
    idKey: m.idToWorker[id] !== undefined,
    idOk: !live || m.idToWorker[id] === id,
    address,
    addrOk: !live || m.addressToWorker[address] === id,
    unknown: w?.state === 'UNKNOWN',
    mismatch: w && usage && (usage.cores !== w.coresUsed || usage.memory !== w.memoryUsed) ? usage : null,
  };
  if (w && found.mismatch) f.mismatched.add(id);
  else f.mismatched.delete(id);
  if (found.unknown) f.unknown.add(id);
  else f.unknown.delete(id);
  if (found.live) f.live++;
  if (found.idKey) f.idKeys++;
  if (!found.idOk) f.badIds++;
  if (!found.addrOk) f.badAddrs++;
  if (w) f.workers.set(id, found);
  else f.workers.delete(id);
  if (address) {
    const was = f.addresses.get(address) ?? false;
    const now = m.addressToWorker[address] !== undefined;
    if (was !== now) f.addrKeys += now ? 1 : -1;
    f.addresses.set(address, now);
  }
}

function lookAtApp(m: MasterContext, f: Findings, id: string, io: Env['io']): void {
  const app = m.apps[id];
  if (app) f.apps.set(id, appFindings(m, app, io));
  else f.apps.delete(id);
}

/** Every worker and app looked at. */
function wholeFindings(m: MasterContext, io: Env['io']): Findings {
  const f: Findings = {
    workers: new Map(),
    nextSeq: 0,
    mismatched: new Set(),
    unknown: new Set(),
    addresses: new Map(),
    live: 0,
    idKeys: 0,
    addrKeys: 0,
    badIds: 0,
    badAddrs: 0,
    apps: new Map(),
    state: m.state,
  };
  for (const id in m.workers) lookAtWorker(m, f, id);
  for (const id in m.apps) lookAtApp(m, f, id, io);
  return f;
}

/** Findings as plain text, in id order, to compare two. */
function findingsText(f: Findings): string {
  const sorted = <V>(map: Map<string, V>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({
    workers: sorted(f.workers).map(([id, { seq: _seq, ...found }]) => [id, found]),
    mismatched: [...f.mismatched].sort(),
    unknown: [...f.unknown].sort(),
    addresses: sorted(f.addresses).filter(([, present]) => present),
    counts: [f.live, f.idKeys, f.addrKeys, f.badIds, f.badAddrs],
    apps: sorted(f.apps),
  });
}

/**
 * Spec §h's Master rules after an input, as `checkMasterWhole` finds them, but looking again only
 * at the workers and apps that changed (`touched.ts`): the rest is as it was last found. A Master
 * just made or restored is looked at whole once. Rules over small lists (waiting apps, drivers,
 * retained histories) are read whole each time.
 */
export function checkMaster(m: MasterContext, io: Env['io']): void {
  if (checkMaster.verify) return verified(m, io);
  lookAgain(m, io);
}

/**
 * Tests set this: each input is checked both ways, and a difference between what the two found
 * throws (a handler that changed a worker or an app without saying so).
 */
checkMaster.verify = false;

type Said = [kind: 'violation' | 'known', rule: string, text: string];

/** `io`, with what a check says written down instead. */
function recorder(io: Env['io'], said: Said[]): Env['io'] {
  const r = Object.create(io) as Env['io'];
  r.violation = (rule: string, text: string) => void said.push(['violation', rule, text]);
  r.known = (rule: string, text: string) => void said.push(['known', rule, text]);
  return r;
}

function verified(m: MasterContext, io: Env['io']): void {
  const shown = m.overwritten.map((o) => o.shown);
  const whole: Said[] = [];
  checkMasterWhole(m, recorder(io, whole));
  m.overwritten.forEach((o, i) => (o.shown = shown[i]));
  const fast: Said[] = [];
  lookAgain(m, recorder(io, fast));
  const key = (x: Said[]) =>
    x
      .map((s) => s.join(' '))
      .sort()
      .join('\n');
  if (key(whole) !== key(fast))
    throw new Error(`checkMaster found\n${key(fast)}\nwhere the whole state shows\n${key(whole)}`);
  // What was kept must be what a whole look finds now, violation or not.
  const kept = findings.get(m);
  const afterFast = m.overwritten.map((o) => o.shown);
  const again = wholeFindings(m, recorder(io, []));
  m.overwritten.forEach((o, i) => (o.shown = afterFast[i]));
  if (kept && findingsText(kept) !== findingsText(again))
    throw new Error(`checkMaster kept\n${findingsText(kept)}\nwhere the whole state shows\n${findingsText(again)}`);
  for (const [kind, rule, text] of fast) io[kind](rule, text);
}

function lookAgain(m: MasterContext, io: Env['io']): void {
  let f = findings.get(m);
  const workers = takeTouched(m, 'checkWorkers');
  const apps = takeTouched(m, 'checkApps');
  if (!f || workers === null || apps === null) {
    f = wholeFindings(m, io);
    findings.set(m, f);
  } else {
    for (const id of [...workers].sort()) lookAtWorker(m, f, id);
    // The app rules read the master's state: a change of it looks at every app again.
    const again = f.state !== m.state ? Object.keys(m.apps) : [];
    for (const id of [...new Set([...apps, ...again])].sort()) lookAtApp(m, f, id, io);
    f.state = m.state;
  }

  // Workers with something to say, in the order they were first looked at (as a whole look says it).
  const inOrder = (ids: Set<string>) =>
    ids.size < 2 ? ids : [...ids].sort((a, b) => f.workers.get(a)!.seq - f.workers.get(b)!.seq);
  // 5: usage against what is charged, for every worker where they differ.
  for (const id of inOrder(f.mismatched)) sayUsage(m, m.workers[id], f.workers.get(id)!.mismatch!, io);
  // 4: the indexes hold exactly the non-DEAD workers.
  if (f.badIds > 0 || f.idKeys !== f.live) io.violation('h4', `idToWorker does not index exactly the non-DEAD workers`);
  if (f.badAddrs > 0 || f.addrKeys !== f.live)
    io.violation('h4', `addressToWorker does not index exactly the non-DEAD workers`);

  // 11: the waiting list is the active apps; 7, 11, 12 per app, as last found.
  checkWaiting(m, io);
  for (const found of f.apps.values()) for (const [rule, text] of found) io.violation(rule, text);
  if (m.state !== 'RECOVERING') {
    for (const id of inOrder(f.unknown)) io.violation('h12', `worker ${id} is UNKNOWN while ${m.state}`);
  }
  checkDrivers(m, io);
}
