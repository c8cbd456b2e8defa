/** The Master's behaviour, spec §c.1, §c.2, §e, §g (one test per behaviour). */
import { describe, expect, it } from 'vitest';
import { cluster, oneMaster, restartBehindPartition, worker, silentThenHealed } from './harness';

describe('Master: election and RecoveryState (spec §c.1, §f.1)', () => {
  it('with nothing persisted goes STANDBY → ALIVE on ElectedLeader', () => {
    const c = cluster({ ...oneMaster }, 1000);
    expect(c.states.filter((s) => s.node === 'master-1').map((s) => `${s.from}→${s.to}`)).toEqual([
      '→STANDBY',
      'STANDBY→ALIVE',
    ]);
    expect(c.log('master-1', 'I have been elected leader! New state: ALIVE')).toHaveLength(1);
    expect(c.violations).toEqual([]);
  });

  it('a STANDBY master answers MasterInStandby, ignores apps and refuses drivers', () => {
    const c = cluster(
      {
        config: { 'spark.deploy.recoveryMode': 'ZOOKEEPER' },
        masters: [
          { host: 'm1', port: 7077 },
          { host: 'm2', port: 7077, at: '200ms' },
        ],
        workers: [worker(1, { masters: ['spark://m2:7077'] })],
        apps: [{ at: '2s', name: 'a', memoryPerExecutor: '512m' }],
        drivers: [{ at: '3s', cores: 1, memory: '512m', supervise: false }],
      },
      5000,
    );
    expect(c.master('master-2').state).toBe('STANDBY');
    expect(c.sent('MasterInStandby', 'master-2')).toHaveLength(1);
    expect(c.log('master-2', 'Registering app')).toHaveLength(0);
    const refusal = c.sent('SubmitDriverResponse', 'master-2')[0].msg as unknown as {
      success: boolean;
      message: string;
    };
    expect(refusal).toMatchObject({
      success: false,
      message: 'Current state is not alive: STANDBY. Can only accept driver submissions in ALIVE state.',
    });
    expect(c.log('client', 'Driver successfully submitted as driver-')).toHaveLength(1);
  });

  it('runs CheckForWorkerTimeOut at start and every spark.worker.timeout', () => {
    const c = cluster({ ...oneMaster, config: { 'spark.worker.timeout': 20 } }, 65_000);
    const ticks = c.events
      .slice()
      .filter((e) => e.kind === 'timer' && e.name === 'CheckForWorkerTimeOut')
      .map((e) => e.t);
    expect(ticks).toEqual([0, 20_000, 40_000, 60_000]);
  });
});

describe('Master: workers (spec §b.1, §c.2, §g.1, §g.5, §g.6)', () => {
  it('registers a worker: logs it, answers RegisteredWorker, and the worker heartbeats every 15 s', () => {
    const c = cluster({ ...oneMaster, workers: [worker(1)] }, 50_000);
    expect(c.log('master-1', 'Registering worker worker1:7078 with 4 cores, 4.0 GiB RAM')).toHaveLength(1);
    const reg = c.sent('RegisteredWorker')[0].msg as unknown as { duplicate: boolean };
    expect(reg.duplicate).toBe(false);
    const beats = c.sent('Heartbeat', 'worker-1').map((s) => s.t);
    expect(beats.length).toBe(4);
    expect(beats[1] - beats[0]).toBe(15_000);
    expect(beats[0]).toBe(c.delivered('RegisteredWorker', 'worker-1')[0].t);
    expect(c.master().workers[0]).toMatchObject({ state: 'ALIVE', cores: 4, memory: 4096 });
  });

  it('removes a silent worker between 60 and 120 s after its last heartbeat', () => {
    const c = cluster(
      { ...oneMaster, workers: [worker(1)], faults: [{ at: '40s', action: 'partition', groups: [['worker-1']] }] },
      200_000,
    );
    const lastBeat = Math.max(...c.delivered('Heartbeat', 'master-1').map((e) => e.t));
    const removed = c.log('master-1', 'because we got no heartbeat in 60000 ms')[0];
    expect(removed.level).toBe('WARN');
    expect(removed.t - lastBeat).toBeGreaterThan(60_000);
    expect(removed.t - lastBeat).toBeLessThanOrEqual(120_000);
    expect(c.log('master-1', 'Removing worker worker-')[0].t).toBe(removed.t);
    expect(c.master().workers[0].state).toBe('DEAD');
  });

  it('culls a DEAD worker after (spark.dead.worker.persistence + 1) timeouts', () => {
    const c = cluster(
      {
        ...oneMaster,
        config: { 'spark.worker.timeout': 10, 'spark.dead.worker.persistence': 2 },
        workers: [worker(1)],
        faults: [
          { at: '5s', action: 'kill', target: 'worker-1' },
          { at: '5s', action: 'partition', groups: [['worker-1']] },
        ],
      },
      80_000,
    );
    expect(c.master().workers).toEqual([]);
    const dead = c.log('master-1', 'Removing worker')[0].t;
    expect(dead).toBeLessThanOrEqual(30_000);
  });

  it('asks a DEAD worker that heartbeats again to reconnect, and it registers again', () => {
    const c = cluster(silentThenHealed, 240_000);
    const warn = c.log('master-1', 'Got heartbeat from unregistered worker')[0];
    expect(warn.text).toMatch(/Asking it to re-register\.$/);
    expect(c.sent('ReconnectWorker')).toHaveLength(1);
    expect(c.log('worker-1', 'Master with url spark://master:7077 requested this worker to reconnect.')).toHaveLength(
      1,
    );
    expect(c.log('worker-1', 'Successfully registered with master')).toHaveLength(2);
    expect(c.master().workers.filter((w) => w.state === 'ALIVE')).toHaveLength(1);
    expect(c.violations).toEqual([]);
  });

  it('ignores heartbeats from a worker it never saw', () => {
    // The master restarts without persistence while cut off: the worker never notices and keeps beating.
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        faults: [
          { at: '10s', action: 'partition', groups: [['master-1']] },
          { at: '11s', action: 'restart', target: 'master-1' },
          { at: '12s', action: 'heal' },
        ],
      },
      40_000,
    );
    const warn = c.log('master-1', 'This worker was never registered, so ignoring the heartbeat.');
    expect(warn.length).toBeGreaterThan(0);
    expect(warn[0].text).toMatch(/^Got heartbeat from unregistered worker worker-\S+-worker1-7078\. This worker/);
    expect(c.sent('ReconnectWorker')).toHaveLength(0);
  });

  it('refuses a new worker id at the address of a live worker, and the unregistered worker exits', () => {
    const c = cluster(restartBehindPartition, 60_000);
    expect(
      c.log('master-1', 'Worker registration failed. Attempted to re-register worker at same address: worker1:7078'),
    ).toHaveLength(1);
    expect(
      c.log('worker-1', 'Worker registration failed: Attempted to re-register worker at same address: worker1:7078')[0]
        .level,
    ).toBe('ERROR');
    expect(c.worker('worker-1').state).toBe('DOWN');
  });

  it('answers a duplicate registration of a live worker with RegisteredWorker(duplicate = true)', () => {
    // The worker's first RegisteredWorker is lost, so it retries; the master knows its id already.
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1, { at: '2s' })],
        faults: [{ at: '1s', action: 'drop', from: 'master-1', to: 'worker-1', count: 1 }],
      },
      30_000,
    );
    const replies = c.sent('RegisteredWorker').map((s) => (s.msg as unknown as { duplicate: boolean }).duplicate);
    expect(replies).toEqual([false, true]);
    expect(c.log('worker-1', 'Duplicate registration at master spark://master:7077')[0].level).toBe('WARN');
    expect(c.violations).toEqual([]);
  });

  it('kills executors a re-registered worker still runs but the master has no record of (SPARK-13604)', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        apps: [{ at: '3s', name: 'a', memoryPerExecutor: '512m', maxCores: 2 }],
        faults: [
          { at: '10s', action: 'partition', groups: [['worker-1']] },
          { at: '200s', action: 'heal' },
        ],
      },
      230_000,
    );
    const kill = c.sent('KillExecutor', 'master-1').find((s) => s.t > 200_000);
    expect(kill).toBeDefined();
    expect(c.log('worker-1', 'Asked to kill executor app-').length).toBeGreaterThan(0);
  });
});

describe('Master: applications and executors (spec §c.4, §c.6, §g.3, §g.8)', () => {
  it('an app goes WAITING → RUNNING when it gets executors, which go LAUNCHING → RUNNING', () => {
    const c = cluster(
      { ...oneMaster, workers: [worker(1), worker(2)], apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '1g' }] },
      10_000,
    );
    const app = c.master().apps[0];
    expect(app.state).toBe('RUNNING');
    expect(app.executors.map((e) => e.state)).toEqual(['RUNNING', 'RUNNING']);
    expect(
      c
        .log('app-1', 'Executor updated: ')
        .map((l) => l.text.replace(/app-\d+-\d+/, 'APP'))
        .sort(),
    ).toEqual(['Executor updated: APP/0 is now RUNNING', 'Executor updated: APP/1 is now RUNNING']);
  });

  it('an app that unregisters is FINISHED and its executors are killed', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '1g', duration: '10s' }],
      },
      20_000,
    );
    expect(c.log('master-1', 'Received unregister request from application app-')).toHaveLength(1);
    expect(c.master().apps[0].state).toBe('FINISHED');
    expect(c.sent('KillExecutor', 'master-1')).toHaveLength(1);
    expect(c.sent('ApplicationFinished', 'master-1')).toHaveLength(1);
    expect(c.worker('worker-1').executors).toEqual([]);
    expect(c.log('worker-1', 'Cleaning up local directories for application app-')).toHaveLength(1);
  });

  it('an app whose driver disconnects is FINISHED', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '1g' }],
        faults: [{ at: '8s', action: 'kill', target: 'app-1' }],
      },
      10_000,
    );
    expect(c.log('master-1', 'driver-1:7078 got disassociated, removing it.')).toHaveLength(1);
    expect(c.master().apps[0].state).toBe('FINISHED');
  });

  it('fails an app after spark.deploy.maxExecutorRetries failed launches, exactly that many (SPARK-27510)', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1, { failExecutors: true })],
        apps: [{ at: '3s', name: 'doomed', memoryPerExecutor: '1g', maxCores: 2 }],
      },
      60_000,
    );
    expect(c.sent('LaunchExecutor')).toHaveLength(10);
    expect(c.log('master-1', 'Application doomed with ID app-')[0].text).toMatch(/failed 10 times; removing it$/);
    expect(c.master().apps[0].state).toBe('FAILED');
    expect((c.sent('ApplicationRemoved')[0].msg as unknown as { message: string }).message).toBe('FAILED');
    expect(c.log('app-1', '')).toContainEqual(
      expect.objectContaining({ text: 'Application has been killed. Reason: Master removed our application: FAILED' }),
    );
  });

  it('a RUNNING executor resets the retry count, so the app survives a worker whose executors die later', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1), worker(2)],
        apps: [{ at: '3s', name: 'ok', memoryPerExecutor: '1g', maxCores: 8 }],
        faults: [{ at: '10s', action: 'fail-executors', target: 'worker-1' }],
      },
      60_000,
    );
    expect(c.master().apps[0].state).toBe('RUNNING');
    expect(c.log('master-1', 'because it is EXITED').length).toBeGreaterThan(0);
  });

  it('warns when one waiting app fits on no worker', () => {
    const c = cluster(
      { ...oneMaster, workers: [worker(1)], apps: [{ at: '3s', name: 'big', memoryPerExecutor: '16g' }] },
      5_000,
    );
    expect(c.log('master-1', 'requires more resource than any of Workers could have.')[0].level).toBe('WARN');
  });

  it('places executors round-robin with spreadOut (6, 5, 5 for 16 cores on 3 × 10)', () => {
    const workers = [1, 2, 3].map((i) => worker(i, { cores: 10 }));
    const spread = cluster(
      { ...oneMaster, workers, apps: [{ at: '3s', name: 'w', memoryPerExecutor: '512m', maxCores: 16 }] },
      5_000,
    );
    const packed = cluster(
      {
        ...oneMaster,
        config: { 'spark.deploy.spreadOut': false },
        workers,
        apps: [{ at: '3s', name: 'w', memoryPerExecutor: '512m', maxCores: 16 }],
      },
      5_000,
    );
    expect(spread.master().apps[0].executors.map((e) => e.cores)).toEqual([6, 5, 5]);
    expect(packed.master().apps[0].executors.map((e) => e.cores)).toEqual([10, 6]);
  });
});

describe('Master: drivers (spec §b.5, §c.5, §e.2, §g.2)', () => {
  it('places a submitted driver, which RUNs on its worker', () => {
    const c = cluster(
      { ...oneMaster, workers: [worker(1)], drivers: [{ at: '3s', cores: 1, memory: '1g', supervise: false }] },
      8_000,
    );
    expect(c.log('master-1', 'Driver submitted org.example.Driver1')).toHaveLength(1);
    expect(c.log('master-1', 'Launching driver driver-')).toHaveLength(1);
    expect(c.master().drivers[0]).toMatchObject({ state: 'RUNNING' });
    expect(c.worker('worker-1').drivers[0].state).toBe('RUNNING');
  });

  it('relaunches a supervised driver under a new id when its worker is lost', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1), worker(2, { at: '20s' })],
        drivers: [{ at: '5s', cores: 1, memory: '1g', supervise: true }],
        faults: [{ at: '40s', action: 'kill', target: 'worker-1' }],
      },
      60_000,
    );
    const drivers = c.master().drivers;
    expect(drivers.map((d) => d.state).sort()).toEqual(['RELAUNCHING', 'RUNNING']);
    const relaunched = drivers.find((d) => d.state === 'RUNNING');
    expect(relaunched?.workerId).toMatch(/worker2/);
    expect(c.log('master-1', 'Re-launching driver-')).toHaveLength(1);
  });

  it('marks an unsupervised driver ERROR when its worker is lost', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        drivers: [{ at: '5s', cores: 1, memory: '1g', supervise: false }],
        faults: [{ at: '20s', action: 'kill', target: 'worker-1' }],
      },
      30_000,
    );
    expect(c.log('master-1', 'because it was not supervised')[0].text).toMatch(
      /^Not re-launching driver-\S+ because it was not supervised$/,
    );
    expect(c.master().drivers[0].state).toBe('ERROR');
  });

  it('a supervised driver that exits with an error restarts on its worker with a doubling back-off', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        drivers: [{ at: '2s', cores: 1, memory: '1g', supervise: true, duration: '1s', exitCode: 1 }],
      },
      30_000,
    );
    const backoffs = c.log('worker-1', 're-launching after').map((l) => l.text.replace(/^.* after /, ''));
    expect(backoffs.slice(0, 3)).toEqual(['1 s.', '2 s.', '4 s.']);
  });

  it('a driver that exits 0 is FINISHED', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        drivers: [{ at: '2s', cores: 1, memory: '1g', supervise: false, duration: '5s' }],
      },
      20_000,
    );
    expect(c.log('worker-1', 'exited successfully')).toHaveLength(1);
    expect(c.master().drivers[0].state).toBe('FINISHED');
  });
});

describe('Master: status and kill asks (spec §b.5)', () => {
  const ask = (c: ReturnType<typeof cluster>, msg: Record<string, unknown>, until: number) => {
    c.session.sim.inject({ action: 'command', target: 'client', name: 'ask', args: { msg } });
    c.session.sim.runUntil(until);
    const client = c.session.host.actor('client')?.snapshot() as {
      replies: { master: string; msg: Record<string, unknown> }[];
    };
    return client.replies.at(-1)?.msg;
  };

  it('answers RequestMasterState in any state, DEAD workers included', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1), worker(2)],
        drivers: [{ at: '2s', cores: 1, memory: '512m', supervise: false }],
        faults: [{ at: '5s', action: 'kill', target: 'worker-2' }],
      },
      10_000,
    );
    const r = ask(c, { type: 'RequestMasterState' }, 11_000) as {
      status: string;
      workers: { state: string }[];
      activeDrivers: string[];
    };
    expect(r.status).toBe('ALIVE');
    expect(r.workers.map((w) => w.state).sort()).toEqual(['ALIVE', 'DEAD']);
    expect(r.activeDrivers.length + (r as unknown as { completedDrivers: string[] }).completedDrivers.length).toBe(1);
  });

  it('reports a driver’s status, kills it on request, and refuses unknown ids', () => {
    const c = cluster(
      { ...oneMaster, workers: [worker(1)], drivers: [{ at: '2s', cores: 1, memory: '512m', supervise: false }] },
      5_000,
    );
    const id = c.master().drivers[0].id;
    expect(ask(c, { type: 'RequestDriverStatus', driverId: id }, 6_000)).toMatchObject({
      found: true,
      state: 'RUNNING',
      workerHostPort: 'worker1:7078',
    });
    expect(ask(c, { type: 'RequestKillDriver', driverId: id }, 8_000)).toMatchObject({
      success: true,
      message: `Kill request for ${id} submitted`,
    });
    expect(c.session.final().masters[0]).toMatchObject({ drivers: [{ id, state: 'KILLED' }] });
    expect(ask(c, { type: 'RequestKillDriver', driverId: 'driver-x' }, 9_000)).toMatchObject({
      success: false,
      message: 'Driver driver-x has already finished or does not exist',
    });
    expect(ask(c, { type: 'RequestReadyz' }, 10_000)).toEqual({ type: 'Boolean', value: true });
  });

  it('kills every driver on RequestKillAllDrivers', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        drivers: [0, 1].map(() => ({ at: '2s', cores: 1, memory: '512m', supervise: true })),
      },
      5_000,
    );
    expect(ask(c, { type: 'RequestKillAllDrivers' }, 8_000)).toMatchObject({
      success: true,
      message: 'Kill request for all drivers submitted',
    });
    expect(c.session.final().masters[0].drivers?.map((d) => d.state)).toEqual(['KILLED', 'KILLED']);
    expect(c.violations).toEqual([]);
    // 4.0 says "Asked to kill all drivers" once, then one "Kill request … submitted" a driver (issue 19, bug 8).
    const said = c.session.sim.events
      .slice()
      .flatMap((e) => e.fx)
      .filter((f) => f.k === 'log' && f.node === 'master-1' && /^(Asked to kill|Kill request)/.test(f.text))
      .map((f) => (f.k === 'log' ? f.text.replace(/driver-\d+-\d+/, 'driver-*') : ''));
    expect(said).toEqual([
      'Asked to kill all drivers',
      'Kill request for driver-* submitted',
      'Kill request for driver-* submitted',
    ]);
  });

  it('an illegal RUNNING report: state set first, the ask failed at once, "Ignoring error" with the AssertionError (issue 19, bug 7)', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        apps: [{ at: '2s', name: 'a', memoryPerExecutor: '1g', maxCores: 4 }],
        drivers: [{ at: '1s', cores: 1, memory: '512m', supervise: false }],
      },
      5_000,
    );
    const appId = c.master().apps?.[0]?.id as string;
    expect(c.master().apps?.[0]?.executors.find((e) => e.id === 0)?.state).toBe('RUNNING');
    ask(c, { type: 'ExecutorStateChanged', appId, execId: 0, state: 'RUNNING' }, 8_000);
    const events = c.session.sim.events.slice();
    const line = events.flatMap((e) => e.fx).find((f) => f.k === 'log' && f.logger === 'Inbox');
    expect(line).toMatchObject({
      level: 'ERROR',
      text: 'Ignoring error\njava.lang.AssertionError: assertion failed: executor 0 state transfer from RUNNING to RUNNING is illegal',
    });
    // The asker hears the failure at once, not after the 120 s ask timeout.
    const asked = events.find(
      (e) => e.kind === 'deliver' && e.msg === 'ExecutorStateChanged' && e.node === 'master-1' && e.t > 5_000,
    )!;
    const failed = events.find(
      (e) =>
        e.node === 'client' && e.t >= asked.t && e.fx.some((f) => f.k === 'log' && /Failed to connect/.test(f.text)),
    );
    expect(failed?.t).toBeLessThan(asked.t + 1_000);
  });

  it('logs RequestExecutors in 4.0’s words: the map of resource profile to total (issue 19, bug 6)', () => {
    // (A driver, for the submission client that asks.)
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        apps: [{ at: '2s', name: 'a', memoryPerExecutor: '1g' }],
        drivers: [{ at: '1s', cores: 1, memory: '512m', supervise: false }],
      },
      5_000,
    );
    const appId = c.master().apps?.[0]?.id as string;
    expect(ask(c, { type: 'RequestExecutors', appId, requested: [{ profile: { id: 0 }, total: 3 }] }, 8_000)).toEqual({
      type: 'Boolean',
      value: true,
    });
    expect(
      ask(c, { type: 'RequestExecutors', appId: 'app-x', requested: [{ profile: { id: 0 }, total: 1 }] }, 9_000),
    ).toEqual({
      type: 'Boolean',
      value: false,
    });
    const lines = c.session.sim.events
      .slice()
      .flatMap((e) => e.fx)
      .filter((f) => f.k === 'log' && /requested/.test(f.text))
      .map((f) => (f.k === 'log' ? `${f.level} ${f.text}` : ''));
    expect(lines).toEqual([
      `INFO Application ${appId} requested executors: Map(0 -> 3).`,
      'WARN Unknown application app-x requested executors: Map(0 -> 1).',
    ]);
  });
});

describe('messages a daemon sends itself are local (issue 19, bug 1)', () => {
  it('a lone master under NONE becomes ALIVE at once, whatever the network loses', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const c = cluster({ ...oneMaster, seed, network: { loss: 0.3, latency: { min: 5, max: 50 } } }, 10_000);
      expect(c.master().state, `seed ${seed}`).toBe('ALIVE');
      // ElectedLeader reaches it in the same instant it was sent, never dropped.
      const sent = c.sends.find((s) => s.msg.type === 'ElectedLeader');
      const got = c.delivered('ElectedLeader', 'master-1')[0];
      expect(got?.t, `seed ${seed}`).toBe(sent?.t);
    }
  });
});

describe('a process that dies with a message in flight (issue 19, bug 2)', () => {
  it('a worker killed right after sending RegisterWorker is registered, then removed when its connection closes', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [worker(1)],
        apps: [{ at: '3s', name: 'a', memoryPerExecutor: '512m' }],
        // The worker starts at 1 s and sends RegisterWorker at once; it is killed in the same instant.
        faults: [{ at: '1s', action: 'kill', target: 'worker-1' }],
      },
      10_000,
    );
    expect(c.log('master-1', 'Registering worker worker1:7078')).toHaveLength(1);
    expect(c.log('master-1', 'worker1:7078 got disassociated, removing it.')).toHaveLength(1);
    expect(c.master().workers.map((w) => w.state)).toEqual(['DEAD']);
    // No executor goes to a dead worker.
    expect(c.sent('LaunchExecutor')).toEqual([]);
    expect(c.violations).toEqual([]);
  });
});
