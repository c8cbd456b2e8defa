/**
 * Invariants that need more than one daemon's view (spec §h 1, 2, 13 and 23), checked after every
 * event from the event itself and the kernel's state. Violations are appended to the event.
 *
 * h1 is checked as Spark guarantees it: under ZOOKEEPER a master leaves STANDBY only while it
 * holds ZooKeeper's latch. A deposed leader that has not yet heard it lost the latch (a long GC
 * pause, a partition from ZooKeeper) may still act: Spark does not guard against that window, so
 * neither does the checker. Under FILESYSTEM two masters may both lead; nothing is flagged.
 */
import type { Kernel } from '../sim/kernel';
import type { TraceEvent } from '../sim/types';

function violation(e: TraceEvent, rule: string, text: string): void {
  e.fx.push({ k: 'violation', node: e.node, rule, text });
}

export function checkCluster(e: TraceEvent, k: Kernel): void {
  const spec = k.nodeSpec(e.node);
  if (!spec || (spec.kind !== 'master' && spec.kind !== 'app')) return;

  if (spec.kind === 'master') {
    for (const fx of e.fx) {
      if (fx.k !== 'state' || fx.node !== e.node) continue;
      const from = fx.from.split('.')[0];
      const to = fx.to.split('.')[0];
      // h2: out of STANDBY only through ElectedLeader; never back.
      if (to === 'STANDBY' && from !== '' && from !== 'STANDBY')
        violation(e, 'h2', `master went back to STANDBY from ${from}`);
      if (from === 'STANDBY' && e.msg !== 'ElectedLeader')
        violation(e, 'h2', `master left STANDBY on ${e.msg ?? e.kind}`);
      // h1: under ZooKeeper, only the latch holder leaves STANDBY.
      if (from === 'STANDBY' && to !== 'STANDBY' && k.isUp('zk')) {
        const zk = k.host.probe('zk') as { leader: string | null };
        if (zk.leader !== spec.address)
          violation(e, 'h1', `${e.node} left STANDBY but ZooKeeper's latch is held by ${zk.leader}`);
      }
    }
    // h13: a master that stays RECOVERING after ElectedLeader has its CompleteRecovery timer armed,
    // so recovery ends within recoveryTimeoutMs.
    const last = e.fx.filter((f) => f.k === 'state' && f.node === e.node).at(-1);
    if (last && last.k === 'state' && last.to === 'RECOVERING' && !k.hasTimer(e.node, 'recovery')) {
      violation(e, 'h13', 'RECOVERING without a CompleteRecovery timer');
    }
  }

  // h23: exactly one MasterChangeAcknowledged per MasterChanged, and no re-registration once registered.
  if (spec.kind === 'app' && e.kind === 'deliver') {
    const acks = e.fx.filter((f) => f.k === 'send' && f.msg.type === 'MasterChangeAcknowledged').length;
    if (e.msg === 'MasterChanged' && acks !== 1) violation(e, 'h23', `${acks} acknowledgements for one MasterChanged`);
  }
  if (
    spec.kind === 'app' &&
    e.fx.some((f) => f.k === 'send' && f.msg.type === 'RegisterApplication') &&
    k.isUp(e.node)
  ) {
    const app = k.host.probe(e.node) as { registered: boolean };
    if (app.registered) violation(e, 'h23', 'the app client re-registered after RegisteredApplication');
  }
}
