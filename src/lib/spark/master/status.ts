/**
 * The Master's status asks (spec §b.5): `RequestMasterState`, and the REST server's `RequestReadyz`
 * and `RequestClearCompletedDriversAndApps` [4.0].
 */
import { MASTER, ref } from '../refs';
import { workerRow, type Env, type MasterContext } from './context';

/** `receiveAndReply` → `RequestMasterState`: answered in any state; DEAD workers included. */
export function handleRequestMasterState(m: MasterContext, env: Env): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'RequestMasterState'));
  env.io.reply({
    type: 'MasterStateResponse',
    host: m.host,
    port: m.port,
    workers: Object.values(m.workers).map(workerRow),
    activeApps: [...m.waitingApps],
    completedApps: m.completedApps.map((a) => a.id),
    activeDrivers: Object.keys(m.drivers),
    completedDrivers: m.completedDrivers.map((d) => d.id),
    status: m.state,
  });
}

/** `receiveAndReply` → `RequestClearCompletedDriversAndApps` [4.0]: both histories emptied, in any state. */
export function handleRequestClearCompleted(m: MasterContext, env: Env): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'RequestClearCompletedDriversAndApps'));
  m.completedDrivers = [];
  m.completedApps = [];
  env.io.reply({ type: 'Boolean', value: true });
}

/** `receiveAndReply` → `RequestReadyz` [4.0]: ready unless STANDBY. */
export function handleRequestReadyz(m: MasterContext, env: Env): void {
  env.io.handler(ref(MASTER, 'receiveAndReply', 'RequestReadyz'));
  env.io.reply({ type: 'Boolean', value: m.state !== 'STANDBY' });
}
