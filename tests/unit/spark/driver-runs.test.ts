/**
 * Drivers that behave like real programs (issue 19 §2, spec §a.6/§g): runs that exit with given
 * codes after given durations under --supervise (1 s back-off doubling, reset after a run over
 * 5 s), and a driver that cannot be launched (ERROR with the exception).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cluster, inRelease, oneMaster, worker } from './harness';

const doc = (driver: Record<string, unknown>) => ({
  ...oneMaster,
  workers: [worker(1)],
  drivers: [{ at: '2s', cores: 1, memory: '512m', supervise: true, ...driver }],
});

describe('driver runs', () => {
  it('supervised runs exit 1, 1, 1 (the third after 8 s), then 0: back-offs 1 s, 2 s, 1 s, then FINISHED', () => {
    const c = cluster(
      doc({
        runs: [
          { duration: '1s', exitCode: 1 },
          { duration: '2s', exitCode: 1 },
          { duration: '8s', exitCode: 1 },
          { duration: '3s', exitCode: 0 },
        ],
      }),
      40_000,
    );
    expect(c.log('worker-1', 're-launching after').map((l) => l.text)).toEqual([
      'Command exited with status 1, re-launching after 1 s.',
      'Command exited with status 1, re-launching after 2 s.',
      'Command exited with status 1, re-launching after 1 s.',
    ]);
    expect(c.log('worker-1', 'exited successfully')).toHaveLength(1);
    expect(c.log('master-1', 'Removing driver:')[0].text).toMatch(/\(FINISHED\)$/);
  });

  it('the last run repeats: a driver that always fails keeps being restarted, the master never hears of it', () => {
    const c = cluster(doc({ runs: [{ duration: '10s', exitCode: 3 }] }), 60_000);
    expect(c.log('worker-1', 'Command exited with status 3').length).toBeGreaterThanOrEqual(4);
    expect(c.log('master-1', 'Removing driver:')).toHaveLength(0);
  });

  it('a driver that cannot be launched is ERROR at once, with the exception, and not restarted', () => {
    const c = cluster(doc({ failToStart: true }), 20_000);
    const warn = c.log('worker-1', 'failed with unrecoverable exception: java.io.IOException: Cannot run program');
    expect(warn.map((l) => l.level)).toEqual(['WARN']);
    expect(c.log('master-1', 'Removing driver:')[0].text).toMatch(/\(ERROR\)$/);
    expect(c.log('worker-1', 're-launching')).toHaveLength(0);
  });
});

describe('a supervised driver relaunched when its worker is lost (SPARK-19900, 2.3)', () => {
  const doc = JSON.parse(readFileSync('scenarios/08-supervised-driver-relaunch.json', 'utf8'));
  const launched = (c: ReturnType<typeof cluster>) =>
    c.log('master-1', 'Launching driver ').map((l) => /Launching driver (\S+)/.exec(l.text)?.[1]);

  it('gets a new id from 2.3; the old one is RELAUNCHING among the completed', () => {
    const c = cluster(inRelease(doc, '4.0'));
    const [first, again] = launched(c);
    expect(again).toBeDefined();
    expect(again).not.toBe(first);
    expect(c.log('master-1', `Removing driver: ${first}`)).toHaveLength(1);
    expect(c.violations).toEqual([]);
  });

  it('before 2.3 waits again under its own id, and is launched under it', () => {
    const c = cluster(inRelease(doc, '1.6'));
    const [first, again] = launched(c);
    expect(again).toBe(first);
    expect(c.log('master-1', `Removing driver: ${first}`)).toEqual([]);
    expect(c.violations).toEqual([]);
  });

  it('a 1.6 master restarted in the second the driver was submitted does not make its id twice (fuzz, seed 12)', () => {
    const c = cluster(
      {
        seed: 489027,
        config: { 'spark.version': '1.6', 'spark.deploy.recoveryMode': 'FILESYSTEM', 'spark.worker.timeout': 30 },
        masters: [0, 500, 1000].map((at, i) => ({ host: `master${i + 1}`, port: 7077, at })),
        workers: [{ host: 'worker1', port: 7078, cores: 4, memory: '4g', at: 1000 }],
        drivers: [{ at: 8000, cores: 1, memory: '512m', supervise: true, duration: 50000, exitCode: 1 }],
        faults: [{ at: 8721, action: 'restart', target: 'master-1' }],
        network: { latency: { min: 1, max: 20 }, loss: 0 },
      },
      10_000,
    );
    expect(c.log('master-1', 'Re-launching driver-20250601090008-0000')).toHaveLength(1);
    expect(c.violations).toEqual([]);
  });
});
