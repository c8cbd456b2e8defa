/** High availability and recovery, spec §f and §c.1. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cluster, oneMaster, worker } from './harness';
import { forgetfulZooKeeperRun, ZK_RESTART_SCENARIO } from '../../fixtures/forgetful-zookeeper';

const zk = { 'spark.deploy.recoveryMode': 'ZOOKEEPER' };
const threeMasters = [
  { host: 'm1', port: 7077 },
  { host: 'm2', port: 7077, at: '300ms' },
  { host: 'm3', port: 7077, at: '600ms' },
];

/** The marks of Spark's own behaviour (amber), where an invariant would read as broken. */
const known = (c: ReturnType<typeof cluster>) =>
  c.events.flatMap((e) => e.fx).filter((f): f is Extract<typeof f, { k: 'known' }> => f.k === 'known');

describe('ZooKeeper failover (spec §f.1–§f.6)', () => {
  it('the standby wins the latch once the dead leader’s session expires, recovers, and is ALIVE early', () => {
    const doc = JSON.parse(readFileSync('scenarios/04-zookeeper-failover.json', 'utf8'));
    const c = cluster(doc, 300_000);
    const kill = 60_000;
    const expired = c.log('zk', 'Expiring session of master1:7077')[0].t;
    // The session expires 60 s after the dead master was last heard (a ping sent in the same
    // millisecond as the kill still arrives, a network latency later).
    expect(expired - kill).toBeLessThanOrEqual(60_000 + 10);
    expect(expired - kill).toBeGreaterThan(40_000);
    expect(c.log('master-2', 'We have gained leadership')[0].t).toBeGreaterThanOrEqual(expired);
    // A process starts in STANDBY (recorded at its start), and is elected later.
    expect(c.states.filter((s) => s.node === 'master-2').map((s) => `${s.from}→${s.to}`)).toEqual([
      '→STANDBY',
      'STANDBY→RECOVERING',
      'RECOVERING→COMPLETING_RECOVERY',
      'COMPLETING_RECOVERY→ALIVE',
    ]);
    expect(new Set(c.states.filter((s) => s.node === 'master-2').map((s) => s.t)).size).toBe(3);
    expect(
      c
        .sent('MasterChanged', 'master-2')
        .map((s) => s.to)
        .sort(),
    ).toEqual(['app-1', 'worker-1', 'worker-2', 'worker-3']);
    expect(c.log('master-2', 'Application has been re-registered: app-')).toHaveLength(1);
    expect(c.log('master-2', 'Worker has been re-registered: worker-')).toHaveLength(3);
    const done = c.log('master-2', 'Recovery complete in ')[0];
    expect(done.text).toMatch(/^Recovery complete in \d+ ms - resuming operations!$/);
    const m2 = c.master('master-2');
    expect(m2.state).toBe('ALIVE');
    expect(m2.apps[0]).toMatchObject({ state: 'RUNNING', coresGranted: 6 });
    expect(m2.workers.every((w) => w.state === 'ALIVE' && w.coresUsed === 2)).toBe(true);
    expect(c.master('master-3').state).toBe('STANDBY');
    expect(c.violations).toEqual([]);
  });

  it('removes a worker that does not answer by the recovery timeout', () => {
    const c = cluster(
      {
        config: { ...zk, 'spark.deploy.recoveryTimeout': '30s' },
        masters: threeMasters.slice(0, 2),
        workers: [worker(1), worker(2)],
        faults: [
          { at: '20s', action: 'kill', target: 'master-1' },
          { at: '21s', action: 'kill', target: 'worker-2' },
        ],
      },
      200_000,
    );
    const elected = c.log('master-2', 'I have been elected leader! New state: RECOVERING')[0].t;
    const removed = c.log('master-2', 'Removing worker worker-')[0];
    expect(removed.t - elected).toBe(30_000);
    expect(c.master('master-2').workers.find((w) => w.id.includes('worker2'))?.state).toBe('DEAD');
    expect(c.master('master-2').state).toBe('ALIVE');
  });

  it('a ZooKeeper crash revokes the leader’s leadership and the master exits', () => {
    const c = cluster(
      {
        config: zk,
        masters: threeMasters.slice(0, 2),
        workers: [worker(1)],
        faults: [{ at: '10s', action: 'kill', target: 'zk' }],
      },
      30_000,
    );
    expect(c.log('master-1', 'We have lost leadership')).toHaveLength(1);
    expect(c.log('master-1', 'Leadership has been revoked -- master shutting down.')[0].level).toBe('ERROR');
    expect(c.master('master-1').state).toBe('DOWN');
    expect(c.master('master-2').state).toBe('STANDBY');
  });

  it('a leader partitioned from ZooKeeper gives up leadership when its ping times out', () => {
    const c = cluster(
      {
        config: zk,
        masters: threeMasters.slice(0, 2),
        workers: [worker(1)],
        faults: [
          {
            at: '10s',
            action: 'partition',
            groups: [
              ['master-1', 'worker-1'],
              ['zk', 'master-2'],
            ],
          },
        ],
      },
      200_000,
    );
    expect(c.log('master-1', 'Leadership has been revoked -- master shutting down.')).toHaveLength(1);
    expect(c.log('master-2', 'We have gained leadership')).toHaveLength(1);
    expect(c.violations).toEqual([]);
  });
});

describe('FILESYSTEM recovery (spec §a.5, §f)', () => {
  it('a restarted master reads its directory, recovers workers and apps, and keeps the executors', () => {
    const doc = JSON.parse(readFileSync('scenarios/05-filesystem-master-restart.json', 'utf8'));
    const c = cluster(doc, 180_000);
    const disk = c.session.sim.kernel.disk('recovery:/var/spark/recovery');
    expect(
      Object.keys(disk)
        .sort()
        .map((k) => k.replace(/-\d{14}-/, '-T-')),
    ).toEqual(['app_app-T-0000', 'worker_worker-T-worker1-7078', 'worker_worker-T-worker2-7078']);
    expect(c.log('master-1', 'I have been elected leader! New state: RECOVERING')).toHaveLength(1);
    expect(c.log('master-1', 'Trying to recover worker: ')).toHaveLength(2);
    expect(c.log('master-1', 'Recovery complete in ')).toHaveLength(1);
    expect(c.master().state).toBe('ALIVE');
    expect(c.violations).toEqual([]);
  });

  it('completes at once, without a timer, when only drivers were persisted [4.0, SPARK-46664]', () => {
    const c = cluster(
      {
        config: { 'spark.deploy.recoveryMode': 'FILESYSTEM' },
        ...oneMaster,
        drivers: [{ at: '1s', cores: 1, memory: '512m', supervise: false }],
        faults: [{ at: '5s', action: 'restart', target: 'master-1' }],
      },
      10_000,
    );
    const restartStates = c.states.filter((s) => s.node === 'master-1' && s.t >= 5_000).map((s) => s.to);
    expect(restartStates).toEqual(['STANDBY', 'RECOVERING', 'COMPLETING_RECOVERY', 'ALIVE']);
    expect(
      c.events
        .slice()
        .flatMap((e) => e.fx)
        .filter((f) => f.k === 'timer-set' && f.name === 'CompleteRecovery'),
    ).toEqual([]);
    expect(c.log('master-1', 'was not found after master recovery')).toHaveLength(1);
    expect(c.log('master-1', 'Did not re-launch driver-')[0].level).toBe('WARN');
  });

  it('shows Spark’s recovery over-commit race without flagging the scheduler (spec §h.5)', () => {
    const doc = JSON.parse(readFileSync('scenarios/05-filesystem-master-restart.json', 'utf8'));
    const c = cluster(doc, 180_000);
    // The worker re-registers as a duplicate (UNKNOWN → ALIVE) before its WorkerSchedulerStateResponse
    // re-attaches its executors; recovery completes in between and schedule() places a new executor there.
    const dup = c.log('master-1', 'Worker has been re-registered: worker-').map((l) => l.t);
    expect(dup.length).toBeGreaterThanOrEqual(2);
    const overcommitted = c.master().workers.filter((w) => w.coresUsed > w.cores);
    expect(overcommitted.map((w) => [w.cores, w.coresUsed])).toEqual([[4, 8]]);
    expect(c.violations).toEqual([]);
  });
});

describe('Spark’s own over-commit after a FILESYSTEM restart is shown as such (issue 19, 1b: h5/h7)', () => {
  it('the issue’s reproducer: executor 0 re-added under the id schedule() had just reused, marked, not flagged', () => {
    const c = cluster(
      {
        seed: 652684507,
        config: {
          'spark.deploy.recoveryMode': 'FILESYSTEM',
          'spark.worker.timeout': 20,
          'spark.deploy.maxExecutorRetries': 1,
        },
        masters: [{ host: 'master1', port: 7077, at: '3s' }],
        workers: [{ host: 'worker1', port: 7078, cores: 1, memory: '1g', at: '2s' }],
        apps: [{ at: '30s', name: 'app 2', memoryPerExecutor: '1g', maxCores: 4 }],
        faults: [{ at: '53s', action: 'restart', target: 'master-1' }],
        network: { loss: 0.1 },
      },
      817_000,
    );
    expect(c.violations).toEqual([]);
    const marks = known(c);
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ node: 'master-1', rule: 'h5' });
    expect(marks[0].text).toMatch(/^executor app-\d{14}-0000\/0 was re-added by WorkerSchedulerStateResponse/);
  });

  it('example 05 at seed 1 shows the same race, marked, not flagged', () => {
    const doc = JSON.parse(readFileSync('scenarios/05-filesystem-master-restart.json', 'utf8'));
    const c = cluster({ ...doc, seed: 1 }, 180_000);
    expect(c.violations).toEqual([]);
    expect(known(c).length).toBeGreaterThanOrEqual(1);
  });
});

describe('a driver recovered from two workers under two FILESYSTEM leaders (fuzz, seed 12: h5)', () => {
  it('keeps its GPU in use on the worker it was not removed from, as Spark’s WorkerInfo does: marked, not flagged', () => {
    const c = cluster(
      {
        seed: 14,
        config: {
          'spark.version': '3.5',
          'spark.decommission.enabled': true,
          'spark.deploy.recoveryMode': 'FILESYSTEM',
          'spark.worker.timeout': 20,
        },
        masters: [
          { host: 'master1', port: 7077, at: 0 },
          { host: 'master2', port: 7077, at: 500 },
        ],
        workers: [1, 2, 3, 4].map((n) => ({
          host: `worker${n}`,
          port: 7078,
          cores: 4,
          memory: '4g',
          at: 700 + 300 * n,
          ...(n % 2 === 1 ? { resources: { gpu: 2 } } : {}),
        })),
        drivers: [
          { at: 8000, cores: 1, memory: '512m', supervise: true, duration: 50000, exitCode: 1, resources: { gpu: 1 } },
        ],
        faults: [{ at: 14538, action: 'restart', target: 'master-1' }],
        network: { latency: { min: 1, max: 20 }, loss: 0 },
      },
      56_000,
    );
    expect(c.violations).toEqual([]);
    const marks = known(c).filter((f) => f.rule === 'h5');
    expect(marks).toHaveLength(1);
    expect(marks[0].text).toContain('driver driver-20250601090008-0000 was recovered from the reports of two workers');
    expect(c.master('master-1').workers.find((w) => w.id.includes('worker1'))?.resourcesUsed).toEqual({
      gpu: ['0', '1'],
    });
  });
});

describe('one executor id from two workers under two FILESYSTEM leaders (fuzz, seed 12: h5)', () => {
  // Both masters gave app-…-0000 executor 0, one on each worker. master-2, restarted, recovers both
  // workers: worker1's report re-adds executor 0 over worker2's in the app's map.
  const doc = {
    seed: 754780,
    config: {
      'spark.version': '2.4',
      'spark.deploy.recoveryMode': 'FILESYSTEM',
      'spark.worker.timeout': 60,
      'spark.worker.preferConfiguredMasterAddress': true,
    },
    masters: [
      { host: 'master1', port: 7077, at: 0, aliases: ['lb1:7077'] },
      { host: 'master2', port: 7077, at: 500, aliases: ['lb2:7077'] },
    ],
    workers: [
      {
        host: 'worker1',
        port: 7078,
        cores: 4,
        memory: '4g',
        at: 1000,
        masters: ['spark://lb1:7077', 'spark://lb2:7077'],
      },
      { host: 'worker2', port: 7078, cores: 4, memory: '4g', at: 1300 },
    ],
    apps: [{ at: 5000, name: 'app1', memoryPerExecutor: '512m', maxCores: 4, duration: 60000 }],
    faults: [{ at: 18583, action: 'restart', target: 'master-2' }],
    network: { latency: { min: 1, max: 20 }, loss: 0.1 },
  };

  it('worker2 keeps its own executor 0 on the master, as Spark’s WorkerInfo does; only the app counts it twice, marked', () => {
    const c = cluster(doc, 20_000);
    expect(c.violations).toEqual([]);
    const master2 = c.master('master-2');
    const worker2 = master2.workers.find((w) => w.id.endsWith('worker2-7078'));
    // Its executor 0 (2 cores) and the executor 1 schedule() gave it after worker1 was removed.
    expect([worker2?.state, worker2?.coresUsed, worker2?.memoryUsed]).toEqual(['ALIVE', 4, 1024]);
    const marks = known(c).filter((f) => f.node === 'master-2');
    expect(marks).toHaveLength(1);
    expect(marks[0].text).toMatch(
      /^executor app-\d{14}-0000\/0 was re-added by worker-\d{14}-worker1-7078's WorkerSchedulerStateResponse while worker-\d{14}-worker2-7078 runs an executor under the same id/,
    );
  });

  it('removing worker2 later tells the app it lost both its executors, 0 and 1', () => {
    const c = cluster({ ...doc, faults: [...doc.faults, { at: 25_000, action: 'kill', target: 'worker-2' }] }, 100_000);
    expect(c.violations).toEqual([]);
    const lost = c.log('master-2', 'Telling app of lost executor: ').filter((l) => l.t > 25_000);
    expect(lost.map((l) => l.text.replace(/.*: /, ''))).toEqual(['0', '1']);
  });
});

describe('a latch notice that waited out a long pause (issue 19, 1b: h1 reproducers)', () => {
  // Spark's ZooKeeper client drops a connection silent for its read timeout before it reads what
  // came meanwhile: the stale "you lead" of a session ZooKeeper has since expired is never acted on.
  const three = {
    seed: 37031506,
    config: { 'spark.deploy.recoveryMode': 'ZOOKEEPER', 'spark.worker.timeout': 30 },
    masters: [1, 2, 3].map((n) => ({ host: `master${n}`, port: 7077 })),
    faults: [
      { at: '49s', action: 'pause', target: 'master-2', duration: '72s' },
      { at: '78s', action: 'restart', target: 'master-3' },
    ],
  };
  const two = {
    seed: 720315376,
    config: {
      'spark.deploy.recoveryMode': 'ZOOKEEPER',
      'spark.worker.timeout': 10,
      'spark.deploy.maxExecutorRetries': 1,
    },
    masters: [
      { host: 'master1', port: 7077, at: '12s' },
      { host: 'master2', port: 7077 },
    ],
    faults: [{ at: '96s', action: 'pause', target: 'master-1', duration: '91s' }],
    network: { loss: 0.08 },
  };

  it('a standby paused 72 s does not leave STANDBY on the notice it slept through', () => {
    const c = cluster(three, 301_000);
    expect(c.violations).toEqual([]);
    const stale = c.events.find((e) => e.node === 'master-2' && e.msg === 'ZkLatchState' && e.t === 121_000);
    expect(stale?.reason).toMatch(/^the ZooKeeper client heard nothing for \d+ s/);
    // It reconnects and joins the latch again.
    expect(c.log('zk', 'Established session for master2:7077').length).toBeGreaterThanOrEqual(2);
  });

  it('a master paused 91 s with message loss does not lead without the latch', () => {
    const c = cluster(two, 367_000);
    expect(c.violations).toEqual([]);
  });
});

describe('a ZooKeeper restart keeps its sessions and latch nodes (issue 19, the fuzzer’s h1 find)', () => {
  it('the leader ZooKeeper told just before restarting still holds the latch when the notice lands', () => {
    const { version: _v, name: _n, description: _d, ...doc } = ZK_RESTART_SCENARIO;
    const c = cluster(doc, 2_000);
    const elected = c.log('master-1', 'I have been elected leader!');
    expect(elected).toHaveLength(1);
    expect(elected[0].t).toBeGreaterThan(13);
    expect(c.violations).toEqual([]);
    // Curator then sees the connection drop: the latch is given up, and Spark's master exits.
    expect(c.log('master-1', 'Leadership has been revoked -- master shutting down.')).toHaveLength(1);
  });

  it('a deposed leader’s latch node lingers until its session expires 60 s after the restart; then the standby leads', () => {
    const c = cluster(
      {
        config: zk,
        masters: [
          { host: 'master1', port: 7077 },
          { host: 'master2', port: 7077, at: 500 },
        ],
        workers: [worker(1)],
        faults: [{ at: '30s', action: 'restart', target: 'zk' }],
      },
      150_000,
    );
    expect(c.violations).toEqual([]);
    expect(c.log('master-1', 'Leadership has been revoked -- master shutting down.')[0].t).toBeLessThan(30_100);
    // master-2 reconnects and joins again with a new node; master-1's old one still comes first.
    const rejoined = c.log('zk', 'Established session for master2:7077').at(-1)!;
    expect(rejoined.t).toBeGreaterThan(30_000);
    expect(rejoined.text).toContain('latch-0000000002 created');
    expect(c.log('zk', 'Expiring session of master1:7077')[0].t).toBe(90_000);
    const gained = c.log('master-2', 'We have gained leadership');
    expect(gained).toHaveLength(1);
    expect(gained[0].t).toBeGreaterThan(90_000);
    expect(c.worker('worker-1')).toMatchObject({ connected: true, activeMasterUrl: 'spark://master2:7077' });
    expect(c.final.zookeeper).toMatchObject({ up: true, leader: 'master2:7077' });
  });

  it('a ZooKeeper that forgot them (the broken model of the fixture) breaks h1 on the same scenario', () => {
    const { trace } = forgetfulZooKeeperRun();
    const broken = trace.flatMap((e) => e.fx.filter((f) => f.k === 'violation'));
    expect(broken.map((f) => f.k === 'violation' && f.rule)).toEqual(['h1']);
  });
});

describe('ZooKeeper pauses (regressions found by the property tests)', () => {
  const doc = (at: number, duration: number) => ({
    seed: 547628,
    config: { 'spark.deploy.recoveryMode': 'ZOOKEEPER' },
    masters: [
      { host: 'master1', port: 7077 },
      { host: 'master2', port: 7077, at: 500 },
    ],
    workers: [{ host: 'worker1', port: 7078, cores: 4, memory: '4g', at: 1000 }],
    faults: [{ at, action: 'pause', target: 'zk', duration }],
  });

  it('a standby that reconnected ignores the stale “you are leader” of its abandoned latch node', () => {
    const c = cluster(doc(0, 39_990), 180_000);
    expect(c.violations).toEqual([]);
    const leaders = c.final.masters.filter((m) => m.state !== 'STANDBY' && m.state !== 'DOWN');
    expect(leaders).toHaveLength(1);
  });

  it('a long ZooKeeper pause costs the leader its leadership; the standby takes over once', () => {
    const c = cluster(doc(20_513, 59_999), 180_000);
    expect(c.log('master-1', 'Leadership has been revoked -- master shutting down.')).toHaveLength(1);
    expect(c.log('master-2', 'We have gained leadership')).toHaveLength(1);
    expect(c.log('zk', 'Expiring session of master2:7077')).toEqual([]);
    expect(c.violations).toEqual([]);
  });
});
