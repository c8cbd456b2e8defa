/**
 * The Worker's invariants (spec §h, 17–22), checked inside the actor after every input that had
 * effects. A finding becomes a `violation` effect in the trace.
 */
import type { Env } from '../master/context';
import type { Message } from '../../sim/types';
import type { WorkerContext } from './context';

export function checkWorker(w: WorkerContext, io: Env['io'], event: string, msg?: Message): void {
  const retrying = event === 'ReregisterWithMaster';
  const registerTargets = retrying ? new Set<string>() : null;
  for (const op of io.ops) {
    if (op.op !== 'send') continue;
    // 17: heartbeats only while connected, and only to the current master.
    if (op.msg.type === 'Heartbeat' && (!w.connected || op.to !== w.master)) {
      io.violation('h17', `Heartbeat sent to ${op.to} while connected=${w.connected}, master=${w.master}`);
    }
    if (registerTargets !== null && op.msg.type === 'RegisterWorker') registerTargets.add(op.to);
  }
  // 18: registered means no retry timer.
  if (w.registered && w.retryTimer !== null)
    io.violation('h18', `registered but the ${w.retryTimer} retry timer is running`);
  // 19: the attempt counter never passes TOTAL + 1.
  if (w.connectionAttemptCount > w.conf.totalRegistrationRetries + 1) {
    io.violation('h19', `connectionAttemptCount is ${w.connectionAttemptCount}`);
  }
  // 20: retry rounds after a first registration target only the known master.
  if (registerTargets !== null && w.master !== null && registerTargets.size > 1) {
    io.violation('h20', `a retry round went to ${registerTargets.size} masters after registering with ${w.master}`);
  }
  // 21: LaunchExecutor / KillExecutor from a master other than the active one change nothing (the
  // worker only logs that an invalid master tried).
  if ((event === 'LaunchExecutor' || event === 'KillExecutor') && msg !== undefined) {
    const from = (msg as unknown as { masterUrl: string }).masterUrl;
    if (
      from !== w.activeMasterUrl &&
      io.ops.some(
        (op) =>
          op.op !== 'log' && op.op !== 'handler' && op.op !== 'violation' && op.op !== 'status' && op.op !== 'row',
      )
    ) {
      io.violation('h21', `${event} from ${from}, not the active master ${w.activeMasterUrl}, had an effect`);
    }
  }
  // 22: usage is the sum of live executors and drivers (plus what two leaders made Spark leak).
  let cores = w.leaked.cores;
  let memory = w.leaked.memory;
  for (const id in w.executors) {
    cores += w.executors[id].cores;
    memory += w.executors[id].memory;
  }
  for (const id in w.drivers) {
    cores += w.drivers[id].desc.cores;
    memory += w.drivers[id].desc.mem;
  }
  if (cores !== w.coresUsed || memory !== w.memoryUsed) {
    io.violation('h22', `uses ${w.coresUsed} cores / ${w.memoryUsed} MB but runs ${cores} / ${memory}`);
  }
  // Not for custom resources: the worker keeps the addresses in use as a set, and the master may
  // give an address to a new executor before the worker's old runner of it ends; that ending then
  // takes the address out of the set while the new runner holds it (Spark's own, shown only on the
  // worker's web UI).
}
