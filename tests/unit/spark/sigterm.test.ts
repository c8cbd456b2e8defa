/**
 * A graceful stop (issue 19 §2): the `stop` fault sends SIGTERM. The daemon's signal logger says
 * `RECEIVED SIGNAL TERM`, the JVM runs its shutdown hook and exits 143; nobody is told, so peers
 * learn it from the closed connection, as after a kill (which prints nothing).
 */
import { describe, expect, it } from 'vitest';
import { cluster, oneMaster, problemsOf, worker } from './harness';

const withFault = (fault: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...oneMaster,
  workers: [worker(1)],
  apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '1g', duration: '60s' }],
  faults: [{ at: '10s', ...fault }],
  ...extra,
});

describe('stop: SIGTERM', () => {
  it('a worker logs the signal and the shutdown hook, exits 143; the Master removes it as disassociated', () => {
    const c = cluster(withFault({ action: 'stop', target: 'worker-1' }), 30_000);
    const mine = c.logs.filter((l) => l.node === 'worker-1' && l.t === 10_000);
    expect(mine.map((l) => `${l.level} ${l.logger}: ${l.text}`)).toEqual([
      'ERROR Worker: RECEIVED SIGNAL TERM',
      'INFO ShutdownHookManager: Shutdown hook called',
    ]);
    const down = c.events.flatMap((e) => e.fx).find((f) => f.k === 'down' && f.node === 'worker-1');
    expect(down && down.k === 'down' ? down.reason : '').toBe('exit(143): RECEIVED SIGNAL TERM');
    expect(c.log('master-1', 'got disassociated, removing it.')).toHaveLength(1);
    expect(c.final.workers.find((w) => w.id === 'worker-1')?.state).toBe('DOWN');
  });

  it('a kill prints neither line: that is the difference a stop makes', () => {
    const c = cluster(withFault({ action: 'kill', target: 'worker-1' }), 30_000);
    expect(c.logs.some((l) => l.text === 'RECEIVED SIGNAL TERM' || l.text === 'Shutdown hook called')).toBe(false);
    expect(c.log('master-1', 'got disassociated, removing it.')).toHaveLength(1);
  });

  it('a ZooKeeper leader stopped by SIGTERM: a standby is elected, as after a kill', () => {
    const c = cluster(
      {
        masters: [
          { host: 'master1', port: 7077 },
          { host: 'master2', port: 7077 },
        ],
        config: { 'spark.deploy.recoveryMode': 'ZOOKEEPER' },
        workers: [worker(1)],
        faults: [{ at: '20s', action: 'stop', target: 'master-1' }],
      },
      200_000,
    );
    expect(c.log('master-1', 'RECEIVED SIGNAL TERM')[0].level).toBe('ERROR');
    expect(c.master('master-2').state).toBe('ALIVE');
  });

  it('is refused for a node that is not a Master or a Worker, naming the field', () => {
    expect(problemsOf({ ...withFault({ action: 'stop', target: 'app-1' }) })).toBe(
      'faults[0].target: stop needs a Master or a Worker, got app-1',
    );
  });
});
