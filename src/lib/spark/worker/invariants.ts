/**
 * The Worker's invariants (spec §h, 17–22), checked inside the actor after every input that had
 * effects. A finding becomes a `violation` effect in the trace.
 */
import type { Env } from '../master/context';
import type { WorkerContext } from './context';

export function checkWorker(w: WorkerContext, io: Env['io'], event: string): void {
  const fail = (rule: string, text: string) => io.violation(rule, text);
  const registerTargets = new Set<string>();
  for (const op of io.ops) {
    if (op.op !== 'send') continue;
    // 17: heartbeats only while connected, and only to the current master.
    if (op.msg.type === 'Heartbeat' && (!w.connected || op.to !== w.master)) {
      fail('h17', `Heartbeat sent to ${op.to} while connected=${w.connected}, master=${w.master}`);
    }
    if (op.msg.type === 'RegisterWorker') registerTargets.add(op.to);
  }
  // 18: registered means no retry timer.
  if (w.registered && w.retryTimer !== null) fail('h18', `registered but the ${w.retryTimer} retry timer is running`);
  // 19: the attempt counter never passes TOTAL + 1.
  if (w.connectionAttemptCount > w.conf.totalRegistrationRetries + 1) {
    fail('h19', `connectionAttemptCount is ${w.connectionAttemptCount}`);
  }
  // 20: retry rounds after a first registration target only the known master.
  if (event === 'ReregisterWithMaster' && w.master !== null && registerTargets.size > 1) {
    fail('h20', `a retry round went to ${registerTargets.size} masters after registering with ${w.master}`);
  }
  // 22: usage is the sum of live executors and drivers (plus what two leaders made Spark leak).
  let cores = w.leaked.cores;
  let memory = w.leaked.memory;
  for (const e of Object.values(w.executors)) {
    cores += e.cores;
    memory += e.memory;
  }
  for (const d of Object.values(w.drivers)) {
    cores += d.desc.cores;
    memory += d.desc.mem;
  }
  if (cores !== w.coresUsed || memory !== w.memoryUsed) {
    fail('h22', `uses ${w.coresUsed} cores / ${w.memoryUsed} MB but runs ${cores} / ${memory}`);
  }
}
