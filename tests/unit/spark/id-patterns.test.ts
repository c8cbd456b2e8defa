/**
 * Ids (issue 19 §2, spec §d, 4.0): `spark.deploy.appIdPattern` / `driverIdPattern` with their
 * counters' modulo, and `spark.worker.idPattern`, formatted as Java's String.format does.
 */
import { describe, expect, it } from 'vitest';
import { cluster, oneMaster, problemsOf, worker } from './harness';
import { formatPattern } from '../../../src/lib/spark/config';

const doc = (config: Record<string, unknown>) => ({
  ...oneMaster,
  config,
  workers: [worker(1)],
  apps: Array.from({ length: 3 }, (_, i) => ({
    at: 3000 + i * 1000,
    name: `a${i}`,
    memoryPerExecutor: '256m',
    maxCores: 1,
  })),
  drivers: [{ at: '2s', cores: 1, memory: '256m', supervise: false }],
});

describe('id patterns', () => {
  it('formats %s, %d and %0Nd as Java does', () => {
    expect(formatPattern('app-%s-%04d', ['20250601090003', 7])).toBe('app-20250601090003-0007');
    expect(formatPattern('w-%s-%s-%d', ['t', 'host', 7078])).toBe('w-t-host-7078');
    expect(formatPattern('%d%%', [5])).toBe('5%');
  });

  it('the default ids are Spark 4.0’s; custom patterns and a wrapping counter change them', () => {
    const ids = (config: Record<string, unknown>) => {
      const c = cluster(doc(config), 8_000);
      return {
        apps: c.log('master-1', 'Registered app').map((l) => l.text.split(' ID ')[1]),
        driver:
          c.log('master-1', 'Driver submitted')[0] &&
          c.logs.find((l) => l.text.startsWith('Driver successfully submitted as'))?.text,
        worker: c.log('master-1', 'Launching executor')[0]?.text.split(' on worker ')[1],
      };
    };
    const plain = ids({});
    expect(plain.apps).toEqual([
      expect.stringMatching(/^app-\d{14}-0000$/),
      expect.stringMatching(/^app-\d{14}-0001$/),
      expect.stringMatching(/^app-\d{14}-0002$/),
    ]);
    const custom = ids({
      'spark.deploy.appIdPattern': 'etl-%s-%d',
      'spark.deploy.appNumberModulo': 1000,
      'spark.deploy.driverIdPattern': 'drv-%s-%06d',
      'spark.worker.idPattern': 'node-%s-%s-%d',
    });
    expect(custom.apps).toEqual([
      expect.stringMatching(/^etl-\d{14}-0$/),
      expect.stringMatching(/^etl-\d{14}-1$/),
      expect.stringMatching(/^etl-\d{14}-2$/),
    ]);
    expect(custom.driver).toMatch(/^Driver successfully submitted as drv-\d{14}-000000$/);
    expect(custom.worker).toMatch(/^node-\d{14}-worker1-7078$/);
  });

  it('refuses a pattern with whitespace or other directives, a modulo below 1000, and any of them before 4.0', () => {
    const problem = (config: Record<string, unknown>) => {
      return problemsOf(doc(config));
    };
    expect(problem({ 'spark.deploy.appIdPattern': 'app %s-%d' })).toBe(
      'config["spark.deploy.appIdPattern"]: expected a pattern without spaces taking %s, %d in that order (as %s, %d or %04d), got "app %s-%d"',
    );
    expect(problem({ 'spark.deploy.appIdPattern': 'app-%d-%s' })).toContain('taking %s, %d in that order');
    expect(problem({ 'spark.worker.idPattern': 'w-%s-%x' })).toContain('taking %s, %s, %d in that order');
    expect(problem({ 'spark.deploy.driverNumberModulo': 10 })).toContain('must be at least 1000, got 10');
    expect(problem({ 'spark.version': '3.5', 'spark.deploy.appIdPattern': 'a-%s-%d' })).toContain(
      'Spark 3.5 does not read this key: it came in Spark 4.0',
    );
  });
});
