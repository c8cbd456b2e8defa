import { describe, expect, it } from 'vitest';
import { formatProblem, loadScenario } from '../../../src/lib/scenario/load';

const base = () => ({
  version: 1,
  name: 'ok',
  description: 'a valid scenario',
  seed: 1,
  masters: [{ host: 'master', port: 7077 }],
  workers: [{ host: 'worker1', port: 7078, cores: 2, memory: '1g' }],
  apps: [{ at: '5s', name: 'pi', memoryPerExecutor: '512m' }],
  drivers: [] as unknown[],
  faults: [] as unknown[],
});

type Doc = ReturnType<typeof base> & Record<string, unknown>;

/** [what is wrong, how to break it, the message expected (path: text)] */
const cases: [string, (d: Doc) => unknown, string][] = [
  ['version missing', (d) => ({ ...d, version: undefined }), 'version: is required'],
  ['future version', (d) => ({ ...d, version: 2 }), 'version: this build reads scenario version 1, got 2'],
  ['name empty', (d) => ({ ...d, name: '' }), 'name: must not be empty'],
  ['seed not a number', (d) => ({ ...d, seed: 'abc' }), 'seed: expected a number, got "abc"'],
  ['seed negative', (d) => ({ ...d, seed: -1 }), 'seed: must be at least 0, got -1'],
  ['no masters', (d) => ({ ...d, masters: [] }), 'masters: needs at least 1 item'],
  [
    'port out of range',
    (d) => ({ ...d, masters: [{ host: 'm', port: 70000 }] }),
    'masters[0].port: must be at most 65535, got 70000',
  ],
  [
    'worker cores zero',
    (d) => ({ ...d, workers: [{ ...d.workers[0], cores: 0 }] }),
    'workers[0].cores: must be at least 1, got 0',
  ],
  [
    'worker cores text',
    (d) => ({ ...d, workers: [{ ...d.workers[0], cores: 'four' }] }),
    'workers[0].cores: expected a number, got "four"',
  ],
  [
    'memory unit unknown',
    (d) => ({ ...d, workers: [{ ...d.workers[0], memory: '8 quarts' }] }),
    'workers[0].memory: expected a memory size like "512m", "1g" or a number of MB, got "8 quarts"',
  ],
  [
    'worker field misspelt',
    (d) => ({ ...d, workers: [{ ...d.workers[0], core: 2 }] }),
    'workers[0]: unknown field "core" (did you mean "cores"?)',
  ],
  ['top-level field misspelt', (d) => ({ ...d, wrokers: [] }), 'unknown field "wrokers" (did you mean "workers"?)'],
  [
    'duration garbage',
    (d) => ({ ...d, apps: [{ ...d.apps[0], at: 'soon' }] }),
    'apps[0].at: expected a duration like "60s", "5min", "500ms" or a number of milliseconds, got "soon"',
  ],
  ['app memory missing', (d) => ({ ...d, apps: [{ at: '1s', name: 'x' }] }), 'apps[0].memoryPerExecutor: is required'],
  [
    'config key misspelt',
    (d) => ({ ...d, config: { 'spark.worker.timout': '60s' } }),
    'config["spark.worker.timout"]: unknown configuration key (did you mean "spark.worker.timeout"?)',
  ],
  [
    'config seconds bad',
    (d) => ({ ...d, config: { 'spark.worker.timeout': 'sixty' } }),
    'config["spark.worker.timeout"]: expected whole seconds from 1 to 2592000, as Spark reads this key (a long: 60, not "60s", which Spark rejects too), got "sixty"',
  ],
  [
    // Spark reads spark.worker.timeout as a long: "60s" fails there too (issue 19, bug 9).
    'config seconds with a unit',
    (d) => ({ ...d, config: { 'spark.worker.timeout': '60s' } }),
    'config["spark.worker.timeout"]: expected whole seconds from 1 to 2592000, as Spark reads this key (a long: 60, not "60s", which Spark rejects too), got "60s"',
  ],
  [
    'config seconds below one',
    (d) => ({ ...d, config: { 'spark.worker.timeout': 0.5 } }),
    'config["spark.worker.timeout"]: expected whole seconds from 1 to 2592000, as Spark reads this key (a long: 60, not "60s", which Spark rejects too), got 0.5',
  ],
  [
    'config duration bad',
    (d) => ({ ...d, config: { 'spark.deploy.recoveryTimeout': 'sixty' } }),
    'config["spark.deploy.recoveryTimeout"]: expected a duration like "60s", "5min" or "500ms", got "sixty"',
  ],
  [
    'recovery mode unknown',
    (d) => ({ ...d, config: { 'spark.deploy.recoveryMode': 'CLOUD' } }),
    'config["spark.deploy.recoveryMode"]: expected one of NONE, ZOOKEEPER, FILESYSTEM, ROCKSDB, got "CLOUD"',
  ],
  [
    'spreadOut not boolean',
    (d) => ({ ...d, config: { 'spark.deploy.spreadOut': 'yes' } }),
    'config["spark.deploy.spreadOut"]: expected true or false, got "yes"',
  ],
  [
    'maxExecutorRetries too low',
    (d) => ({ ...d, config: { 'spark.deploy.maxExecutorRetries': -5 } }),
    'config["spark.deploy.maxExecutorRetries"]: must be at least -1, got -5',
  ],
  [
    'unknown fault action',
    (d) => ({ ...d, faults: [{ at: '1s', action: 'explode', target: 'master-1' }] }),
    'faults[0].action: unknown action "explode"; expected kill, restart, start, pause, partition, heal, drop, delay, fail-executors, decommission, stop or throw',
  ],
  [
    'fault target unknown',
    (d) => ({ ...d, faults: [{ at: '1s', action: 'kill', target: 'worker-9' }] }),
    'faults[0].target: unknown node "worker-9" (did you mean "worker-1"?); nodes are master-1, worker-1, app-1',
  ],
  [
    'pause without duration',
    (d) => ({ ...d, faults: [{ at: '1s', action: 'pause', target: 'worker-1' }] }),
    'faults[0].duration: is required',
  ],
  [
    'partition node twice',
    (d) => ({ ...d, faults: [{ at: '1s', action: 'partition', groups: [['worker-1'], ['worker-1']] }] }),
    'faults[0].groups: node "worker-1" is in more than one group',
  ],
  [
    'duplicate address',
    (d) => ({ ...d, workers: [d.workers[0], { ...d.workers[0] }] }),
    'workers[1]: address worker1:7078 is already used by workers[0]',
  ],
  ['loss above one', (d) => ({ ...d, network: { loss: 1.5 } }), 'network.loss: must be at most 1, got 1.5'],
  ['latency min above max', (d) => ({ ...d, network: { latency: { min: 50, max: 5 } } }), 'network.latency'],
  [
    'driver supervise missing',
    (d) => ({ ...d, drivers: [{ at: '1s', cores: 1, memory: '1g' }] }),
    'drivers[0].supervise: is required (expected true or false)',
  ],
  [
    'worker master url malformed',
    (d) => ({ ...d, workers: [{ ...d.workers[0], masters: ['spark://master'] }] }),
    'workers[0].masters[0]: expected "spark://host:port"',
  ],
];

describe('scenario validation', () => {
  it('accepts the base scenario', () => {
    const r = loadScenario(base());
    expect(r.ok).toBe(true);
  });

  it(`has at least 20 malformed cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const [what, breakIt, expected] of cases) {
    it(`rejects: ${what}`, () => {
      const r = loadScenario(breakIt(base() as Doc));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const messages = r.problems.map(formatProblem);
      expect(
        messages.some((m) => m.includes(expected)),
        `got:\n${messages.join('\n')}`,
      ).toBe(true);
    });
  }

  it('points at the line and column of a JSON syntax error', () => {
    const r = loadScenario('{\n  "version": 1,\n  "name": "x",,\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toMatch(/^not valid JSON at line 3, column \d+/);
  });

  it('rejects a document that is not an object', () => {
    const r = loadScenario('[1,2]');
    expect(r.ok ? '' : formatProblem(r.problems[0])).toBe('a scenario is a JSON object, got an array');
  });

  it('normalizes Spark durations and memory sizes', () => {
    const r = loadScenario({ ...base(), config: { 'spark.worker.timeout': 120 }, until: '1h' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.conf.workerTimeoutMs).toBe(120_000);
    expect(r.scenario.conf.recoveryTimeoutMs).toBe(120_000);
    expect(r.scenario.until).toBe(3_600_000);
    expect(r.scenario.workers[0].memory).toBe(1024);
    expect(r.scenario.apps[0].memoryPerExecutor).toBe(512);
  });

  it('takes a unitless config value in the key’s own Spark unit (seconds for spark.worker.timeout)', () => {
    const r = loadScenario({ ...base(), config: { 'spark.worker.timeout': '30' } });
    expect(r.ok && r.scenario.conf.workerTimeoutMs).toBe(30_000);
    // Trimmed, as Spark's longConf does.
    const spaced = loadScenario({ ...base(), config: { 'spark.worker.timeout': ' 45 ' } });
    expect(spaced.ok && spaced.scenario.conf.workerTimeoutMs).toBe(45_000);
  });

  it('expands worker counts with {i} hosts or consecutive ports', () => {
    const r = loadScenario({
      ...base(),
      workers: [
        { host: 'w{i}', port: 7078, cores: 1, memory: 512, count: 3 },
        { host: 'local', port: 9000, cores: 1, memory: 512, count: 2 },
      ],
    });
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.scenario.workers.map((w) => `${w.id}=${w.host}:${w.port}`)).toEqual([
        'worker-1=w1:7078',
        'worker-2=w2:7078',
        'worker-3=w3:7078',
        'worker-4=local:9000',
        'worker-5=local:9001',
      ]);
  });

  it('every scenario in scenarios/ is valid', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const r = loadScenario(readFileSync(`scenarios/${f}`, 'utf8'));
      expect(r.ok, `${f}: ${r.ok ? '' : r.problems.map(formatProblem).join('; ')}`).toBe(true);
    }
  });
});
