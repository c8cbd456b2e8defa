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
