/**
 * Requests from the submission client and the master's endpoints as timed scenario actions
 * (issue 19 §2): kill a driver, ask its status, kill them all, ask the master's state. Each is
 * asked of every master; the answers, a standby's refusal included, are in the trace.
 */
import { describe, expect, it } from 'vitest';
import { cluster, problemsOf, worker } from './harness';

const doc = (requests: Record<string, unknown>[]) => ({
  masters: [
    { host: 'master1', port: 7077 },
    { host: 'master2', port: 7077 },
  ],
  config: { 'spark.deploy.recoveryMode': 'ZOOKEEPER' },
  workers: [worker(1)],
  drivers: [
    { at: '3s', cores: 1, memory: '512m', supervise: false },
    { at: '4s', cores: 1, memory: '512m', supervise: false },
  ],
  requests,
});

describe('scenario requests', () => {
  it('status, kill, status again, the master state, kill all: as spark-submit --status/--kill and the endpoints', () => {
    const c = cluster(
      doc([
        { at: '8s', type: 'RequestDriverStatus', driver: 1 },
        { at: '10s', type: 'RequestKillDriver', driver: 1 },
        { at: '12s', type: 'RequestDriverStatus', driver: 1 },
        { at: '14s', type: 'RequestMasterState' },
        { at: '16s', type: 'RequestKillAllDrivers' },
      ]),
      20_000,
    );
    const client = c.logs.filter((l) => l.node === 'client').map((l) => l.text);
    const states = client.filter((t) => t.startsWith('State of'));
    expect(states).toEqual([
      expect.stringMatching(/^State of driver-\d{14}-0000 is RUNNING$/),
      expect.stringMatching(/^State of driver-\d{14}-0000 is KILLED$/),
    ]);
    expect(c.log('master-1', 'Asked to kill driver driver-')).toHaveLength(1);
    expect(c.log('master-1', 'Asked to kill all drivers')).toHaveLength(1);
    expect(c.log('master-1', 'Removing driver:').map((l) => l.text)).toEqual([
      expect.stringMatching(/-0000 \(KILLED\)$/),
      expect.stringMatching(/-0001 \(KILLED\)$/),
    ]);
    // Every master is asked; the standby refuses in Spark's words, the leader answers with its state.
    const refusal = c.sent('KillDriverResponse', 'master-2')[0]?.msg as unknown as {
      success: boolean;
      message: string;
    };
    expect(refusal.success).toBe(false);
    expect(refusal.message).toContain('ALIVE state');
    expect(c.sent('MasterStateResponse', 'master-1')).toHaveLength(1);
    expect(c.delivered('MasterStateResponse', 'client').length).toBeGreaterThanOrEqual(1);
  });

  it('a request for a driver no master has accepted yet is not sent, and says why', () => {
    const c = cluster(doc([{ at: '1s', type: 'RequestKillDriver', driver: 2 }]), 10_000);
    expect(c.sent('RequestKillDriver')).toHaveLength(0);
    const e = c.events.find((x) => x.node === 'client' && x.t === 1000 && x.kind === 'timer');
    expect(e?.reason).toBe('RequestKillDriver: driver 2 has no id: no master has accepted it yet');
  });

  it('refuses a driver number the scenario does not have, naming the field', () => {
    expect(problemsOf({ ...doc([{ at: '1s', type: 'RequestDriverStatus', driver: 3 }]) })).toBe(
      'requests[0].driver: there is no driver 3: the scenario submits 2',
    );
  });

  it('DecommissionWorkersOnHosts (the web UI, 3.1+): the workers on those hosts, case-insensitively, are decommissioned and told', () => {
    const c = cluster(
      {
        masters: [{ host: 'master', port: 7077 }],
        config: { 'spark.decommission.enabled': true },
        workers: [{ host: 'worker{i}', port: 7078, cores: 4, memory: '4g', at: '1s', count: 2 }],
        apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '1g', maxCores: 8 }],
        requests: [{ at: '10s', type: 'DecommissionWorkersOnHosts', hosts: ['WORKER1', 'nohost'] }],
      },
      15_000,
    );
    expect(c.log('master-1', 'Decommissioning the workers with host:ports').map((l) => l.text)).toEqual([
      'Decommissioning the workers with host:ports worker1:7078',
    ]);
    expect(c.sent('DecommissionWorker', 'master-1').map((s) => s.to)).toEqual(['worker-1']);
    expect(c.log('worker-1', 'Decommission worker worker-')).toHaveLength(1);
    expect(c.log('worker-2', 'Decommission worker')).toHaveLength(0);
    const answer = c.sent('Int', 'master-1')[0]?.msg as unknown as { value: number };
    expect(answer.value).toBe(1);
    expect(c.master().workers.find((w) => w.host === 'worker1')?.state).toBe('DECOMMISSIONED');
  });

  it('the REST server’s readyz and clear [4.0]: the leader is ready and a standby not; clear empties both histories', () => {
    const d = doc([
      { at: '10s', type: 'RequestKillAllDrivers' },
      { at: '12s', type: 'RequestMasterState' },
      { at: '14s', type: 'RequestReadyz' },
      { at: '16s', type: 'RequestClearCompletedDriversAndApps' },
      { at: '18s', type: 'RequestMasterState' },
    ]);
    const c = cluster(d, 20_000);
    const answers = (node: string, from: number) =>
      c
        .sent('Boolean', node)
        .filter((s) => s.t >= from && s.to === 'client')
        .map((s) => (s.msg as unknown as { value: boolean }).value);
    expect(answers('master-1', 14_000)).toEqual([true, true]);
    // The standby is not ready; it clears its (empty) histories all the same.
    expect(answers('master-2', 14_000)).toEqual([false, true]);
    const states = c
      .sent('MasterStateResponse', 'master-1')
      .map((s) => s.msg as unknown as { completedDrivers: string[] });
    expect(states.map((s) => s.completedDrivers.length)).toEqual([2, 0]);
    const handled = c.delivered('RequestClearCompletedDriversAndApps', 'master-1')[0].fx.find((f) => f.k === 'handler');
    expect(handled).toMatchObject({ ref: { file: 'deploy/master/Master.scala', method: 'receiveAndReply' } });
  });

  it('refuses the REST server’s 4.0 requests before 4.0, naming the field', () => {
    for (const type of ['RequestKillAllDrivers', 'RequestReadyz', 'RequestClearCompletedDriversAndApps']) {
      expect(
        problemsOf({
          masters: [{ host: 'm', port: 7077 }],
          config: { 'spark.version': '3.5' },
          requests: [{ at: '1s', type }],
        }),
      ).toBe(
        `requests[0].type: Spark 3.5 does not have ${type}: it came in Spark 4.0 (set spark.version to 4.0 or later)`,
      );
    }
  });

  it('refuses DecommissionWorkersOnHosts before 3.1', () => {
    expect(
      problemsOf({
        masters: [{ host: 'm', port: 7077 }],
        config: { 'spark.version': '2.4' },
        requests: [{ at: '1s', type: 'DecommissionWorkersOnHosts', hosts: ['w'] }],
      }),
    ).toBe(
      'requests[0].type: Spark 2.4 does not have DecommissionWorkersOnHosts: it came in Spark 3.1 (set spark.version to 3.1 or later)',
    );
  });
});
