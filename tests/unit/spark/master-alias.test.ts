/**
 * A worker that dials its master under another address than the master's own (issue 19 §2): a
 * DNS alias or a load balancer in front of the master (`masters[].aliases`). RegisterWorker carries
 * the address dialled; the master echoes it in RegisteredWorker; the worker names it when
 * `spark.worker.preferConfiguredMasterAddress` is set (Worker.scala, handleRegisterResponse) and
 * reconnects to it (reregisterWithMaster). When the master dies, the worker sees each of its
 * connections close, under the address each was opened to (Worker.scala, onDisconnected).
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/lib/sim/trace';
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import { loadScenario } from '../../../src/lib/scenario/load';
import { cluster, problemsOf } from './harness';

const behindBalancer = (prefer: boolean) => ({
  masters: [{ host: 'master', port: 7077, aliases: ['spark-lb:7077'] }],
  workers: [{ host: 'worker1', port: 7078, cores: 2, memory: '1g', masters: ['spark://spark-lb:7077'] }],
  config: { 'spark.worker.preferConfiguredMasterAddress': prefer },
  faults: [{ at: '30s', action: 'restart', target: 'master-1' }],
});

describe('a worker that dials its master through another address', () => {
  it('reaches the master, which echoes the address dialled; the worker names it when it prefers it', () => {
    const c = cluster(behindBalancer(true), 60_000);
    expect(c.log('worker-1', 'Connecting to master spark-lb:7077...')[0].t).toBe(0);
    const register = c.sends.find((s) => s.msg.type === 'RegisterWorker');
    expect(register?.to).toBe('master-1');
    expect(register?.msg).toMatchObject({ masterAddress: 'spark-lb:7077' });
    const lines = c.log('worker-1', 'Successfully registered with master').map((l) => l.text);
    expect(lines[0]).toBe('Successfully registered with master spark://spark-lb:7077');
    // Without the preference, the worker names the master by its own address.
    const plain = cluster(behindBalancer(false), 20_000);
    expect(plain.log('worker-1', 'Successfully registered with master')[0].text).toBe(
      'Successfully registered with master spark://master:7077',
    );
  });

  it('sees both connections close when the master restarts, and registers again through the alias', () => {
    const c = cluster(behindBalancer(true), 60_000);
    const gone = c.logs.filter((l) => l.node === 'worker-1' && l.text.endsWith('Disassociated !'));
    expect(gone.map((l) => l.text)).toEqual(['master:7077 Disassociated !', 'spark-lb:7077 Disassociated !']);
    expect(c.log('worker-1', 'Not spawning another attempt to register with the master')).toHaveLength(1);
    const again = c.sends.filter((s) => s.msg.type === 'RegisterWorker' && s.t >= 30_000);
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((s) => (s.msg as { masterAddress?: string }).masterAddress === 'spark-lb:7077')).toBe(true);
    expect(c.log('worker-1', 'Successfully registered with master spark://spark-lb:7077')).toHaveLength(2);
    expect(c.violations).toEqual([]);
  });

  it('a seek across the dialled alias restores it: the run from a checkpoint is the run straight through', () => {
    const r = loadScenario({ version: 1, name: 'alias', description: '', seed: 1, ...behindBalancer(true) });
    if (!r.ok) throw new Error('scenario');
    const recorded = createInProcessSession(r.scenario, { checkpointEvery: 8 });
    recorded.sim.runUntil(60_000);
    const n = recorded.sim.events.length;
    let before = 0;
    while ((recorded.sim.events.at(before + 1)?.t ?? Infinity) < 30_000) before++;
    recorded.sim.seek(before);
    // The state restored from a checkpoint is the state reached by running, the alias included.
    const straight = createInProcessSession(r.scenario);
    straight.sim.stepMany(before);
    expect(canonicalJson(recorded.sim.kernel.save())).toBe(canonicalJson(straight.sim.kernel.save()));
    expect(JSON.stringify(recorded.sim.kernel.save())).toContain('spark-lb:7077');
    // And from there the run goes on as it did: both connections close at 30 s.
    for (let i = before; i < n; i++)
      expect(canonicalJson(recorded.sim.step())).toBe(canonicalJson(straight.sim.step()));
    straight.sim.runUntil(60_000);
    expect(recorded.sim.hash()).toBe(straight.sim.hash());
  });

  it('refuses an alias that is not host:port, or that another node already has', () => {
    expect(problemsOf({ masters: [{ host: 'master', port: 7077, aliases: ['spark-lb'] }] })).toBe(
      'masters[0].aliases[0]: expected "host:port", got "spark-lb"',
    );
    expect(
      problemsOf({
        masters: [
          { host: 'm1', port: 7077, aliases: ['m2:7077'] },
          { host: 'm2', port: 7077 },
        ],
        config: { 'spark.deploy.recoveryMode': 'ZOOKEEPER' },
      }),
    ).toMatch(/^masters\[1\]: .*m2:7077/);
    expect(problemsOf({ masters: [{ host: 'master', port: 7077, aliases: ['lb:70000'] }] })).toBe(
      'masters[0].aliases[0]: must be at most 65535, got 70000',
    );
  });
});
