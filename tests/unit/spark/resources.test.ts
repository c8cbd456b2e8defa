/**
 * Custom resources and resource profiles (issue 19 §2; spec §a.1, §b.1–§b.3, §e.2–§e.4): the
 * address allocator, placement by resources in the pure call and in a cluster, the messages'
 * `resources` fields, release and recovery of addresses, the version switch, and the lines
 * Spark prints for them.
 */
import { describe, expect, it } from 'vitest';
import { cluster, oneMaster, problemsOf } from './harness';
import {
  acquire,
  amountsFree,
  availableAddresses,
  formatDetails,
  meetsRequirements,
  recover,
  release,
  resourceLines,
} from '../../../src/lib/spark/resources';
import { scheduleExecutorsOnWorkers, type UsableWorker } from '../../../src/lib/spark/scheduling';

const INF = 2147483647;

describe('the address allocator (WorkerResourceInfo, ResourceAllocator)', () => {
  it('hands out the lowest free addresses, sorted as strings as Spark sorts them ("10" before "2")', () => {
    const all = { gpu: ['2', '10', '1'] };
    const used: Record<string, string[]> = {};
    expect(availableAddresses(all.gpu)).toEqual(['1', '10', '2']);
    expect(acquire(all, used, { gpu: 2 })).toEqual({ gpu: ['1', '10'] });
    expect(amountsFree(all, used)).toEqual({ gpu: 1 });
    expect(acquire(all, used, { gpu: 1 })).toEqual({ gpu: ['2'] });
    release(used, { gpu: ['10'] });
    expect(used).toEqual({ gpu: ['1', '2'] });
    expect(formatDetails(all, used)).toBe('gpu: Free: [10] / Used: [1, 2]');
  });

  it('meets a requirement only with enough of every resource; a resource the worker lacks has none', () => {
    expect(meetsRequirements({ gpu: 2, fpga: 1 }, { gpu: 2 })).toBe(true);
    expect(meetsRequirements({ gpu: 1 }, { gpu: 2 })).toBe(false);
    expect(meetsRequirements({ gpu: 4 }, { gpu: 1, fpga: 1 })).toBe(false);
    expect(meetsRequirements({}, undefined)).toBe(true);
  });

  it('recovering an address already in use is a SparkException, worded per release', () => {
    const all = { gpu: ['0', '1'] };
    expect(recover(all, { gpu: ['0'] }, { gpu: ['0'] }, '4.0')).toBe(
      'Try to acquire gpu address 0 amount: 1.0, but only 0.0 left.',
    );
    expect(recover(all, { gpu: ['0'] }, { gpu: ['0'] }, '3.5')).toBe(
      'Try to acquire an address that is not available. gpu address 0 is not available.',
    );
    expect(recover(all, {}, { gpu: ['7'] }, '4.0')).toBe(
      "Try to acquire an address that doesn't exist. gpu address 7 doesn't exist.",
    );
    const used: Record<string, string[]> = {};
    expect(recover(all, used, { gpu: ['1'] }, '4.0')).toBeNull();
    expect(used).toEqual({ gpu: ['1'] });
  });

  it('a reply with a worker’s resources does not change when the allocator does later', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [{ host: 'gpu1', port: 7078, cores: 8, memory: '16g', resources: { gpu: 3 } }],
        apps: [app({ initialExecutorLimit: 1, requests: [{ at: '20s', type: 'RequestExecutors', total: 3 }] })],
        drivers: [{ at: '1s', cores: 1, memory: '1g', supervise: false }],
        requests: [{ at: '10s', type: 'RequestMasterState' }],
      },
      30_000,
    );
    const reply = c.sent('MasterStateResponse', 'master-1')[0].msg as unknown as {
      workers: { resourcesUsed: Record<string, string[]> }[];
    };
    expect(reply.workers[0].resourcesUsed).toEqual({ gpu: ['0'] });
    expect(c.master().workers[0]).toMatchObject({ resourcesUsed: { gpu: ['0', '1', '2'] } });
  });

  it('prints a resource as ResourceInformation.toString does', () => {
    expect(resourceLines({ gpu: ['0', '1'], fpga: ['f0'] })).toBe(
      'gpu -> [name: gpu, addresses: 0,1]\nfpga -> [name: fpga, addresses: f0]',
    );
  });
});

describe('scheduleExecutorsOnWorkers with custom resources (spec §e.4)', () => {
  const workers = [0, 1, 2].map((i) => ({ id: `w${i}`, coresFree: 10, memoryFree: 4096, resourcesFree: { gpu: 2 } }));
  const base = { coresLeft: INF, memoryPerExecutor: 128, existingExecutors: 0, executorLimit: INF };

  it('one GPU per executor of 2 cores: two executors a worker, whatever spreadOut says', () => {
    for (const spreadOut of [true, false]) {
      const got = scheduleExecutorsOnWorkers(
        { ...base, coresPerExecutor: 2, resourcesPerExecutor: { gpu: 1 }, spreadOut },
        workers,
      );
      expect(got).toEqual([4, 4, 4]);
    }
  });

  it('without coresPerExecutor one executor a worker takes every core, and needs its GPUs once', () => {
    const got = scheduleExecutorsOnWorkers({ ...base, resourcesPerExecutor: { gpu: 2 }, spreadOut: true }, workers);
    expect(got).toEqual([10, 10, 10]);
  });

  it('a worker without the resource gets nothing; one with too few gets nothing', () => {
    const mixed: UsableWorker[] = [
      { id: 'a', coresFree: 10, memoryFree: 4096, resourcesFree: { gpu: 1 } },
      { id: 'b', coresFree: 10, memoryFree: 4096, resourcesFree: {} },
      { id: 'c', coresFree: 10, memoryFree: 4096, resourcesFree: { gpu: 3 } },
    ];
    const got = scheduleExecutorsOnWorkers(
      { ...base, coresPerExecutor: 1, resourcesPerExecutor: { gpu: 2 }, spreadOut: false },
      mixed,
    );
    expect(got).toEqual([0, 0, 1]);
  });
});

const gpuWorkers = [
  { host: 'gpu{i}', port: 7078, cores: 8, memory: '16g', count: 2, resources: { gpu: 2 } },
  { host: 'cpu1', port: 7078, cores: 8, memory: '16g' },
];
const app = (extra: Record<string, unknown> = {}) => ({
  at: '2s',
  name: 'train',
  memoryPerExecutor: '1g',
  coresPerExecutor: 2,
  executorResources: { gpu: 1 },
  ...extra,
});
type Sent = ReturnType<ReturnType<typeof cluster>['sent']>[number];
const body = (s: Sent) => s.msg as unknown as Record<string, unknown>;

describe('placing executors and drivers by their resources (spec §e.2, §e.3)', () => {
  it('executors go only where there is a free GPU, each with its own address, and say so to the worker', () => {
    const c = cluster({ ...oneMaster, workers: gpuWorkers, apps: [app()] }, 10_000);
    const launches = c.sent('LaunchExecutor', 'master-1');
    expect(launches).toHaveLength(4);
    expect(launches.map((s) => s.to).sort()).toEqual(['worker-1', 'worker-1', 'worker-2', 'worker-2']);
    for (const to of ['worker-1', 'worker-2']) {
      const held = launches.filter((s) => s.to === to).map((s) => (body(s).resources as { gpu: string[] }).gpu);
      expect(held.flat().sort()).toEqual(['0', '1']);
    }
    // The worker's runner gets a resources file, and its own accounting follows.
    const cmd = c.log('worker-1', 'Launch command:')[0].text;
    expect(cmd).toMatch(
      /"--resourceProfileId" "0" "--resourcesFile" "\/opt\/spark\/work\/app-\d{14}-0000\/\d\/resource-executor-\d+\.json"$/,
    );
    expect(c.worker('worker-1')).toMatchObject({ resourcesUsed: { gpu: ['0', '1'] } });
    const w = c.master().workers.find((x) => x.host === 'cpu1');
    expect(w?.coresUsed).toBe(0);
    expect(c.violations).toEqual([]);
  });

  it('RegisterWorker carries the worker’s resources; a worker without any sends none', () => {
    const c = cluster({ ...oneMaster, workers: gpuWorkers }, 3_000);
    const regs = c.sent('RegisterWorker');
    expect(regs.filter((s) => s.from === 'worker-1').map((s) => body(s).resources)).toEqual([{ gpu: ['0', '1'] }]);
    expect(regs.filter((s) => s.from === 'worker-3').map((s) => 'resources' in body(s))).toEqual([false]);
    expect(c.master().workers.find((x) => x.host === 'gpu1')).toMatchObject({
      resources: { gpu: ['0', '1'] },
      resourcesUsed: { gpu: [] },
    });
  });

  it('a driver asking for a GPU nobody has waits, and the master says it needs more than any worker has', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [{ host: 'cpu1', port: 7078, cores: 8, memory: '16g' }],
        drivers: [{ at: '2s', cores: 1, memory: '1g', supervise: false, resources: { gpu: 1 } }],
      },
      10_000,
    );
    expect(c.sent('LaunchDriver')).toHaveLength(0);
    expect(c.log('master-1', 'requires more resource than any of Workers could have.').length).toBeGreaterThan(0);
  });

  it('a killed executor’s GPU goes back to the worker, and a waiting driver gets that very address', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: [{ host: 'gpu1', port: 7078, cores: 8, memory: '16g', resources: { gpu: ['a', 'b'] } }],
        apps: [app({ requests: [{ at: '10s', type: 'KillExecutors', executors: [1] }], initialExecutorLimit: 2 })],
        drivers: [{ at: '5s', cores: 1, memory: '1g', supervise: false, resources: { gpu: 1 } }],
      },
      15_000,
    );
    const launches = c.sent('LaunchExecutor', 'master-1');
    expect(launches.map((s) => body(s).resources)).toEqual([{ gpu: ['a'] }, { gpu: ['b'] }]);
    const driver = c.sent('LaunchDriver', 'master-1');
    expect(driver).toHaveLength(1);
    expect(driver[0].t).toBeGreaterThanOrEqual(10_000);
    expect(body(driver[0]).resources).toEqual({ gpu: ['b'] });
    expect(c.log('worker-1', 'Launch Command:')[0].text).toContain(
      '"-Dspark.driver.resourcesFile=/opt/spark/work/driver-',
    );
    expect(c.violations).toEqual([]);
  });
});

describe('resource profiles (spec §a.1 ApplicationInfo, §b.4, §e.3)', () => {
  const profiled = (requests: unknown[]) =>
    app({
      initialExecutorLimit: 1,
      resourceProfiles: [{ executorCores: 4, executorMemory: '2g', resources: { gpu: 1 } }],
      requests,
    });

  it('RequestExecutors for profile 1 schedules its executors after the default profile, with their own size', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: gpuWorkers,
        apps: [profiled([{ at: '10s', type: 'RequestExecutors', profile: 1, total: 2 }])],
      },
      15_000,
    );
    expect(c.log('master-1', 'requested executors: Map(0 -> 1, 1 -> 2).')).toHaveLength(1);
    const after = c.log('master-1', 'Start scheduling for app').filter((l) => l.t >= 10_000);
    expect(after.slice(0, 2).map((l) => l.text.replace(/^.* with /, ''))).toEqual(['rpId: 0', 'rpId: 1']);
    const launches = c.sent('LaunchExecutor', 'master-1').map(body);
    expect(launches.map((l) => [l.rpId, l.cores, l.memory])).toEqual([
      [0, 2, 1024],
      [1, 4, 2048],
      [1, 4, 2048],
    ]);
    expect(
      c.log('worker-1', '"--resourceProfileId" "1"').length + c.log('worker-2', '"--resourceProfileId" "1"').length,
    ).toBe(2);
    const row = c.master().apps[0].executors.filter((e) => (e as { rpId?: number }).rpId === 1);
    expect(row).toHaveLength(2);
    expect(c.violations).toEqual([]);
  });

  it('the driver sends every profile’s total it has asked for, in profile order', () => {
    const c = cluster(
      {
        ...oneMaster,
        workers: gpuWorkers,
        apps: [
          profiled([
            { at: '10s', type: 'RequestExecutors', profile: 1, total: 1 },
            { at: '11s', type: 'RequestExecutors', total: 2 },
          ]),
        ],
      },
      15_000,
    );
    // The default profile from its initial target (1), then as asked.
    expect(c.log('master-1', 'requested executors: Map(').map((l) => l.text.replace(/^.*: /, ''))).toEqual([
      'Map(0 -> 1, 1 -> 1).',
      'Map(0 -> 2, 1 -> 1).',
    ]);
  });

  it('before 3.4 no release reads a resource profile, and before 3.0 none reads custom resources', () => {
    const doc = (version: string) => ({
      ...oneMaster,
      config: { 'spark.version': version },
      workers: gpuWorkers,
      apps: [profiled([{ at: '10s', type: 'RequestExecutors', profile: 1, total: 1 }])],
    });
    expect(problemsOf(doc('3.5'))).toBe('accepted');
    const old = problemsOf(doc('2.4'));
    expect(old).toContain(
      'workers[0].resources: Spark 2.4 does not have spark.worker.resource.*: it came in Spark 3.0',
    );
    expect(old).toContain('apps[0].executorResources: Spark 2.4 does not have spark.executor.resource.*');
    expect(old).toContain('apps[0].resourceProfiles: Spark 2.4 does not have ResourceProfile: it came in Spark 3.4');
    expect(old).toContain('apps[0].requests[0].profile');
  });

  it('a request for a profile the app does not have is refused, naming it', () => {
    const doc = {
      ...oneMaster,
      apps: [app({ requests: [{ at: '10s', type: 'RequestExecutors', profile: 2, total: 1 }] })],
    };
    expect(problemsOf(doc)).toBe(
      'apps[0].requests[0].profile: there is no resource profile 2: the app has 0 beyond the default (0)',
    );
  });
});

describe('the worker’s start-up lines (ResourceUtils.logResourceInfo)', () => {
  it('lists its resources between two rules from 3.0, and says when it has none; 2.4 prints neither', () => {
    const c = cluster({ ...oneMaster, workers: gpuWorkers }, 1_000);
    const lines = (node: string) =>
      c.logs.filter((l) => l.node === node && l.logger === 'ResourceUtils').map((l) => l.text);
    const rule = '==============================================================';
    expect(lines('worker-1')).toEqual([
      rule,
      'Custom resources for spark.worker:\ngpu -> [name: gpu, addresses: 0,1]',
      rule,
    ]);
    expect(lines('worker-3')).toEqual([rule, 'No custom resources configured for spark.worker.', rule]);
    const old = cluster({ ...oneMaster, config: { 'spark.version': '2.4' }, workers: [gpuWorkers[1]] }, 1_000);
    expect(old.logs.filter((l) => l.logger === 'ResourceUtils')).toEqual([]);
  });
});

describe('a new leader takes the addresses back from the workers’ reports (spec §b.1 WorkerSchedulerStateResponse)', () => {
  const recovering = (
    config: Record<string, unknown>,
    masters: unknown[],
    fault: unknown,
    more: string,
    until: number,
  ) =>
    cluster(
      {
        config,
        masters,
        workers: [{ host: 'gpu1', port: 7078, cores: 8, memory: '16g', resources: { gpu: 3 } }],
        apps: [app({ initialExecutorLimit: 1, requests: [{ at: more, type: 'RequestExecutors', total: 2 }] })],
        faults: [fault],
      },
      until,
    );

  it('after a ZooKeeper failover the new leader knows which GPU is in use, and places nothing on it', () => {
    const c = recovering(
      { 'spark.deploy.recoveryMode': 'ZOOKEEPER' },
      [
        { host: 'm1', port: 7077 },
        { host: 'm2', port: 7077, at: '500ms' },
      ],
      { at: '20s', action: 'kill', target: 'master-1' },
      '140s',
      150_000,
    );
    const report = c.sent('WorkerSchedulerStateResponse', 'worker-1');
    expect(report).toHaveLength(1);
    expect((body(report[0]).executors as { resources?: unknown }[])[0].resources).toEqual({ gpu: ['0'] });
    // Executor 0 took gpu 0 from master-1; after the failover master-2's new executor takes gpu 1.
    expect(c.sent('LaunchExecutor', 'master-1').map((s) => body(s).resources)).toEqual([{ gpu: ['0'] }]);
    expect(c.sent('LaunchExecutor', 'master-2').map((s) => body(s).resources)).toEqual([{ gpu: ['1'] }]);
    expect(c.master('master-2').workers[0]).toMatchObject({ resourcesUsed: { gpu: ['0', '1'] } });
    expect(c.violations).toEqual([]);
  });

  it('Spark’s own re-registration race after a FILESYSTEM restart: the report’s GPU is taken, and the inbox logs the SparkException', () => {
    const c = recovering(
      { 'spark.deploy.recoveryMode': 'FILESYSTEM' },
      oneMaster.masters,
      { at: '20s', action: 'restart', target: 'master-1' },
      '40s',
      30_000,
    );
    // The worker re-registered before its report, recovery completed and schedule() gave the
    // executor's id and its GPU again; the report then asks for gpu 0, which is in use.
    const error = c.log('master-1', 'Ignoring error');
    expect(error.map((l) => [l.level, l.logger])).toEqual([['ERROR', 'Inbox']]);
    expect(error[0].text).toBe(
      'Ignoring error\norg.apache.spark.SparkException: Try to acquire gpu address 0 amount: 1.0, but only 0.0 left.',
    );
  });
});
