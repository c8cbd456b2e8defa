/**
 * Every entry point, attacked with malformed input (issue 20 §7): the console API (`window.spark`),
 * files opened (scenarios, run files, logs), the address's options and the New cluster form. Each
 * row is one bad input and the field its message must name; each is checked to leave the run
 * exactly as it was (same hash, same cursor) or, for the address, to open the same run as the
 * address without the bad option.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import NewClusterForm from '../../src/lib/view/NewClusterForm.svelte';
import { consoleApi, type SparkConsole } from '../../src/lib/view/console-api';
import { Player } from '../../src/lib/view/player.svelte';
import { catalog } from '../../src/lib/scenario/catalog';
import { readLink } from '../../src/lib/run/share-link';
import { RUN_FORMAT, RUN_VERSION } from '../../src/lib/run/run-file';

/** A scenario that is valid, to break one field at a time. */
const scenario = () => ({
  version: 1,
  name: 'bad input',
  description: 'the base the table breaks',
  seed: 3,
  until: '40s',
  masters: [{ host: 'master', port: 7077 }],
  workers: [
    { host: 'worker1', port: 7078, cores: 2, memory: '1g' },
    { host: 'worker2', port: 7078, cores: 2, memory: '1g' },
  ],
  apps: [{ at: '5s', name: 'pi', memoryPerExecutor: '512m' }],
});
type Doc = ReturnType<typeof scenario> & Record<string, unknown>;
const breaking = (f: (d: Doc) => unknown) => f(scenario() as Doc);
const runFile = (extra: Record<string, unknown>) => ({
  format: RUN_FORMAT,
  version: RUN_VERSION,
  kind: 'simulation',
  scenario: scenario(),
  seed: 3,
  injections: [],
  events: 10,
  until: 40_000,
  cursor: 5,
  time: 1000,
  hash: '0'.repeat(64),
  ...extra,
});

/** [what is wrong, the call, the field the message must name] */
type Row = [string, (s: SparkConsole) => unknown, RegExp];

const injectRows: Row[] = [
  ['inject(null)', (s) => s.inject(null), /fault/],
  ['inject(undefined)', (s) => s.inject(undefined), /fault/],
  ['inject a number', (s) => s.inject(7), /fault/],
  ['inject a string', (s) => s.inject('kill worker-1'), /fault/],
  ['inject an array', (s) => s.inject([{ action: 'kill', target: 'worker-1' }]), /fault/],
  ['inject {}', (s) => s.inject({}), /action/],
  ['unknown action', (s) => s.inject({ action: 'explode', target: 'worker-1' }), /action/],
  ['action in capitals', (s) => s.inject({ action: 'KILL', target: 'worker-1' }), /action/],
  ['action a number', (s) => s.inject({ action: 1, target: 'worker-1' }), /action/],
  ['kill without target', (s) => s.inject({ action: 'kill' }), /target/],
  ['kill an unknown node', (s) => s.inject({ action: 'kill', target: 'worker-9' }), /target/],
  ['kill a number', (s) => s.inject({ action: 'kill', target: 3 }), /target/],
  ['kill an empty name', (s) => s.inject({ action: 'kill', target: '' }), /target/],
  ['kill with a stray field', (s) => s.inject({ action: 'kill', target: 'worker-1', when: 3 }), /when/],
  ['restart an unknown node', (s) => s.inject({ action: 'restart', target: 'master-7' }), /target/],
  ['stop an unknown node', (s) => s.inject({ action: 'stop', target: 'zk' }), /target/],
  ['pause without duration', (s) => s.inject({ action: 'pause', target: 'worker-1' }), /duration/],
  ['pause NaN', (s) => s.inject({ action: 'pause', target: 'worker-1', duration: NaN }), /duration/],
  ['pause negative', (s) => s.inject({ action: 'pause', target: 'worker-1', duration: -5 }), /duration/],
  ['pause Infinity', (s) => s.inject({ action: 'pause', target: 'worker-1', duration: Infinity }), /duration/],
  ['pause 1e308', (s) => s.inject({ action: 'pause', target: 'worker-1', duration: 1e308 }), /duration/],
  ['pause "soon"', (s) => s.inject({ action: 'pause', target: 'worker-1', duration: 'soon' }), /duration/],
  ['pause "-3s"', (s) => s.inject({ action: 'pause', target: 'worker-1', duration: '-3s' }), /duration/],
  ['partition without groups', (s) => s.inject({ action: 'partition' }), /groups/],
  ['partition groups not a list', (s) => s.inject({ action: 'partition', groups: 'worker-1' }), /groups/],
  ['partition an empty group', (s) => s.inject({ action: 'partition', groups: [[]] }), /groups/],
  ['partition an unknown node', (s) => s.inject({ action: 'partition', groups: [['worker-5']] }), /groups/],
  [
    'partition a node twice',
    (s) => s.inject({ action: 'partition', groups: [['worker-1'], ['worker-1', 'master-1']] }),
    /groups/,
  ],
  [
    'partition 65 groups',
    (s) => s.inject({ action: 'partition', groups: Array.from({ length: 65 }, () => ['worker-1']) }),
    /groups/,
  ],
  ['partition an empty name', (s) => s.inject({ action: 'partition', groups: [['worker-1']], name: '' }), /name/],
  ['heal a numeric name', (s) => s.inject({ action: 'heal', name: 5 }), /name/],
  ['drop without to', (s) => s.inject({ action: 'drop', from: 'worker-1' }), /to/],
  ['drop to itself', (s) => s.inject({ action: 'drop', from: 'worker-1', to: 'worker-1' }), /to/],
  ['drop count 0', (s) => s.inject({ action: 'drop', from: 'worker-1', to: 'master-1', count: 0 }), /count/],
  ['drop count 1.5', (s) => s.inject({ action: 'drop', from: 'worker-1', to: 'master-1', count: 1.5 }), /count/],
  ['drop count 1e9', (s) => s.inject({ action: 'drop', from: 'worker-1', to: 'master-1', count: 1e9 }), /count/],
  ['delay without extra', (s) => s.inject({ action: 'delay', from: 'worker-1', to: 'master-1' }), /extra/],
  ['delay extra negative', (s) => s.inject({ action: 'delay', from: 'worker-1', to: 'master-1', extra: -1 }), /extra/],
  [
    'delay duration NaN',
    (s) => s.inject({ action: 'delay', from: 'worker-1', to: 'master-1', extra: 10, duration: NaN }),
    /duration/,
  ],
  ['delay from an unknown node', (s) => s.inject({ action: 'delay', from: 'x', to: 'master-1', extra: 10 }), /from/],
  ['decommission a master', (s) => s.inject({ action: 'decommission', target: 'master-1' }), /target/],
  ['fail-executors of a master', (s) => s.inject({ action: 'fail-executors', target: 'master-1' }), /target/],
  [
    'throw a long message',
    (s) => s.inject({ action: 'throw', target: 'worker-1', message: 'x'.repeat(501) }),
    /message/,
  ],
];

const playerRows: Row[] = [
  ['run NaN', (s) => s.run(NaN), /untilMs/],
  ['run -1', (s) => s.run(-1), /untilMs/],
  ['run Infinity', (s) => s.run(Infinity), /untilMs/],
  ['run 1e308', (s) => s.run(1e308), /untilMs/],
  ['run a string', (s) => s.run('10s' as never), /untilMs/],
  ['run null', (s) => s.run(null as never), /untilMs/],
  ['run past a week', (s) => s.run(8 * 24 * 3_600_000), /untilMs/],
  ['run nothing', (s) => (s.run as () => unknown)(), /untilMs/],
  ['seek -1', (s) => s.seek(-1), /eventIndex/],
  ['seek 1.5', (s) => s.seek(1.5), /eventIndex/],
  ['seek NaN', (s) => s.seek(NaN), /eventIndex/],
  ['seek 1e9', (s) => s.seek(1e9), /eventIndex/],
  ['seek Infinity', (s) => s.seek(Infinity), /eventIndex/],
  ['seek a string', (s) => s.seek('3' as never), /eventIndex/],
  ['seek nothing', (s) => (s.seek as () => unknown)(), /eventIndex/],
  ['play speed 0', (s) => s.play(0), /speed/],
  ['play speed -1', (s) => s.play(-1), /speed/],
  ['play speed NaN', (s) => s.play(NaN), /speed/],
  ['play speed 1e6', (s) => s.play(1e6), /speed/],
  ['play speed a string', (s) => s.play('2' as never), /speed/],
  ['state of a number', (s) => s.state(5 as never), /nodeId/],
  ['state of null', (s) => s.state(null as never), /nodeId/],
  ['state of an unknown node', (s) => s.state('worker-42'), /worker-42/],
  ['ping 0 times', (s) => s.ping(0), /\bn\b/],
  ['ping 1.5 times', (s) => s.ping(1.5), /\bn\b/],
  ['killThread of a number', (s) => s.killThread(3 as never), /nodeId/],
  ['chapter unknown', (s) => s.chapter('no-such-chapter'), /\bid\b/],
  ['chapter a number', (s) => s.chapter(3 as never), /\bid\b/],
  ['chapter step 0', (s) => s.chapter(s.chapters()[0].id, 0), /step/],
  ['chapter step 1.5', (s) => s.chapter(s.chapters()[0].id, 1.5), /step/],
  ['chapter step 999', (s) => s.chapter(s.chapters()[0].id, 999), /step/],
];

const loadOptionRows: Row[] = [
  ['options null', (s) => s.load(scenario(), null as never), /options/],
  ['options a number', (s) => s.load(scenario(), 7 as never), /options/],
  ['options an array', (s) => s.load(scenario(), [] as never), /options/],
  ['an unknown option', (s) => s.load(scenario(), { sead: 7 } as never), /options\.sead/],
  ['seed -1', (s) => s.load(scenario(), { seed: -1 }), /options\.seed/],
  ['seed 1.5', (s) => s.load(scenario(), { seed: 1.5 }), /options\.seed/],
  ['seed NaN', (s) => s.load(scenario(), { seed: NaN }), /options\.seed/],
  ['seed 2^60', (s) => s.load(scenario(), { seed: 2 ** 60 }), /options\.seed/],
  ['seed a string', (s) => s.load(scenario(), { seed: '7' } as never), /options\.seed/],
  ['runtime gpu', (s) => s.load(scenario(), { runtime: 'gpu' } as never), /options\.runtime/],
  ['threads 0', (s) => s.load(scenario(), { threads: 0 }), /options\.threads/],
  ['threads 1e9', (s) => s.load(scenario(), { threads: 1e9 }), /options\.threads/],
  ['threads NaN', (s) => s.load(scenario(), { threads: NaN }), /options\.threads/],
  ['threads 1.5', (s) => s.load(scenario(), { threads: 1.5 }), /options\.threads/],
];

const scenarioRows: Row[] = (
  [
    ['null', null, /scenario|object/],
    ['a number', 42, /scenario|object/],
    ['an array', [], /scenario|object/],
    ['broken JSON', '{"version": 1,', /line 1|JSON/],
    ['JSON with a trailing comma', '{"version": 1,}', /line 1|JSON/],
    ['plain text', 'hello', /JSON|text/],
    ['version missing', breaking((d) => ({ ...d, version: undefined })), /version/],
    ['version 2', breaking((d) => ({ ...d, version: 2 })), /version/],
    ['name empty', breaking((d) => ({ ...d, name: '' })), /name/],
    ['name 50 MB', breaking((d) => ({ ...d, name: 'x'.repeat(300_000) })), /name/],
    ['description a number', breaking((d) => ({ ...d, description: 5 })), /description/],
    ['seed "0x10"', breaking((d) => ({ ...d, seed: '0x10' })), /seed/],
    ['seed 1e308', breaking((d) => ({ ...d, seed: 1e308 })), /seed/],
    ['seed 1.5', breaking((d) => ({ ...d, seed: 1.5 })), /seed/],
    ['until 365d', breaking((d) => ({ ...d, until: '365d' })), /until/],
    ['until 1e308', breaking((d) => ({ ...d, until: 1e308 })), /until/],
    ['until negative', breaking((d) => ({ ...d, until: -1 })), /until/],
    ['no masters', breaking((d) => ({ ...d, masters: [] })), /masters/],
    ['masters not a list', breaking((d) => ({ ...d, masters: 'master:7077' })), /masters/],
    ['master port 70000', breaking((d) => ({ ...d, masters: [{ host: 'm', port: 70000 }] })), /masters\[0\]\.port/],
    ['master port 0', breaking((d) => ({ ...d, masters: [{ host: 'm', port: 0 }] })), /masters\[0\]\.port/],
    ['master host empty', breaking((d) => ({ ...d, masters: [{ host: '', port: 7077 }] })), /masters\[0\]\.host/],
    [
      'master host with a space',
      breaking((d) => ({ ...d, masters: [{ host: 'a b', port: 7077 }] })),
      /masters\[0\]\.host/,
    ],
    [
      'two masters at one address',
      breaking((d) => ({
        ...d,
        masters: [
          { host: 'm', port: 7077 },
          { host: 'm', port: 7077 },
        ],
        config: { 'spark.deploy.recoveryMode': 'ZOOKEEPER' },
      })),
      /masters/,
    ],
    ['worker cores 0', breaking((d) => ({ ...d, workers: [{ ...d.workers[0], cores: 0 }] })), /workers\[0\]\.cores/],
    [
      'worker cores 1e9',
      breaking((d) => ({ ...d, workers: [{ ...d.workers[0], cores: 1e9 }] })),
      /workers\[0\]\.cores/,
    ],
    [
      'worker cores text',
      breaking((d) => ({ ...d, workers: [{ ...d.workers[0], cores: 'four' }] })),
      /workers\[0\]\.cores/,
    ],
    [
      'worker memory "8 quarts"',
      breaking((d) => ({ ...d, workers: [{ ...d.workers[0], memory: '8 quarts' }] })),
      /workers\[0\]\.memory/,
    ],
    [
      'worker memory negative',
      breaking((d) => ({ ...d, workers: [{ ...d.workers[0], memory: -1 }] })),
      /workers\[0\]\.memory/,
    ],
    [
      'worker memory 1e308',
      breaking((d) => ({ ...d, workers: [{ ...d.workers[0], memory: 1e308 }] })),
      /workers\[0\]\.memory/,
    ],
    ['worker field misspelt', breaking((d) => ({ ...d, workers: [{ ...d.workers[0], core: 2 }] })), /workers\[0\]/],
    ['worker count 100000', breaking((d) => ({ ...d, workers: [{ ...d.workers[0], count: 100_000 }] })), /workers/],
    ['worker count 0', breaking((d) => ({ ...d, workers: [{ ...d.workers[0], count: 0 }] })), /workers\[0\]\.count/],
    [
      'worker count 2.5',
      breaking((d) => ({ ...d, workers: [{ ...d.workers[0], count: 2.5 }] })),
      /workers\[0\]\.count/,
    ],
    ['a top-level field misspelt', breaking((d) => ({ ...d, wrokers: [] })), /wrokers/],
    [
      'worker resource name with a dot',
      breaking((d) => ({ ...d, workers: [{ ...d.workers[0], resources: { 'gpu.amount': 2 } }] })),
      /workers\[0\]\.resources/,
    ],
    [
      'worker resource amount 0',
      breaking((d) => ({ ...d, workers: [{ ...d.workers[0], resources: { gpu: 0 } }] })),
      /workers\[0\]\.resources\.gpu/,
    ],
    [
      'worker resource address twice',
      breaking((d) => ({ ...d, workers: [{ ...d.workers[0], resources: { gpu: ['0', '0'] } }] })),
      /workers\[0\]\.resources\.gpu/,
    ],
    [
      'worker with 17 resources',
      breaking((d) => ({
        ...d,
        workers: [
          { ...d.workers[0], resources: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`r${i}`, 1])) },
        ],
      })),
      /workers\[0\]\.resources/,
    ],
    [
      'worker resources under 2.4',
      breaking((d) => ({
        ...d,
        config: { 'spark.version': '2.4' },
        workers: [{ ...d.workers[0], resources: { gpu: 1 } }],
      })),
      /workers\[0\]\.resources/,
    ],
    [
      'executor resource amount 1.5',
      breaking((d) => ({ ...d, apps: [{ ...d.apps[0], executorResources: { gpu: 1.5 } }] })),
      /apps\[0\]\.executorResources\.gpu/,
    ],
    [
      'resource profile field misspelt',
      breaking((d) => ({ ...d, apps: [{ ...d.apps[0], resourceProfiles: [{ cores: 2 }] }] })),
      /apps\[0\]\.resourceProfiles\[0\]/,
    ],
    [
      'request for a profile the app lacks',
      breaking((d) => ({
        ...d,
        apps: [{ ...d.apps[0], requests: [{ at: '1s', type: 'RequestExecutors', total: 1, profile: 3 }] }],
      })),
      /apps\[0\]\.requests\[0\]\.profile/,
    ],
    [
      'driver resource amount -1',
      breaking((d) => ({
        ...d,
        drivers: [{ at: '1s', cores: 1, memory: '1g', supervise: false, resources: { gpu: -1 } }],
      })),
      /drivers\[0\]\.resources\.gpu/,
    ],
    ['app at "soon"', breaking((d) => ({ ...d, apps: [{ ...d.apps[0], at: 'soon' }] })), /apps\[0\]\.at/],
    [
      'app memory missing',
      breaking((d) => ({ ...d, apps: [{ at: '1s', name: 'x' }] })),
      /apps\[0\]\.memoryPerExecutor/,
    ],
    ['app cores 0', breaking((d) => ({ ...d, apps: [{ ...d.apps[0], maxCores: 0 }] })), /apps\[0\]\.maxCores/],
    ['10001 apps', breaking((d) => ({ ...d, apps: Array.from({ length: 10_001 }, () => d.apps[0]) })), /apps/],
    ['driver cores -1', breaking((d) => ({ ...d, drivers: [{ at: '1s', cores: -1, memory: '1g' }] })), /drivers\[0\]/],
    [
      'config key misspelt',
      breaking((d) => ({ ...d, config: { 'spark.worker.timout': '60' } })),
      /spark\.worker\.timout/,
    ],
    [
      'worker timeout "60s"',
      breaking((d) => ({ ...d, config: { 'spark.worker.timeout': '60s' } })),
      /spark\.worker\.timeout/,
    ],
    [
      'worker timeout 1e308',
      breaking((d) => ({ ...d, config: { 'spark.worker.timeout': 1e308 } })),
      /spark\.worker\.timeout/,
    ],
    [
      'worker timeout 0.5',
      breaking((d) => ({ ...d, config: { 'spark.worker.timeout': 0.5 } })),
      /spark\.worker\.timeout/,
    ],
    [
      'recovery mode unknown',
      breaking((d) => ({ ...d, config: { 'spark.deploy.recoveryMode': 'RAFT' } })),
      /spark\.deploy\.recoveryMode/,
    ],
    [
      'spreadOut "maybe"',
      breaking((d) => ({ ...d, config: { 'spark.deploy.spreadOut': 'maybe' } })),
      /spark\.deploy\.spreadOut/,
    ],
    ['spark.version 9.9', breaking((d) => ({ ...d, config: { 'spark.version': '9.9' } })), /spark\.version/],
    ['network loss 2', breaking((d) => ({ ...d, network: { loss: 2 } })), /network\.loss/],
    [
      'latency min over max',
      breaking((d) => ({ ...d, network: { latency: { min: 50, max: 5 } } })),
      /network\.latency/,
    ],
    [
      'fault at an unknown node',
      breaking((d) => ({ ...d, faults: [{ at: '1s', action: 'kill', target: 'worker-9' }] })),
      /faults\[0\]\.target/,
    ],
    [
      'fault without at',
      breaking((d) => ({ ...d, faults: [{ action: 'kill', target: 'worker-1' }] })),
      /faults\[0\]\.at/,
    ],
    ['1,000,001 faults', breaking((d) => ({ ...d, faults: Array.from({ length: 1_000_001 }, () => 0) })), /faults/],
    [
      'request of driver 3 of none',
      breaking((d) => ({ ...d, requests: [{ at: '1s', type: 'RequestKillDriver', driver: 3 }] })),
      /requests\[0\]\.driver/,
    ],
    [
      'request type unknown',
      breaking((d) => ({ ...d, requests: [{ at: '1s', type: 'RequestNothing' }] })),
      /requests\[0\]\.type/,
    ],
  ] as [string, unknown, RegExp][]
).map(([what, doc, field]): Row => [`scenario: ${what}`, (s) => s.load(doc), field]);

const runFileRows: Row[] = (
  [
    ['a format from elsewhere', { ...runFile({}), format: 'other/run' }, /format/],
    ['a future version', runFile({ version: 99 }), /version/],
    ['kind unknown', runFile({ kind: 'dreamt' }), /kind/],
    ['seed -3', runFile({ seed: -3 }), /seed/],
    ['cursor past the events', runFile({ cursor: 11 }), /cursor/],
    ['cursor negative', runFile({ cursor: -1 }), /cursor/],
    ['events 1e12', runFile({ events: 1e12 }), /events/],
    ['until 1e308', runFile({ until: 1e308 }), /until/],
    ['hash not hex', runFile({ hash: 'not a hash' }), /hash/],
    ['injections not a list', runFile({ injections: 'kill' }), /injections/],
    [
      'an injection at an unknown node',
      runFile({ injections: [{ at: 1000, action: 'kill', target: 'worker-9' }] }),
      /injections\[0\]/,
    ],
    ['its scenario broken', runFile({ scenario: { ...scenario(), masters: [] } }), /scenario\.masters/],
    ['its scenario missing', runFile({ scenario: undefined }), /scenario/],
  ] as [string, unknown, RegExp][]
).map(([what, doc, field]): Row => [`run file: ${what}`, (s) => s.load(doc), field]);

const replayRows: Row[] = [
  ['replay nothing', (s) => s.replay(undefined), /files/],
  ['replay an empty list', (s) => s.replay([]), /files/],
  ['replay a string', (s) => s.replay('master.log'), /files/],
  [
    'replay 101 files',
    (s) => s.replay(Array.from({ length: 101 }, (_, i) => ({ name: `${i}.log`, text: '' }))),
    /files/,
  ],
  ['replay a null file', (s) => s.replay([null]), /files\[0\]/],
  ['replay a file without a name', (s) => s.replay([{ text: 'x' }]), /files\[0\]\.name/],
  ['replay a file named ""', (s) => s.replay([{ name: '', text: 'x' }]), /files\[0\]\.name/],
  ['replay a file of numbers', (s) => s.replay([{ name: 'a.log', text: 42 }]), /files\[0\]\.text/],
  [
    'replay a second file without text',
    (s) => s.replay([{ name: 'a.log', text: 'x' }, { name: 'b.log' }]),
    /files\[1\]\.text/,
  ],
  [
    'replay a text that is no Spark log',
    (s) => s.replay([{ name: 'notes.txt', text: 'hello\nworld\n' }]),
    /notes\.txt/,
  ],
];

const consoleRows = [...injectRows, ...playerRows, ...loadOptionRows, ...scenarioRows, ...runFileRows, ...replayRows];

describe('the console API refuses bad input by name and keeps the run', () => {
  let player: Player;
  let spark: SparkConsole;
  let hash: string;
  let cursor: number;
  beforeAll(async () => {
    player = new Player({ runtime: 'inprocess' });
    spark = consoleApi(player, { openChapter: async () => {} });
    await spark.load(scenario());
    await spark.run(12_000);
    await spark.seek(20);
    hash = spark.hash();
    cursor = spark.cursor();
  });
  afterAll(() => player.close());

  it.each(consoleRows)('%s', async (_what, call, field) => {
    let error: unknown = null;
    try {
      await call(spark);
    } catch (err) {
      error = err;
    }
    if (spark.hash() !== hash || spark.cursor() !== cursor) {
      // Accepted (a failure): put the base run back, so the rows after this one test alone.
      await spark.load(scenario());
      await spark.run(12_000);
      await spark.seek(cursor);
      expect.fail(`accepted, changing the run: ${String((error as Error | null)?.message)}`);
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(field);
    expect(spark.hash()).toBe(hash);
    expect(spark.cursor()).toBe(cursor);
  });
});

/** The address without the bad option opens the same run: the option is reported and left out. */
const linkRows: [string, string, string, RegExp][] = [
  ['seed in hex', 'scenario=04-zookeeper-failover&seed=0x10', 'scenario=04-zookeeper-failover', /seed/],
  ['seed 1e308', 'scenario=04-zookeeper-failover&seed=1e308', 'scenario=04-zookeeper-failover', /seed/],
  ['seed negative', 'scenario=04-zookeeper-failover&seed=-1', 'scenario=04-zookeeper-failover', /seed/],
  ['seed padded', 'scenario=04-zookeeper-failover&seed=%207', 'scenario=04-zookeeper-failover', /seed/],
  ['seed 1.5', 'scenario=04-zookeeper-failover&seed=1.5', 'scenario=04-zookeeper-failover', /seed/],
  ['seed empty', 'scenario=04-zookeeper-failover&seed=', 'scenario=04-zookeeper-failover', /seed/],
  ['seed twice', 'scenario=04-zookeeper-failover&seed=1&seed=2', 'scenario=04-zookeeper-failover&seed=1', /seed/],
  ['scenario unknown', 'scenario=99-nothing&seed=3', '', /scenario/],
  [
    'scenario twice',
    'scenario=01-register-three-workers&scenario=04-zookeeper-failover',
    'scenario=01-register-three-workers',
    /scenario/,
  ],
  ['doc not packed', 'doc=%7B%22version%22%3A1%7D', '', /doc/],
  ['doc cut short', 'doc=q1YqSy0qzszPU7JSMtQzUNJRKkotLs0pUbJSMjQyNjE1NVeqBQA', '', /doc/],
  [
    'faults not packed',
    'scenario=02-worker-timeout-and-reconnect&faults=kill',
    'scenario=02-worker-timeout-and-reconnect',
    /faults/,
  ],
  ['n in hex', 'scenario=02-worker-timeout-and-reconnect&n=0x20', 'scenario=02-worker-timeout-and-reconnect', /\bn\b/],
  ['n 1e308', 'scenario=02-worker-timeout-and-reconnect&n=1e308', 'scenario=02-worker-timeout-and-reconnect', /\bn\b/],
  [
    'until "60s"',
    'scenario=02-worker-timeout-and-reconnect&until=60s',
    'scenario=02-worker-timeout-and-reconnect',
    /until/,
  ],
  [
    'at negative',
    'scenario=02-worker-timeout-and-reconnect&at=-4',
    'scenario=02-worker-timeout-and-reconnect',
    /\bat\b/,
  ],
  ['t "noon"', 'scenario=02-worker-timeout-and-reconnect&t=noon', 'scenario=02-worker-timeout-and-reconnect', /\bt\b/],
  [
    'h not hex',
    'scenario=02-worker-timeout-and-reconnect&h=zzzzzzzzzz',
    'scenario=02-worker-timeout-and-reconnect',
    /\bh\b/,
  ],
  ['runtime gpu', 'scenario=01-register-three-workers&runtime=gpu', 'scenario=01-register-three-workers', /runtime/],
  ['threads 0', 'scenario=01-register-three-workers&threads=0', 'scenario=01-register-three-workers', /threads/],
  [
    'threads 1e9',
    'scenario=01-register-three-workers&threads=1000000000',
    'scenario=01-register-three-workers',
    /threads/,
  ],
  ['threads 1.5', 'scenario=01-register-three-workers&threads=1.5', 'scenario=01-register-three-workers', /threads/],
  ['an unknown option', 'scenario=01-register-three-workers&sead=4', 'scenario=01-register-three-workers', /sead/],
  ['an address of 300 KB', `scenario=01-register-three-workers&x=${'a'.repeat(300_000)}`, '', /address/],
];

describe('the address: a bad option is named and left out; the run is the one without it', () => {
  it.each(linkRows)('%s', async (_what, bad, good, field) => {
    const got = await readLink(`?${bad}`, catalog);
    const want = await readLink(`?${good}`, catalog);
    expect(got.problems.join('\n')).toMatch(field);
    expect(want.problems).toEqual([]);
    expect(got.run).toEqual(want.run);
    expect(got.runtime).toEqual(want.runtime);
    expect(got.threads).toEqual(want.threads);
  });
});

/** [what is wrong, the field, the value typed] */
const formRows: [string, string, string][] = [
  ['workers padded', 'workers', ' 3 '],
  ['workers in hex', 'workers', '0x10'],
  ['workers in exponent form', 'workers', '1e3'],
  ['workers empty', 'workers', ''],
  ['workers negative', 'workers', '-1'],
  ['workers a fraction', 'workers', '3.5'],
  ['workers zero', 'workers', '0'],
  ['workers above the maximum', 'workers', '100000'],
  ['workers in full-width digits', 'workers', '３'],
  ['masters zero', 'masters', '0'],
  ['masters six', 'masters', '6'],
  ['two masters without recovery', 'masters', '2'],
  ['cores zero', 'cores', '0'],
  ['cores 257', 'cores', '257'],
  ['cores a word', 'cores', 'four'],
  ['memory in quarts', 'memory', '8 quarts'],
  ['memory empty', 'memory', ''],
  ['memory negative', 'memory', '-1g'],
  ['timeout with a unit', 'timeout', '60s'],
  ['timeout zero', 'timeout', '0'],
  ['timeout 1e308', 'timeout', '1e308'],
  ['retries negative', 'retries', '-1'],
  ['retries 1001', 'retries', '1001'],
  ['seed a word', 'seed', 'abc'],
  ['seed 2^31', 'seed', '2147483648'],
];

describe('the New cluster form: a bad field gets its message beside it; no run is made', () => {
  it.each(formRows)('%s', async (_what, name, value) => {
    const onload = vi.fn();
    const { container } = render(NewClusterForm, { onload, oncancel: () => {} });
    const input = container.querySelector(`input[name="${name}"]`) as HTMLInputElement;
    await fireEvent.input(input, { target: { value } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onload).not.toHaveBeenCalled();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    // The message is the field's own description, read out with it.
    expect(input).toHaveAccessibleDescription(/\S/);
    const invalid = [...container.querySelectorAll('input[aria-invalid="true"]')].map((i) => i.getAttribute('name'));
    expect(invalid).toEqual([name]);
  });
});

it('the table holds at least 150 bad inputs', () => {
  expect(consoleRows.length + linkRows.length + formRows.length).toBeGreaterThanOrEqual(150);
});
