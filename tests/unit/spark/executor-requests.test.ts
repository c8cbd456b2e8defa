/**
 * Executor limits and dynamic allocation from the application client (issue 19 §2, spec §b.4):
 * an app's initial executor limit, and `RequestExecutors` / `KillExecutors` at given times.
 */
import { describe, expect, it } from 'vitest';
import { cluster, oneMaster } from './harness';

const app = (extra: Record<string, unknown>) => ({
  ...oneMaster,
  workers: [{ host: 'worker{i}', port: 7078, cores: 4, memory: '4g', at: '1s', count: 3 }],
  apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '1g', coresPerExecutor: 2, ...extra }],
});
const launched = (c: ReturnType<typeof cluster>) => c.log('master-1', 'Launching executor').length;

describe('executor limits and requests from the app', () => {
  it('initialExecutorLimit caps the executors until the app asks for more (RequestExecutors)', () => {
    expect(launched(cluster(app({}), 9_000))).toBe(6);
    const c = cluster(
      app({ initialExecutorLimit: 1, requests: [{ at: '10s', type: 'RequestExecutors', total: 3 }] }),
      15_000,
    );
    const before = c.log('master-1', 'Launching executor').filter((l) => l.t < 10_000);
    expect(before).toHaveLength(1);
    expect(c.log('master-1', 'requested executors: Map(0 -> 3).')).toHaveLength(1);
    expect(launched(c)).toBe(3);
    // The master answers the driver's ask.
    expect(c.sent('Boolean', 'master-1').length).toBeGreaterThanOrEqual(1);
  });

  it('KillExecutors kills the ones that exist and warns of the rest; the target stays, so one is relaunched', () => {
    const c = cluster(
      app({ initialExecutorLimit: 2, requests: [{ at: '10s', type: 'KillExecutors', executors: [0, 7] }] }),
      15_000,
    );
    expect(c.log('master-1', 'requests to kill executors: 0, 7')).toHaveLength(1);
    const warn = c.log('master-1', 'attempted to kill non-existent executors: 7');
    expect(warn.map((l) => l.level)).toEqual(['WARN']);
    expect(c.sent('KillExecutor', 'master-1')).toHaveLength(1);
    expect(launched(c)).toBe(3);
  });

  it('a request before the app has a master is not sent, and the event says why', () => {
    const c = cluster(app({ requests: [{ at: '1s', type: 'RequestExecutors', total: 1 }] }), 6_000);
    expect(c.sent('RequestExecutors')).toHaveLength(0);
    const e = c.events.find((x) => x.node === 'app-1' && x.kind === 'timer' && x.name === 'RequestExecutors');
    expect(e?.reason).toBe('RequestExecutors: the app has no master yet (Spark answers false)');
  });
});

describe('executors that run, then exit by themselves (issue 19 §2)', () => {
  const doc = (extra: Record<string, unknown>) => ({
    ...oneMaster,
    config: { 'spark.deploy.maxExecutorRetries': 2 },
    workers: [{ host: 'worker1', port: 7078, cores: 4, memory: '4g', at: '1s' }],
    apps: [{ at: '3s', name: 'oom', memoryPerExecutor: '1g', maxCores: 4, executorDuration: '10s', ...extra }],
  });

  it('an executor EXITED with code 52 after RUNNING 10 s is replaced each time; RUNNING resets the retry count, so the app lives on', () => {
    const c = cluster(doc({ executorExitCode: 52 }), 60_000);
    const exits = c.log('worker-1', 'finished with state EXITED message Command exited with code 52 exitStatus 52');
    expect(exits.length).toBeGreaterThanOrEqual(4);
    // Ten seconds of RUNNING each (plus the launch).
    expect(exits[1].t - exits[0].t).toBeGreaterThanOrEqual(10_000);
    expect(c.log('master-1', 'Launching executor').length).toBe(exits.length + 1);
    expect(c.logs.some((l) => l.text.includes('failed 2 times; removing it'))).toBe(false);
  });

  it('exit code 0 is a normal exit: removed and relaunched, never counted as a failure', () => {
    const c = cluster(doc({}), 35_000);
    expect(c.log('worker-1', 'Command exited with code 0 exitStatus 0').length).toBeGreaterThanOrEqual(2);
    expect(c.log('master-1', 'because it is EXITED').length).toBeGreaterThanOrEqual(2);
  });
});
