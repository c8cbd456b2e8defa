/** The Worker's registration lifecycle and runners, spec §c.3, §b.2, §b.3, §d. */
import { describe, expect, it } from 'vitest';
import { cluster, oneMaster, restartBehindPartition, worker, zkLeaderDies, silentThenHealed } from './harness';
import { ActorIO } from '../../../src/lib/sim/actor';
import { Rng } from '../../../src/lib/sim/rng';
import type { Message } from '../../../src/lib/sim/types';
import { defaultConf } from '../../../src/lib/spark/config';
import { workerKind } from '../../../src/lib/spark/worker/actor';
import { createWorkerContext } from '../../../src/lib/spark/worker/context';
import { checkWorker } from '../../../src/lib/spark/worker/invariants';

describe('Worker registration lifecycle (spec §c.3)', () => {
  it('retries 6 times at round(10f) s, 10 times at round(60f) s, then gives up at 6I + 11P', () => {
    const c = cluster(
      { ...oneMaster, workers: [worker(1)], faults: [{ at: '500ms', action: 'kill', target: 'master-1' }] },
      1_800_000,
    );
    const starts = c.log('worker-1', 'Connecting to master master:7077...').map((l) => l.t);
    const t0 = starts[0];
    const attempts = c.log('worker-1', 'Retrying connection to master (attempt # ').map((l) => l.t - t0);
    expect(attempts).toHaveLength(16);
    const I = attempts[0];
    expect(I % 1000).toBe(0);
    expect(I).toBeGreaterThanOrEqual(5000);
    expect(I).toBeLessThanOrEqual(15000);
    const P = attempts[6] - attempts[5];
    expect(attempts.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6].map((k) => k * I));
    expect(attempts.slice(6)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((j) => 6 * I + j * P));
    // Same fuzz factor: P = round(60f) s, I = round(10f) s.
    expect(Math.abs(P / 6 - I)).toBeLessThanOrEqual(3000);
    const giveUp = c.log('worker-1', 'All masters are unresponsive! Giving up.')[0];
    expect(giveUp.level).toBe('ERROR');
    expect(giveUp.t - t0).toBe(6 * I + 11 * P);
    expect(c.worker('worker-1').state).toBe('DOWN');
    expect(c.states.filter((s) => s.node === 'worker-1').map((s) => s.to)).toEqual([
      'Starting',
      'Registering.Initial',
      'Registering.Prolonged',
      'Exited',
    ]);
  });

  it('logs each failed connection to a dead master', () => {
    const c = cluster(
      { ...oneMaster, workers: [worker(1)], faults: [{ at: '500ms', action: 'kill', target: 'master-1' }] },
      2_000,
    );
    expect(c.log('worker-1', 'Failed to connect to master master:7077')[0].level).toBe('WARN');
  });

  it('after a registration, a lost master gets one round to all masters, then retries only that master (SPARK-4592)', () => {
    const c = cluster(zkLeaderDies, 60_000);
    expect(c.log('worker-1', 'm1:7077 Disassociated !')).toHaveLength(1);
    expect(c.log('worker-1', 'Connection to master failed! Waiting for master to reconnect...')[0].level).toBe('ERROR');
    const afterLoss = c.sent('RegisterWorker', 'worker-1').filter((s) => s.t >= 20_000);
    const firstRound = afterLoss.filter((s) => s.t === afterLoss[0].t).map((s) => s.to);
    expect(firstRound.sort()).toEqual(['master-1', 'master-2']);
    const retries = afterLoss.filter((s) => s.t > afterLoss[0].t);
    expect(retries.length).toBeGreaterThan(0);
    expect(new Set(retries.map((s) => s.to))).toEqual(new Set(['master-1']));
    expect(c.worker('worker-1').state).toMatch(/^Disconnected/);
  });

  it('a registration refused while unregistered ends the process with exit code 1', () => {
    const c = cluster(restartBehindPartition, 60_000);
    const down = c.events
      .flatMap((e) => e.fx)
      .find((f) => f.k === 'down' && f.node === 'worker-1' && f.reason.startsWith('exit'));
    expect(down).toMatchObject({
      reason: 'exit(1): Worker registration failed: Attempted to re-register worker at same address: worker1:7078',
    });
  });

  it('adds one heartbeat timer per successful registration and never cancels the old ones', () => {
    const c = cluster(silentThenHealed, 300_000);
    const timers = c.events
      .slice()
      .flatMap((e) => e.fx)
      .filter((f) => f.k === 'timer-set' && f.name === 'SendHeartbeat');
    expect(timers.map((t) => (t as { key: string }).key)).toEqual(['heartbeat-1', 'heartbeat-2']);
    const beats = c.sent('Heartbeat', 'worker-1').filter((s) => s.t > 200_000 && s.t <= 260_000);
    expect(beats.length).toBe(8); // two timers, four periods each
  });

  it('follows MasterChanged while registering: connected and heartbeating, still not registered', () => {
    const c = cluster(zkLeaderDies, 150_000);
    expect(c.log('worker-1', 'Master has changed, new master is at spark://m2:7077')).toHaveLength(1);
    const w = c.worker('worker-1');
    expect(w).toMatchObject({
      registered: false,
      connected: true,
      activeMasterUrl: 'spark://m2:7077',
      state: 'Reconnected',
    });
    const changed = c.delivered('MasterChanged', 'worker-1')[0].t;
    expect(c.sent('Heartbeat', 'worker-1').filter((s) => s.t > changed && s.to === 'master-2').length).toBeGreaterThan(
      0,
    );
    expect(c.sent('WorkerSchedulerStateResponse', 'worker-1')).toHaveLength(1);
  });
});

describe('Worker runners (spec §b.2, §b.3, §a.6)', () => {
  it('launches an executor, reports RUNNING to the master with an ask, and frees it when killed', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '1g', duration: '10s' }],
      },
      20_000,
    );
    expect(c.log('worker-1', 'Asked to launch executor app-')[0].text).toMatch(/ for pi$/);
    const reports = c.sends.filter(
      (s) => s.from === 'worker-1' && s.to === 'master-1' && s.msg.type === 'ExecutorStateChanged',
    );
    expect(reports.map((r) => [r.mode, (r.msg as unknown as { state: string }).state])).toEqual([
      ['ask', 'RUNNING'],
      ['ask', 'KILLED'],
    ]);
    expect(c.log('worker-1', 'finished with state KILLED exitStatus 143')).toHaveLength(1);
    expect(c.worker('worker-1')).toMatchObject({ coresUsed: 0, memoryUsed: 0 });
  });

  it('retries a failed executor state report, then gives up and exits (spec §b.3)', () => {
    const c = cluster(
      {
        ...oneMaster,
        config: { 'spark.rpc.askTimeout': '2s', 'spark.worker.executorStateSync.maxAttempts': 3 },
        workers: [worker(1)],
        apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '1g' }],
        faults: [{ at: '3100ms', action: 'partition', groups: [['worker-1']] }],
      },
      30_000,
    );
    const retries = c.log('worker-1', 'will retry');
    expect(retries.map((l) => l.text.replace(/^.*retry /, ''))).toEqual(['(1/3).', '(2/3).']);
    expect(retries[0].text).toMatch(
      /^Failed to send ExecutorStateChanged\(app-\S+,0,RUNNING,None,None\) to Master NettyRpcEndpointRef\(spark:\/\/Master@master:7077\), will retry/,
    );
    expect(c.log('worker-1', 'for 3 times. Giving up.')).toHaveLength(1);
    expect(c.worker('worker-1').state).toBe('DOWN');
  });
});

describe('Decommissioning (spec §g.7)', () => {
  const doc = (enabled: boolean) => ({
    ...oneMaster,
    config: { 'spark.decommission.enabled': enabled },
    workers: [worker(1), worker(2)],
    apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '512m', maxCores: 8 }],
    faults: [
      { at: '10s', action: 'decommission', target: 'worker-1' },
      { at: '12s', action: 'decommission', target: 'worker-1' },
    ],
  });

  it('a decommissioned worker is DECOMMISSIONED at the master, its executors leave the app, nothing new lands there', () => {
    const c = cluster(doc(true), 40_000);
    expect(c.log('worker-1', 'Decommission worker worker-')).toHaveLength(1);
    expect(c.log('worker-1', 'already started decommissioning.')[0].level).toBe('WARN');
    expect(c.log('master-1', 'Decommissioning worker worker-')).toHaveLength(1);
    expect(c.log('master-1', 'as worker is already decommissioned')[0].level).toBe('WARN');
    const w1 = c.master().workers.find((w) => w.host === 'worker1');
    expect(w1).toMatchObject({ state: 'DECOMMISSIONED', coresUsed: 4 });
    expect(c.log('app-1', 'is now DECOMMISSIONED (worker decommissioned)')).toHaveLength(1);
    const app = c.master().apps[0];
    expect(app.executors.every((e) => e.workerId.includes('worker2'))).toBe(true);
    expect(c.sent('LaunchExecutor').filter((s) => s.t > 10_000 && s.to === 'worker-1')).toEqual([]);
    expect(c.violations).toEqual([]);
  });

  it('without spark.decommission.enabled the signal does nothing, and says why', () => {
    const c = cluster(doc(false), 20_000);
    expect(c.sent('WorkerDecommissioning')).toEqual([]);
    expect(c.master().workers.every((w) => w.state === 'ALIVE')).toBe(true);
    // Issue 19, bug 3: the fault is not silently ignored; the worker had said so at start.
    const faults = c.events.filter((e) => e.kind === 'fault' && e.node === 'worker-1');
    expect(faults.map((e) => e.reason)).toEqual([
      'no SIGPWR handler: spark.decommission.enabled is false',
      'no SIGPWR handler: spark.decommission.enabled is false',
    ]);
  });

  it('the worker says at start whether it installed the SIGPWR handler, before "Starting Spark worker" (issue 19, bug 3)', () => {
    for (const [enabled, line] of [
      [false, 'Worker decommissioning not enabled.'],
      [true, 'Registering SIGPWR handler to trigger decommissioning.'],
    ] as const) {
      const c = cluster(doc(enabled), 2_000);
      const lines = c.logs.filter((l) => l.node === 'worker-1').map((l) => `${l.logger}: ${l.text}`);
      expect(lines.slice(0, 2)).toEqual([
        `Worker: ${line}`,
        'Worker: Starting Spark worker worker1:7078 with 4 cores, 4.0 GiB RAM',
      ]);
    }
  });
});

describe('ExecutorRunner (issue 19, bug 4)', () => {
  it('prints the executor’s launch command before its process runs', () => {
    const c = cluster(
      { ...oneMaster, workers: [worker(1)], apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '512m' }] },
      10_000,
    );
    const lines = c.logs.filter((l) => l.node === 'worker-1').map((l) => `${l.logger}: ${l.text}`);
    const asked = lines.findIndex((l) => l.startsWith('Worker: Asked to launch executor'));
    const launch = lines.findIndex((l) => l.startsWith('ExecutorRunner: Launch command: '));
    expect(asked).toBeGreaterThanOrEqual(0);
    expect(launch).toBeGreaterThan(asked);
    expect(lines[launch]).toMatch(
      /^ExecutorRunner: Launch command: "\/opt\/spark\/bin\/java" .*"-Xmx512M" "org\.apache\.spark\.executor\.CoarseGrainedExecutorBackend" .*"--executor-id" "0" "--hostname" "worker1" "--cores" "4" "--app-id" "app-\d{14}-0000" "--worker-url" "spark:\/\/Worker@worker1:7078"/,
    );
  });
});

describe('Worker invariant h21: orders from a master other than the active one change nothing', () => {
  const w = createWorkerContext({
    host: 'worker1',
    port: 7078,
    cores: 4,
    memory: 4096,
    masters: ['m1:7077', 'm2:7077'],
    conf: defaultConf(),
    failExecutors: false,
  });
  w.activeMasterUrl = 'spark://m2:7077';
  const launch = { type: 'LaunchExecutor', masterUrl: 'spark://m1:7077' } as unknown as Message;
  const check = (record: (io: ActorIO) => void) => {
    const io = new ActorIO(0, 'worker1:7078', Rng.seeded(1));
    record(io);
    checkWorker(w, io as never, 'LaunchExecutor', launch);
    return io.ops.filter((op) => op.op === 'violation');
  };

  it('accepts the warning Spark logs and nothing else', () => {
    expect(
      check((io) => io.log('WARN', 'Worker', 'Invalid Master (spark://m1:7077) attempted to launch executor.')),
    ).toEqual([]);
  });

  it('flags a stale master order that launched something (the check can fail)', () => {
    const found = check((io) => io.send('m1:7077', { type: 'ExecutorStateChanged' } as unknown as Message));
    expect(found).toEqual([expect.objectContaining({ rule: 'h21' })]);
  });

  it('the live daemon answers a stale LaunchExecutor with the warning only', () => {
    const actor = workerKind.create({
      id: 'worker-1',
      address: 'worker1:7078',
      incarnation: 0,
      seed: 1,
      params: {
        host: 'worker1',
        port: 7078,
        cores: 4,
        memory: 4096,
        masters: ['m1:7077'],
        conf: defaultConf(),
        failExecutors: false,
      },
    });
    // Started first: its first input reports its whole status, which is not what this test is about.
    actor.handle({ kind: 'start', disk: {} }, new ActorIO(0, 'worker1:7078', Rng.seeded(1)));
    const io = new ActorIO(0, 'worker1:7078', Rng.seeded(1));
    actor.handle(
      {
        kind: 'message',
        from: 'm9:7077',
        msg: {
          ...launch,
          masterUrl: 'spark://m9:7077',
          appId: 'app-1',
          execId: 0,
          appDesc: {},
          cores: 1,
          memory: 512,
        } as unknown as Message,
      },
      io,
    );
    expect(io.ops.filter((op) => op.op !== 'handler')).toEqual([
      {
        op: 'log',
        level: 'WARN',
        logger: 'Worker',
        text: 'Invalid Master (spark://m9:7077) attempted to launch executor.',
      },
    ]);
  });
});
