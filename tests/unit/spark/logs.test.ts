/**
 * The log of each example scenario contains the lines Spark prints, in order (a subsequence of
 * `npm run simulate -- --format log`). Each expectation is [node, level, logger, text pattern].
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cluster, inRelease, problemsOf } from './harness';

type Line = [string, string, string, RegExp];
const ID = '\\S+';

const expected: Record<string, Line[]> = {
  '01-register-three-workers.json': [
    ['master-1', 'INFO', 'Master', /^Starting Spark master at spark:\/\/master:7077$/],
    ['master-1', 'INFO', 'Master', /^Running Spark version 4\.0\.1$/],
    ['master-1', 'INFO', 'Master', /^I have been elected leader! New state: ALIVE$/],
    ['worker-1', 'INFO', 'Worker', /^Starting Spark worker worker1:7078 with 4 cores, 8\.0 GiB RAM$/],
    ['worker-1', 'INFO', 'Worker', /^Connecting to master master:7077\.\.\.$/],
    ['master-1', 'INFO', 'Master', /^Registering worker worker1:7078 with 4 cores, 8\.0 GiB RAM$/],
    ['worker-1', 'INFO', 'Worker', /^Successfully registered with master spark:\/\/master:7077$/],
    ['master-1', 'INFO', 'Master', /^Registering worker worker3:7078 with 4 cores, 8\.0 GiB RAM$/],
    ['master-1', 'INFO', 'Master', /^Registering app Spark Pi$/],
    ['master-1', 'INFO', 'Master', new RegExp(`^Registered app Spark Pi with ID app-\\d{14}-0000$`)],
    ['master-1', 'INFO', 'Master', new RegExp(`^Launching executor app-\\d{14}-0000/0 on worker ${ID}$`)],
    ['app-1', 'INFO', 'StandaloneSchedulerBackend', /^Connected to Spark cluster with app ID app-\d{14}-0000$/],
  ],
  '02-worker-timeout-and-reconnect.json': [
    ['master-1', 'WARN', 'Master', new RegExp(`^Removing ${ID}-worker2-7078 because we got no heartbeat in 60000 ms$`)],
    ['master-1', 'INFO', 'Master', new RegExp(`^Removing worker ${ID}-worker2-7078 on worker2:7078$`)],
    [
      'master-1',
      'WARN',
      'Master',
      new RegExp(`^Got heartbeat from unregistered worker ${ID}-worker2-7078\\. Asking it to re-register\\.$`),
    ],
    ['worker-2', 'INFO', 'Worker', /^Master with url spark:\/\/master:7077 requested this worker to reconnect\.$/],
    ['master-1', 'INFO', 'Master', /^Registering worker worker2:7078 with 4 cores, 4\.0 GiB RAM$/],
    ['worker-2', 'INFO', 'Worker', /^Successfully registered with master spark:\/\/master:7077$/],
  ],
  '03-workers-give-up.json': [
    ['worker-1', 'WARN', 'Worker', /^Failed to connect to master master:7077$/],
    ['worker-1', 'INFO', 'Worker', /^Retrying connection to master \(attempt # 1\)$/],
    ['worker-1', 'INFO', 'Worker', /^Retrying connection to master \(attempt # 6\)$/],
    ['worker-1', 'INFO', 'Worker', /^Retrying connection to master \(attempt # 16\)$/],
    ['worker-1', 'ERROR', 'Worker', /^All masters are unresponsive! Giving up\.$/],
  ],
  '04-zookeeper-failover.json': [
    ['master-1', 'INFO', 'Master', /^Persisting recovery state to ZooKeeper$/],
    ['master-1', 'INFO', 'ZooKeeperLeaderElectionAgent', /^Starting ZooKeeper LeaderElection agent$/],
    ['master-1', 'INFO', 'ZooKeeperLeaderElectionAgent', /^We have gained leadership$/],
    ['master-1', 'INFO', 'Master', /^I have been elected leader! New state: ALIVE$/],
    ['worker-1', 'INFO', 'Worker', /^master1:7077 Disassociated !$/],
    ['worker-1', 'ERROR', 'Worker', /^Connection to master failed! Waiting for master to reconnect\.\.\.$/],
    ['worker-1', 'INFO', 'Worker', /^Retrying connection to master \(attempt # 1\)$/],
    ['master-2', 'INFO', 'ZooKeeperLeaderElectionAgent', /^We have gained leadership$/],
    ['master-2', 'INFO', 'Master', /^I have been elected leader! New state: RECOVERING$/],
    ['master-2', 'INFO', 'Master', /^Trying to recover app: app-\d{14}-0000$/],
    ['master-2', 'INFO', 'Master', new RegExp(`^Trying to recover worker: ${ID}$`)],
    ['worker-1', 'INFO', 'Worker', /^Master has changed, new master is at spark:\/\/master2:7077$/],
    ['master-2', 'INFO', 'Master', /^Recovery complete in \d+ ms - resuming operations!$/],
  ],
  '05-filesystem-master-restart.json': [
    [
      'master-1',
      'INFO',
      'FileSystemRecoveryModeFactory',
      /^Persisting recovery state to directory: \/var\/spark\/recovery$/,
    ],
    ['master-1', 'INFO', 'Master', /^I have been elected leader! New state: ALIVE$/],
    ['master-1', 'INFO', 'Master', /^I have been elected leader! New state: RECOVERING$/],
    ['master-1', 'INFO', 'Master', /^Trying to recover app: /],
    ['master-1', 'INFO', 'Master', /^Recovery complete in \d+ ms - resuming operations!$/],
  ],
  '06-spread-out.json': [
    ['master-1', 'INFO', 'Master', /^Registered app wide with ID /],
    ['master-1', 'INFO', 'Master', /^Launching executor app-\d{14}-0000\/2 on worker /],
    ['master-1', 'INFO', 'Master', /^Registered app chunked with ID /],
  ],
  '06b-no-spread-out.json': [
    ['master-1', 'INFO', 'Master', /^Launching executor app-\d{14}-0000\/1 on worker /],
    ['master-1', 'INFO', 'Master', /^Registered app chunked with ID /],
  ],
  '07-executor-failure-loop.json': [
    ['worker-1', 'INFO', 'Worker', /^Asked to launch executor app-\d{14}-0000\/0 for doomed$/],
    ['master-1', 'INFO', 'Master', /^Removing executor app-\d{14}-0000\/0 because it is FAILED$/],
    ['master-1', 'INFO', 'Master', /^Removing executor app-\d{14}-0000\/9 because it is FAILED$/],
    ['master-1', 'ERROR', 'Master', /^Application doomed with ID app-\d{14}-0000 failed 10 times; removing it$/],
    ['master-1', 'INFO', 'Master', /^Removing app app-\d{14}-0000$/],
  ],
  '08-supervised-driver-relaunch.json': [
    ['master-1', 'INFO', 'Master', /^Driver submitted org\.apache\.spark\.examples\.streaming\.NetworkWordCount$/],
    ['master-1', 'INFO', 'Master', /^Launching driver driver-\d{14}-0000 on worker .*worker1-7078$/],
    ['worker-1', 'INFO', 'Worker', /^Asked to launch driver driver-\d{14}-0000$/],
    ['client', 'INFO', 'ClientEndpoint', /^Driver successfully submitted as driver-\d{14}-0000$/],
    ['master-1', 'INFO', 'Master', /^worker1:7078 got disassociated, removing it\.$/],
    ['master-1', 'INFO', 'Master', /^Re-launching driver-\d{14}-0000$/],
    ['master-1', 'INFO', 'Master', /^Removing driver: driver-\d{14}-0000 \(RELAUNCHING\)$/],
    ['master-1', 'INFO', 'Master', /^Launching driver driver-\d{14}-0001 on worker .*worker2-7078$/],
  ],
  '09-master-behind-an-alias.json': [
    ['worker-1', 'INFO', 'Worker', /^Connecting to master spark-lb:7077\.\.\.$/],
    ['worker-2', 'INFO', 'Worker', /^Successfully registered with master spark:\/\/master:7077$/],
    ['worker-1', 'INFO', 'Worker', /^Successfully registered with master spark:\/\/spark-lb:7077$/],
    ['worker-1', 'INFO', 'Worker', /^master:7077 Disassociated !$/],
    ['worker-1', 'INFO', 'Worker', /^spark-lb:7077 Disassociated !$/],
    ['worker-1', 'INFO', 'Worker', /^Successfully registered with master spark:\/\/spark-lb:7077$/],
  ],
  '10-gpus-and-resource-profiles.json': [
    [
      'worker-1',
      'INFO',
      'ResourceUtils',
      /^Custom resources for spark\.worker:\ngpu -> \[name: gpu, addresses: 0,1,2\]$/,
    ],
    ['worker-3', 'INFO', 'ResourceUtils', /^No custom resources configured for spark\.worker\.$/],
    ['master-1', 'INFO', 'Master', /^Launching executor app-\d{14}-0000\/0 on worker .*-gpu2-7078$/],
    ['master-1', 'INFO', 'Master', /^Launching executor app-\d{14}-0000\/1 on worker .*-gpu1-7078$/],
    ['master-1', 'INFO', 'Master', /^Launching driver driver-\d{14}-0000 on worker .*-gpu\d-7078$/],
    ['master-1', 'INFO', 'Master', /^Application app-\d{14}-0000 requested executors: Map\(0 -> 2, 1 -> 2\)\.$/],
    ['master-1', 'INFO', 'Master', /^Start scheduling for app app-\d{14}-0000 with rpId: 1$/],
    ['master-1', 'INFO', 'Master', /^Launching executor app-\d{14}-0000\/2 on worker /],
    ['master-1', 'INFO', 'Master', /^Removing driver: driver-\d{14}-0000 \(FINISHED\)$/],
    ['master-1', 'INFO', 'Master', /^Launching executor app-\d{14}-0000\/3 on worker /],
  ],
};

describe('scenario logs read like Spark', () => {
  for (const [file, lines] of Object.entries(expected)) {
    it(`${file}: ${lines.length} lines in order`, () => {
      const doc = JSON.parse(readFileSync(`scenarios/${file}`, 'utf8'));
      const c = cluster(doc);
      let at = 0;
      for (const [node, level, logger, re] of lines) {
        const found = c.logs.findIndex(
          (l, i) => i >= at && l.node === node && l.level === level && l.logger === logger && re.test(l.text),
        );
        expect(found, `missing after line ${at}: ${node} ${level} ${logger}: ${re}`).toBeGreaterThanOrEqual(at);
        at = found + 1;
      }
      expect(c.violations).toEqual([]);
    });
  }

  it('covers every scenario in scenarios/', async () => {
    const { readdirSync } = await import('node:fs');
    expect(
      readdirSync('scenarios')
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(expected).sort());
  });
});

describe('one table of log templates', () => {
  it('no daemon writes a log text of its own: every line is printed from the template table', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = `${dir}/${f}`;
        if (statSync(p).isDirectory()) {
          if (f !== 'log-templates') walk(p);
        } else if (p.endsWith('.ts') && !p.endsWith('/print.ts')) files.push(p);
      }
    };
    walk('src/lib/spark');
    expect(files.length).toBeGreaterThan(20);
    const writers = files.filter((f) => /\bio\.log\(/.test(readFileSync(f, 'utf8')));
    expect(writers).toEqual([]);
  });

  it('ZOOKEEPER mode: the Master itself says it persists to ZooKeeper (4.0; issue 19, bug 5)', () => {
    const c = cluster(JSON.parse(readFileSync('scenarios/04-zookeeper-failover.json', 'utf8')), 5_000);
    const line = c.logs.find((l) => l.text === 'Persisting recovery state to ZooKeeper');
    expect(line).toMatchObject({ node: 'master-1', level: 'INFO', logger: 'Master' });
  });

  it('ROCKSDB mode: RocksDBRecoveryModeFactory says where it persists (issue 19, bug 5)', () => {
    const c = cluster(
      {
        masters: [{ host: 'master', port: 7077 }],
        config: { 'spark.deploy.recoveryMode': 'ROCKSDB', 'spark.deploy.recoveryDirectory': '/var/spark/rocks' },
      },
      2_000,
    );
    expect(c.logs.find((l) => l.text.startsWith('Persisting recovery state to directory'))).toMatchObject({
      logger: 'RocksDBRecoveryModeFactory',
      text: 'Persisting recovery state to directory: /var/spark/rocks',
    });
  });
});

describe('spark.version: the daemons speak the chosen release (issue 19 §3, wording)', () => {
  const doc = (version?: string) => ({
    masters: [{ host: 'master', port: 7077 }],
    config: {
      'spark.deploy.recoveryMode': 'FILESYSTEM',
      ...(version === undefined ? {} : { 'spark.version': version }),
    },
    workers: [{ host: 'worker1', port: 7078, cores: 4, memory: '4g', at: '1s' }],
    faults: [{ at: '30s', action: 'restart', target: 'master-1' }],
  });
  const lines = (version?: string) =>
    cluster(doc(version), 120_000)
      .logs.filter((l) => l.node === 'master-1' || l.node === 'worker-1')
      .map((l) => `${l.logger}: ${l.text}`);

  it('4.0 by default: GiB, recovery complete in N ms, the decommissioning line', () => {
    const l = lines();
    expect(l).toContain('Master: Running Spark version 4.0.1');
    expect(l).toContain('Worker: Starting Spark worker worker1:7078 with 4 cores, 4.0 GiB RAM');
    expect(l.some((x) => /^Master: Recovery complete in \d+ ms - resuming operations!$/.test(x))).toBe(true);
    expect(l).toContain('Worker: Worker decommissioning not enabled.');
  });

  it('2.4: GB, recovery complete without the time, no decommissioning line (3.1+)', () => {
    const l = lines('2.4');
    expect(l).toContain('Master: Running Spark version 2.4.8');
    expect(l).toContain('Worker: Starting Spark worker worker1:7078 with 4 cores, 4.0 GB RAM');
    expect(l).toContain('Master: Recovery complete - resuming operations!');
    expect(l.some((x) => x.includes('decommissioning'))).toBe(false);
  });

  it('1.6: the web UI says "Started MasterWebUI at"', () => {
    const l = lines('1.6');
    expect(l).toContain('Master: Running Spark version 1.6.3');
    expect(l).toContain('MasterWebUI: Started MasterWebUI at http://master:8080');
  });

  it('refuses a release it does not model, naming the choices', async () => {
    const { loadScenario, formatProblem } = await import('../../../src/lib/scenario/load');
    const r = loadScenario({ version: 1, name: 'x', description: '', seed: 1, ...doc('3.0') });
    expect(r.ok ? '' : formatProblem(r.problems[0])).toContain('config["spark.version"]');
    expect(r.ok ? '' : formatProblem(r.problems[0])).toContain('1.6, 2.4, 3.5, 4.0');
  });
});

describe('spark.version: behaviour that differs between releases (issue 19 §3, spec §9)', () => {
  it('before 3.0 a worker re-registering under a known id is refused ("Duplicate worker ID") and exits', () => {
    const doc = JSON.parse(readFileSync('scenarios/05-filesystem-master-restart.json', 'utf8'));
    const old = cluster({ ...doc, config: { ...doc.config, 'spark.version': '2.4' } }, 180_000);
    const failed = old.logs.filter((l) => l.text === 'Worker registration failed: Duplicate worker ID');
    expect(failed.map((l) => [l.node, l.level])).toEqual([
      ['worker-1', 'ERROR'],
      ['worker-2', 'ERROR'],
    ]);
    expect(old.final.workers.every((w) => w.state === 'DOWN' || w.state?.startsWith('Exited'))).toBe(true);
    // 4.0 answers RegisteredWorker(duplicate = true) instead.
    const now = cluster(doc, 180_000);
    expect(now.logs.some((l) => l.text === 'Worker registration failed: Duplicate worker ID')).toBe(false);
    expect(now.log('worker-1', 'Duplicate registration at master')).toHaveLength(1);
  });

  it('before 3.2 a worker tells the master of its executor states; since, it asks and the master answers', () => {
    const doc = (version: string) => ({
      masters: [{ host: 'master', port: 7077 }],
      config: { 'spark.version': version },
      workers: [{ host: 'worker1', port: 7078, cores: 4, memory: '4g', at: '1s' }],
      apps: [{ at: '3s', name: 'pi', memoryPerExecutor: '1g', duration: '20s' }],
    });
    const reports = (version: string) => {
      const c = cluster(doc(version), 60_000);
      return {
        modes: c.events.flatMap((e) =>
          e.fx
            .filter((f) => f.k === 'send' && f.msg.type === 'ExecutorStateChanged' && f.to === 'master-1')
            .map((f) => (f.k === 'send' ? f.mode : '')),
        ),
        answers: c.sent('Boolean', 'master-1').length,
        violations: c.violations,
      };
    };
    const old = reports('2.4');
    expect(old.modes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(old.modes)).toEqual(new Set(['send']));
    expect(old.answers).toBe(0);
    expect(old.violations).toEqual([]);
    const now = reports('4.0');
    expect(new Set(now.modes)).toEqual(new Set(['ask']));
    expect(now.answers).toBe(now.modes.length);
  });

  it('3.x always waits for the recovery timer; 4.0 completes at once when nothing is left to wait for', () => {
    const doc = (version: string) => ({
      masters: [{ host: 'master', port: 7077 }],
      config: { 'spark.deploy.recoveryMode': 'FILESYSTEM', 'spark.version': version },
      // A driver waits for a worker; it is all the directory holds when the master restarts.
      drivers: [{ at: '1s', cores: 1, memory: '512m', supervise: false }],
      faults: [{ at: '10s', action: 'restart', target: 'master-1' }],
    });
    const completed = (version: string) =>
      cluster(doc(version), 120_000).logs.find((l) => l.text.startsWith('Recovery complete'))?.t;
    expect(completed('4.0')).toBe(10_000);
    expect(completed('3.5')).toBe(70_000);
  });
});

describe('every example, in every release: each line is that release’s wording (issue 19 §3)', () => {
  it.each(['1.6', '2.4', '3.5', '4.0'])('spark.version %s', async (line) => {
    const { readdirSync } = await import('node:fs');
    const { templateMatcher, inRange } = await import('../../../src/lib/spark/log-templates');
    const { releaseOf } = await import('../../../src/lib/spark/config');
    const release = releaseOf(line);
    const matcher = templateMatcher();
    let checked = 0;
    for (const file of readdirSync('scenarios').filter((f) => f.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(`scenarios/${file}`, 'utf8'));
      const c = cluster(inRelease(doc, line));
      for (const l of c.logs) {
        const text = l.text.split('\n')[0];
        const hit = matcher.match(l.logger, l.level, text);
        expect(hit, `${file} ${l.node}: ${l.logger}: ${text}`).not.toBeNull();
        // The wording matched is one this release prints.
        expect(inRange(release, hit!.variant.range), `${file} (${release}) ${l.logger}: ${text}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('spark.version: what each release reads and sends (spec §9 and §d)', () => {
  it('1.x sends no WorkerLatestState after registering (SPARK-13604 is 2.0); 2.4 and later do', () => {
    const doc = (version: string) => ({
      masters: [{ host: 'master', port: 7077 }],
      config: { 'spark.version': version },
      workers: [{ host: 'worker1', port: 7078, cores: 4, memory: '4g', at: '1s' }],
    });
    const latest = (version: string) => cluster(doc(version), 30_000).sent('WorkerLatestState').length;
    expect(latest('1.6')).toBe(0);
    expect(latest('2.4')).toBe(1);
    expect(latest('4.0')).toBe(1);
  });

  it("work-directory cleanup is on by default from 4.0 only (spec §d), and a release's default can be overridden", () => {
    const doc = (config: Record<string, unknown>) => ({
      masters: [{ host: 'master', port: 7077 }],
      config,
      workers: [{ host: 'worker1', port: 7078, cores: 4, memory: '4g', at: '1s' }],
    });
    const cleanup = (config: Record<string, unknown>) =>
      cluster(doc(config), 30_000).log('worker-1', 'cleanup').length > 0;
    expect(cleanup({})).toBe(true);
    expect(cleanup({ 'spark.version': '3.5' })).toBe(false);
    expect(cleanup({ 'spark.version': '3.5', 'spark.worker.cleanup.enabled': true })).toBe(true);
  });

  it('refuses a key or a value the chosen release does not have, naming both releases, in both languages', async () => {
    const { overwriteGetLocale, baseLocale } = await import('../../../src/lib/paraglide/runtime.js');
    const problem = (config: Record<string, unknown>) => problemsOf({ masters: [{ host: 'm', port: 7077 }], config });
    expect(problem({ 'spark.version': '3.5', 'spark.deploy.workerSelectionPolicy': 'WORKER_ID' })).toBe(
      'config["spark.deploy.workerSelectionPolicy"]: Spark 3.5 does not read this key: it came in Spark 4.0 ' +
        '(set spark.version to 4.0 or later, or remove it)',
    );
    expect(problem({ 'spark.version': '2.4', 'spark.deploy.recoveryMode': 'rocksdb' })).toContain(
      'Spark 2.4 does not have ROCKSDB: it came in Spark 4.0',
    );
    expect(problem({ 'spark.version': '2.4', 'spark.decommission.enabled': true })).toContain('it came in Spark 3.1');
    expect(problem({ 'spark.version': '3.5', 'spark.decommission.enabled': true })).toBe('accepted');
    expect(problem({ 'spark.deploy.maxDrivers': 2 })).toBe('accepted');
    overwriteGetLocale(() => 'zh-CN');
    try {
      expect(problem({ 'spark.version': '3.5', 'spark.deploy.maxDrivers': 2 })).toContain(
        'Spark 3.5 不读取这个配置项：它从 Spark 4.0 开始才有',
      );
    } finally {
      overwriteGetLocale(() => baseLocale);
    }
  });
});
