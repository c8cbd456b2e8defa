/**
 * The Master's side of drivers submitted in cluster mode (spec §b.5, §c.5, §g.2): submission,
 * kill requests, state reports from workers, removal and supervised relaunch.
 */
import { MASTER, ref } from '../refs';
import type { DriverStateChanged, RequestDriverStatus, RequestKillDriver, RequestSubmitDriver } from '../messages';
import type { DriverState } from '../states';
import { newDriver, retain, workerRemoveDriver, type DriverInfo, type Env, type MasterContext } from './context';
import { persistDriver, unpersistDriver } from './persistence';
import { schedule } from './schedule';
import { print } from '../print';
import { atLeast } from '../config';

/** `receiveAndReply` → `RequestSubmitDriver`. */
export function handleRequestSubmitDriver(m: MasterContext, env: Env, msg: RequestSubmitDriver): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'RequestSubmitDriver'));
  if (m.state !== 'ALIVE') {
    env.io.reply({
      type: 'SubmitDriverResponse',
      master: m.address,
      success: false,
      message: `Current state is not alive: ${m.state}. Can only accept driver submissions in ALIVE state.`,
    });
    return;
  }
  print(env.io, 'master.driver-submitted', { mainClass: msg.driverDescription.mainClass });
  const driver = newDriver(m, msg.driverDescription, env.io.now);
  persistDriver(m, env, driver);
  m.waitingDrivers.push(driver.id);
  m.drivers[driver.id] = driver;
  schedule(m, env);
  env.io.reply({
    type: 'SubmitDriverResponse',
    master: m.address,
    success: true,
    driverId: driver.id,
    message: `Driver successfully submitted as ${driver.id}`,
  });
}

/** `receiveAndReply` → `RequestKillDriver`. */
export function handleRequestKillDriver(m: MasterContext, env: Env, msg: RequestKillDriver): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'RequestKillDriver'));
  const id = msg.driverId;
  if (m.state === 'ALIVE') {
    const text = killDriver(m, env, id);
    env.io.reply({
      type: 'KillDriverResponse',
      master: m.address,
      driverId: id,
      success: text !== null,
      message: text ?? `Driver ${id} has already finished or does not exist`,
    });
    return;
  }
  env.io.reply({
    type: 'KillDriverResponse',
    master: m.address,
    driverId: id,
    success: false,
    message: `Current state is not alive: ${m.state}. Can only kill drivers in ALIVE state.`,
  });
}

/**
 * The kill logic shared by RequestKillDriver and RequestKillAllDrivers (ALIVE only): a waiting
 * driver is KILLED at once, a placed one is killed by its worker. Returns the success text, or null
 * (after the WARN) when there is no such driver.
 */
function killDriver(m: MasterContext, env: Env, id: string, one = true): string | null {
  // RequestKillAllDrivers says "Asked to kill all drivers" once, not a line a driver [4.0].
  if (one) print(env.io, 'master.kill-driver-asked', { driverId: id });
  const driver = m.drivers[id];
  if (!driver) {
    print(env.io, 'master.kill-driver-unknown', { driverId: id });
    return null;
  }
  const waiting = m.waitingDrivers.indexOf(id);
  if (waiting >= 0) {
    m.waitingDrivers.splice(waiting, 1);
    env.io.send(m.address, { type: 'DriverStateChanged', driverId: id, state: 'KILLED' });
  } else if (driver.worker) {
    const w = m.workers[driver.worker];
    if (w) env.io.send(w.address, { type: 'KillDriver', driverId: id });
  }
  print(env.io, 'master.kill-driver-submitted', { driverId: id });
  return `Kill request for ${id} submitted`;
}

/** `receiveAndReply` → `RequestKillAllDrivers` [4.0]. */
export function handleRequestKillAllDrivers(m: MasterContext, env: Env): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'RequestKillAllDrivers'));
  if (m.state !== 'ALIVE') {
    env.io.reply({
      type: 'KillAllDriversResponse',
      master: m.address,
      success: false,
      message: `Current state is not alive: ${m.state}. Can only kill drivers in ALIVE state.`,
    });
    return;
  }
  print(env.io, 'master.kill-all-drivers');
  for (const id of Object.keys(m.drivers)) killDriver(m, env, id, false);
  env.io.reply({
    type: 'KillAllDriversResponse',
    master: m.address,
    success: true,
    message: 'Kill request for all drivers submitted',
  });
}

/** `receiveAndReply` → `RequestDriverStatus`: active and completed drivers. */
export function handleRequestDriverStatus(m: MasterContext, env: Env, msg: RequestDriverStatus): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'RequestDriverStatus'));
  if (m.state !== 'ALIVE') {
    env.io.reply({
      type: 'DriverStatusResponse',
      found: false,
      exception: `Current state is not alive: ${m.state}. Can only request driver status in ALIVE state.`,
    });
    return;
  }
  const d = m.drivers[msg.driverId] ?? m.completedDrivers.find((c) => c.id === msg.driverId);
  if (!d) {
    env.io.reply({ type: 'DriverStatusResponse', found: false });
    return;
  }
  const w = d.worker ? m.workers[d.worker] : undefined;
  env.io.reply({
    type: 'DriverStatusResponse',
    found: true,
    state: d.state,
    ...(w ? { workerId: w.id, workerHostPort: `${w.host}:${w.port}` } : {}),
    ...(d.exception !== undefined ? { exception: d.exception } : {}),
  });
}

/** `receive` → `DriverStateChanged`. Any state but a final one is a bug report in Spark. */
export function handleDriverStateChanged(m: MasterContext, env: Env, msg: DriverStateChanged): void {
  env.io.handler(ref(MASTER, 'receive', 'DriverStateChanged'));
  switch (msg.state) {
    case 'ERROR':
    case 'FINISHED':
    case 'KILLED':
    case 'FAILED':
      removeDriver(m, env, msg.driverId, msg.state, msg.exception);
      break;
    default:
      // Spark throws; the RPC inbox logs the exception and the endpoint carries on.
      print(
        env.io,
        'infra.inbox-ignoring-error',
        {},
        `java.lang.Exception: Received unexpected state update for driver ${msg.driverId}: ${msg.state}`,
      );
  }
}

/** `removeDriver` (spec §g.2). */
export function removeDriver(m: MasterContext, env: Env, id: string, state: DriverState, exception?: string): void {
  env.io.handler(ref(MASTER, 'removeDriver'));
  const driver = m.drivers[id];
  if (!driver) {
    print(env.io, 'master.remove-unknown-driver', { driverId: id });
    return;
  }
  print(env.io, 'master.removing-driver', { driverId: id, state });
  delete m.drivers[id];
  const waiting = m.waitingDrivers.indexOf(id);
  if (waiting >= 0) m.waitingDrivers.splice(waiting, 1);
  retain(m.completedDrivers, driver, m.conf.retainedDrivers);
  unpersistDriver(m, env, driver);
  driver.state = state;
  if (exception !== undefined) driver.exception = exception;
  leaveWorker(m, driver);
  schedule(m, env);
}

/** The driver's worker no longer runs it: its cores, memory and resources there are free. */
function leaveWorker(m: MasterContext, driver: DriverInfo): void {
  const w = driver.worker === null ? undefined : m.workers[driver.worker];
  if (w) workerRemoveDriver(m, w, driver);
}

/**
 * Since 2.3 (SPARK-19900) a relaunched driver gets a new id; before, the same driver waits again,
 * RELAUNCHING, to be launched under its old id.
 */
export const RELAUNCH_NEW_ID_SINCE = '2.3';

/** `relaunchDriver`: the old id becomes RELAUNCHING, a new id is submitted (before 2.3, the same one waits). */
export function relaunchDriver(m: MasterContext, env: Env, driver: DriverInfo): void {
  env.io.handler(ref(MASTER, 'relaunchDriver'));
  if (!atLeast(m.conf.sparkVersion, RELAUNCH_NEW_ID_SINCE)) {
    // Its worker is gone (removed, or not found by recovery): nothing holds it there any more.
    leaveWorker(m, driver);
    driver.worker = null;
    driver.state = 'RELAUNCHING';
    m.waitingDrivers.push(driver.id);
    schedule(m, env);
    return;
  }
  removeDriver(m, env, driver.id, 'RELAUNCHING');
  const fresh = newDriver(m, driver.desc, env.io.now);
  persistDriver(m, env, fresh);
  m.drivers[fresh.id] = fresh;
  m.waitingDrivers.push(fresh.id);
  schedule(m, env);
}
