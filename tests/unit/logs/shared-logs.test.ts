/**
 * Every shared real log (Spark 1.1 to 4.0.1) read alone: how many of its Master/Worker-logger
 * lines are recognized (at least 95 % in every file), which daemon events it must find, in order,
 * with their fields, and what the reader says about the file (layout, flags, version, daemons).
 * Also: every line is accounted for exactly once.
 */
import { describe, expect, it } from 'vitest';
import { parseLogs, type ParsedLog } from '../../../src/lib/logs';
import { sharedLog, sharedLogNames } from './shared-logs';

type Ev = [line: number, template: string, fields?: Record<string, string | number>];

interface Expected {
  /** Recognized and all lines of Master/Worker loggers (runners, agents, engines; DSE's SparkMaster/SparkWorker). */
  daemonLines: [number, number];
  daemons: string[];
  /** The exact version, or the range the wording allows. */
  version: string | { from?: string; before?: string } | null;
  /** Every event of a daemon template (infrastructure lines left out), in order. */
  events: Ev[];
  more?: (p: ParsedLog) => void;
}

const APP_01 = 'app-20141221163247-0000';
const APP_03 = 'app-20141106221014-0000';
const EC2 = (n: string) => `ip-10-0-${n}.us-west-2.compute.internal`;

const EXPECTED: Record<string, Expected> = {
  '01': {
    daemonLines: [6, 6],
    daemons: ['worker:01-spark1.1-worker-executor-launch-then-killed'],
    version: null,
    events: [
      [1, 'worker.launch-executor', { appId: APP_01, execId: 0, appName: 'Smartad Spark Wordcount' }],
      [2, 'executor-runner.launch-command'],
      [3, 'worker.kill-executor', { appId: APP_01, execId: 0 }],
      [4, 'executor-runner.interrupted', { appId: APP_01, execId: 0 }],
      [5, 'executor-runner.killing-process'],
      [6, 'worker.executor-finished', { appId: APP_01, execId: 0, state: 'KILLED', exitStatus: 1 }],
    ],
    more: (p) => {
      expect(p.files[0].layout).toBe('package-qualified');
      const blocks = p.events.filter((e) => e.template === 'akka.association-error');
      expect(blocks.map((e) => [e.line, e.continuation])).toEqual([
        [8, [9, 10, 11]],
        [12, [13, 14, 15]],
        [16, [17, 18, 19]],
      ]);
    },
  },
  '02': {
    daemonLines: [12, 12],
    daemons: ['master:02-spark1.1-master-workers-and-app-disassociated-after-1000s'],
    version: { before: '3.0' },
    events: [
      [1, 'master.registering-worker', { host: EC2('147-189'), port: 38922, cores: 4, memory: '29.0 GB' }],
      [2, 'master.registering-worker', { host: EC2('175-214'), port: 42918, cores: 4, memory: '59.0 GB' }],
      [3, 'master.registering-app', { appName: 'Databricks Shell' }],
      [4, 'master.registered-app', { appName: 'Databricks Shell', appId: 'app-20141013064356-0000' }],
      [9, 'master.disassociated', { system: 'sparkWorker', host: EC2('147-189'), port: 38922 }],
      [11, 'master.disassociated', { system: 'sparkWorker', host: EC2('175-214'), port: 42918 }],
      [
        12,
        'master.removing-worker',
        { workerId: `worker-20141013064354-${EC2('175-214')}-42918`, host: EC2('175-214'), port: 42918 },
      ],
      [13, 'master.lost-executor', { execId: 1 }],
      [14, 'master.disassociated', { port: 42918 }],
      [19, 'master.disassociated', { system: 'sparkDriver', port: 58259 }],
      [21, 'master.removing-app', { appId: 'app-20141013064356-0000' }],
      [25, 'master.disassociated', { system: 'sparkDriver' }],
    ],
    more: (p) => {
      expect(p.other.map((o) => [o.line, o.kind])).toEqual([
        [5, 'blank'],
        [6, 'elision'],
        [7, 'blank'],
      ]);
      expect(p.events.filter((e) => e.template.startsWith('akka.')).length).toBe(10);
      // 06:43:56 to 07:00:35: the reporter's "precisely 1000 seconds later".
      expect((p.events[4].time - p.events[3].time) / 1000).toBe(999);
    },
  },
  '03': {
    daemonLines: [29, 30],
    daemons: [
      'master:03-dse-spark1.1-combined-master-worker-app-removed-executor-killed',
      'worker:03-dse-spark1.1-combined-master-worker-app-removed-executor-killed',
    ],
    version: null,
    events: [
      [
        1,
        'master.disassociated',
        { system: 'sparkDriver', host: 'ip-172-31-11-204.us-west-1.compute.internal', port: 57641 },
      ],
      [2, 'master.removing-app', { appId: APP_03 }],
      [4, 'worker.kill-executor', { appId: APP_03, execId: 0 }],
      [5, 'executor-runner.interrupted', { appId: APP_03, execId: 0 }],
      [6, 'executor-runner.killing-process'],
      [7, 'executor-runner.stream-error', { file: `/var/lib/spark/work/${APP_03}/0/stdout` }],
      [24, 'master.disassociated'],
      [25, 'master.disassociated'],
      [26, 'master.disassociated'],
      [27, 'master.disassociated'],
      [29, 'master.update-for-unknown-executor', { appId: APP_03, execId: 0 }],
      [30, 'worker.executor-finished', { appId: APP_03, execId: 0, state: 'KILLED', exitStatus: 143 }],
    ],
    more: (p) => {
      const f = p.files[0];
      expect(f.layout).toBe('dse-system-log');
      expect(f.flags).toEqual(expect.arrayContaining(['no-date', 'date-inferred']));
      expect(f.notes.join()).toContain('app-20141106221014');
      expect(p.events[0].time).toBe(Date.UTC(2014, 10, 6, 22, 10, 41, 635));
      const stream = p.events.find((e) => e.line === 7)!;
      expect(stream.continuation).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
      // Each frame is a DSE event of its own; its message is the frame.
      expect(stream.detail?.split('\n').slice(0, 2)).toEqual([
        'java.io.IOException: Stream closed',
        '\tat java.io.BufferedInputStream.getBufIfOpen(BufferedInputStream.java:162)',
      ]);
      expect(stream.daemon).toBe(p.daemons[1].id);
      expect(p.events.filter((e) => e.template.startsWith('cassandra.')).map((e) => e.line)).toEqual([
        19, 20, 21, 22, 23, 28,
      ]);
      expect(p.unrecognized).toEqual([
        expect.objectContaining({ line: 3, reason: 'unknown template for DSE logger SparkMaster' }),
      ]);
    },
  },
  '04': {
    daemonLines: [30, 30],
    daemons: ['worker:04-spark1.2-worker-ha-master-failover-retries-duplicate-worker-id'],
    version: { before: '1.3' },
    events: [
      [1, 'worker.web-ui-bound', { url: 'http://172.17.0.90:8081' }],
      [2, 'worker.connecting', { masterHost: '172.17.0.86', masterPort: 7077 }],
      [3, 'worker.connecting', { masterHost: '172.17.0.87' }],
      [4, 'worker.connecting', { masterHost: '172.17.0.88' }],
      [5, 'worker.registered', { masterHost: '172.17.0.86', masterPort: 7077 }],
      [
        6,
        'worker.launch-executor',
        { appId: 'app-20141123022303-0000', execId: 1, appName: 'spark-integration-tests' },
      ],
      [7, 'executor-runner.launch-command'],
      [
        8,
        'worker.master-disassociated',
        { local: 'akka.tcp://sparkWorker@172.17.0.90:8888', masterHost: '172.17.0.86', masterPort: 7077 },
      ],
      [9, 'worker.master-connection-failed'],
      [10, 'worker.connecting'],
      [11, 'worker.connecting'],
      [12, 'worker.connecting'],
      [14, 'worker.master-disassociated'],
      [15, 'worker.master-connection-failed'],
      [17, 'worker.registration-already-scheduled'],
      [19, 'worker.retrying', { attempt: 1 }],
      [20, 'worker.connecting'],
      [21, 'worker.connecting'],
      [22, 'worker.connecting'],
      [23, 'worker.retrying', { attempt: 2 }],
      [24, 'worker.connecting'],
      [25, 'worker.connecting'],
      [26, 'worker.connecting'],
      [27, 'worker.master-changed', { masterHost: '172.17.0.87', masterPort: 7077 }],
      [28, 'worker.retrying', { attempt: 3 }],
      [29, 'worker.connecting'],
      [30, 'worker.connecting'],
      [31, 'worker.connecting'],
      [32, 'worker.registration-failed', { message: 'Duplicate worker ID' }],
      [33, 'executor-runner.killing-process'],
    ],
  },
  '05': {
    daemonLines: [11, 11],
    daemons: ['master:05-spark1.2-standby-master-zk-gains-leadership-persistence-error'],
    version: { before: '3.0' },
    events: [
      [2, 'master.registering-worker', { host: '172.17.0.223', port: 8888, cores: 8, memory: '984.0 MB' }],
      [3, 'master.registering-worker', { host: '172.17.0.224', port: 8888 }],
      [4, 'master.registering-worker'],
      [5, 'master.registering-worker'],
      [6, 'master.registering-worker'],
      [7, 'master.registering-worker'],
      [8, 'master.registering-worker'],
      [9, 'master.registering-worker'],
      [10, 'master.registering-worker'],
      [11, 'leader-election.gained'],
      [12, 'persistence.zookeeper-unreadable-record'],
    ],
    more: (p) => {
      const warning = p.events.find((e) => e.line === 12)!;
      expect(warning.endLine).toBe(72);
      expect(warning.continuation).toHaveLength(60);
      const detail = warning.detail?.split('\n') ?? [];
      expect(detail).toHaveLength(60);
      expect(detail[0]).toMatch(/^java\.io\.IOException: java\.lang\.IllegalStateException/);
      expect(detail.at(-1)).toBe('\t... 44 more');
      expect(p.events[0].template).toBe('curator.no-listeners');
    },
  },
  '06': {
    daemonLines: [1, 1],
    daemons: ['worker:06-spark1.2-worker-typo-master-url-dead-letters'],
    version: { before: '1.3' },
    events: [[1, 'worker.connecting', { masterHost: 'master url', masterPort: 7077 }]],
    more: (p) => {
      expect(p.events[1]).toMatchObject({
        line: 2,
        template: 'akka.dead-letters',
        logger: 'remote.RemoteActorRefProvider$RemoteDeadLetterActorRef',
        fields: { message: 'org.apache.spark.deploy.DeployMessages$RegisterWorker', count: 3 },
      });
    },
  },
  '08': {
    daemonLines: [2, 2],
    daemons: ['worker:08-spark1.5-worker-cannot-reach-master-all-masters-unresponsive'],
    version: null,
    events: [
      [1, 'worker.connect-failed', { masterHost: 'admindeMacBook-Pro-5.local', masterPort: 7077 }],
      [33, 'worker.giving-up'],
    ],
    more: (p) => {
      expect(p.events[0].endLine).toBe(32);
      expect(p.events[0].detail?.split('\n')[0]).toMatch(/^akka\.actor\.ActorNotFound: Actor not found/);
      expect((p.events[1].time - p.events[0].time) / 1000).toBe(53);
    },
  },
  '11a': {
    daemonLines: [7, 7],
    daemons: ['master@172.18.0.4:7077'],
    version: '1.6.2',
    events: [
      [2, 'master.signal-handlers', { signals: 'TERM, HUP, INT' }],
      [8, 'master.starting', { host: '172.18.0.4', port: 7077 }],
      [9, 'master.running-version', { version: '1.6.2' }],
      [11, 'master.web-ui-bound', { url: 'http://172.18.0.4:8080' }],
      [13, 'master.rest-server-started', { port: 6066 }],
      [14, 'persistence.filesystem-directory', { dir: '/spark-state' }],
      [15, 'master.elected-leader', { state: 'ALIVE' }],
    ],
    more: (p) => {
      expect(p.files[0].flags).toContain('compose-prefix');
      expect(p.files[0].log4j).toBe('log4j1');
      expect(p.daemons[0].stream).toBe('spark-master_1');
    },
  },
  '11b': {
    daemonLines: [7, 7],
    daemons: ['worker@172.18.0.5:44298'],
    version: '1.6.2',
    events: [
      [2, 'worker.signal-handlers'],
      [8, 'worker.starting', { host: '172.18.0.5', port: 44298, cores: 2, memory: '512.0 MB' }],
      [9, 'worker.running-version', { version: '1.6.2' }],
      [10, 'worker.spark-home', { path: '/usr/lib/spark' }],
      [12, 'worker.web-ui-bound', { url: 'http://172.18.0.5:8081' }],
      [13, 'worker.connecting', { masterHost: 'spark.services.rasterfoundry.internal', masterPort: 7077 }],
      [14, 'worker.registered', { masterHost: '172.18.0.4', masterPort: 7077 }],
    ],
  },
  '15a': {
    daemonLines: [9, 9],
    daemons: ['master@10.8.8.3:7077'],
    version: '2.0.2',
    events: [
      [1, 'master.starting', { host: '10.8.8.3', port: 7077 }],
      [2, 'master.running-version', { version: '2.0.2' }],
      [4, 'master.web-ui-bound', { bindHost: '127.0.0.1', url: 'http://127.0.0.1:8080' }],
      [6, 'master.rest-server-started', { port: 6066 }],
      [7, 'master.elected-leader', { state: 'ALIVE' }],
      [8, 'master.registering-worker', { host: '127.0.0.1', port: 39890, cores: 16, memory: '187.8 GB' }],
      [9, 'master.registering-worker', { port: 44735 }],
      [10, 'master.registering-worker', { port: 22445 }],
      [11, 'master.registering-worker', { port: 29473 }],
    ],
    more: (p) => expect(p.files[0].flags).toContain('indented'),
  },
  '15b': {
    daemonLines: [5, 5],
    daemons: ['worker:15b-spark2.0.2-worker-tail-registration-rst'],
    version: '2.0.2',
    events: [
      [1, 'worker.running-version', { version: '2.0.2' }],
      [2, 'worker.spark-home', { path: '/spark' }],
      [4, 'worker.web-ui-bound', { url: 'http://127.0.0.1:8081' }],
      [5, 'worker.connecting', { masterHost: '10.8.8.3', masterPort: 7077 }],
      [7, 'worker.registered', { masterHost: '10.8.8.3', masterPort: 7077 }],
    ],
  },
  '16': {
    daemonLines: [2, 2],
    daemons: ['master:16-spark2.3.2-standby-master-zk-gains-leadership-log4j-line-layout'],
    version: null,
    events: [
      [1, 'leader-election.gained'],
      [2, 'master.elected-leader', { state: 'RECOVERING' }],
    ],
    more: (p) => {
      expect(p.files[0].layout).toBe('iso-source-line');
      expect(p.events[0].time).toBe(Date.UTC(2020, 0, 19, 11, 51, 8));
    },
  },
  '18': {
    daemonLines: [5, 5],
    daemons: ['master:18-spark2.4.4-standby-master-zk-failover-app-recovered-tab-indented'],
    version: { before: '4.0' },
    events: [
      [1, 'leader-election.gained'],
      [2, 'master.elected-leader', { state: 'RECOVERING' }],
      [3, 'master.recovering-app', { appId: 'app-20200130231415-0000' }],
      [5, 'master.app-reregistered', { appId: 'app-20200130231415-0000' }],
      [6, 'master.recovery-complete', {}],
    ],
    more: (p) =>
      expect(p.events[3]).toMatchObject({
        template: 'infra.connection-created',
        fields: { address: '/192.xxx.xxx.xxx:39917' },
      }),
  },
  '19': {
    daemonLines: [6, 6],
    daemons: ['master:spark-master', 'worker:spark-worker_1', 'worker:spark-worker_3', 'worker:spark-worker_2'],
    version: { before: '3.0' },
    events: [
      [1, 'master.registering-worker', { host: '172.19.0.4', port: 39193, cores: 3, memory: '4.8 GB' }],
      [2, 'master.registering-worker', { host: '172.19.0.3', port: 39161 }],
      [3, 'master.registering-worker', { host: '172.19.0.5', port: 43775 }],
      [4, 'worker.registered', { masterHost: 'spark-master', masterPort: 7077 }],
      [5, 'worker.registered'],
      [6, 'worker.registered'],
    ],
    more: (p) =>
      expect(p.events.map((e) => e.daemon).slice(3)).toEqual([
        'worker:spark-worker_1',
        'worker:spark-worker_3',
        'worker:spark-worker_2',
      ]),
  },
  '20a': {
    daemonLines: [5, 5],
    daemons: ['master@MacBook-Pro.local:7077'],
    version: '3.0.0-preview2',
    events: [
      [4, 'master.started-daemon', { pid: 74179, hostname: 'MacBook-Pro.local' }],
      [15, 'master.starting', { host: 'MacBook-Pro.local', port: 7077 }],
      [16, 'master.running-version', { version: '3.0.0-preview2' }],
      [18, 'master.web-ui-bound', { bindHost: '0.0.0.0', url: 'http://192.168.199.36:8080' }],
      [19, 'master.elected-leader', { state: 'ALIVE' }],
    ],
    more: (p) => {
      expect(p.other.map((o) => o.kind)).toEqual(['spark-command', 'separator', 'log4j-banner']);
      expect(p.files[0].log4j).toBe('log4j1');
      expect(p.events.filter((e) => e.template === 'infra.signal-handler').map((e) => e.fields.signal)).toEqual([
        'TERM',
        'HUP',
        'INT',
      ]);
    },
  },
  '20b': {
    daemonLines: [7, 7],
    daemons: ['worker@192.168.199.36:55878'],
    version: '3.0.0-preview2',
    events: [
      [2, 'worker.started-daemon', { pid: 74367 }],
      [13, 'worker.starting', { host: '192.168.199.36', port: 55878, cores: 16, memory: '15.0 GiB' }],
      [14, 'worker.running-version', { version: '3.0.0-preview2' }],
      [15, 'worker.spark-home', { path: '/Users/jacobzheng/spark' }],
      [21, 'worker.web-ui-bound'],
      [22, 'worker.connecting', { masterHost: 'MacBook-Pro.local', masterPort: 7077 }],
      [24, 'worker.registered', { masterHost: 'MacBook-Pro.local', masterPort: 7077 }],
    ],
    // "Resources for spark.worker:" is followed by the empty list: a blank line inside the event.
    more: (p) =>
      expect(p.events.find((e) => e.line === 17)).toMatchObject({
        template: 'infra.custom-resources',
        continuation: [18],
      }),
  },
  '23': {
    daemonLines: [16, 16],
    daemons: ['worker:23-spark3.3.0-worker-registration-retries-attempt1-7-then-timeout'],
    version: { from: '2.0' },
    events: [
      [1, 'worker.web-ui-bound', { url: 'http://bami-cluster2:8081' }],
      [2, 'worker.connecting', { masterHost: 'bami-cluster2', masterPort: 7077 }],
      ...[1, 2, 3, 4, 5, 6, 7].flatMap((n): Ev[] => [
        [1 + 2 * n, 'worker.retrying', { attempt: n }],
        [2 + 2 * n, 'worker.connecting', { masterHost: 'bami-cluster2' }],
      ]),
    ],
    more: (p) =>
      expect(p.events.slice(-2).map((e) => e.template)).toEqual(['infra.ask-terminated', 'infra.rpc-ignored-failure']),
  },
  '24': {
    daemonLines: [5, 5],
    daemons: ['master@a37c1b207dd4:7077'],
    version: '3.3.0',
    events: [
      [2, 'master.starting', { host: 'a37c1b207dd4', port: 7077 }],
      [3, 'master.running-version', { version: '3.3.0' }],
      [5, 'master.web-ui-bound', { url: 'http://a37c1b207dd4:8080' }],
      [6, 'master.elected-leader', { state: 'ALIVE' }],
      [7, 'master.registering-worker', { host: '172.20.0.2', port: 37495, cores: 1, memory: '1024.0 MiB' }],
    ],
  },
  '25': {
    daemonLines: [3, 3],
    daemons: ['master:25-spark3.3.0-master-log-mangled-paste'],
    version: null,
    // In time order: the paste itself is not (05:30:19, then 05:29:01, 05:29:17).
    events: [
      [6, 'master.disassociated', { host: '133.186.134.165', port: 53490 }],
      [7, 'master.disassociated', { host: '133.186.134.165', port: 53640 }],
      [2, 'master.disassociated', { host: '218.51.176.155', port: 62574 }],
    ],
    more: (p) => {
      expect(p.files[0].flags).toEqual(expect.arrayContaining(['shifted-line-breaks', 'out-of-order']));
      expect(p.events.find((e) => e.line === 7)).toMatchObject({
        rawTime: '24/02/26 05:29:17',
        flags: ['time-from-previous-line'],
      });
      expect(p.events.find((e) => e.line === 3)).toMatchObject({
        template: 'infra.connection-exception',
        continuation: [4],
        flags: ['time-from-previous-line', 'exception-on-same-line'],
      });
      expect(p.unrecognized).toEqual([
        expect.objectContaining({
          line: 1,
          reason: 'not a log line',
          text: "this is spark master's logs : is it problem?",
        }),
      ]);
    },
  },
  '26a': {
    daemonLines: [5, 5],
    daemons: ['master@spark-medium.europe-southwest1-a.c.de-zoomcamp-jhigaki-course.internal:7077'],
    version: '3.4.4',
    events: [
      [4, 'master.started-daemon', { pid: 11787, hostname: 'spark-medium' }],
      [15, 'master.starting', { port: 7077 }],
      [16, 'master.running-version', { version: '3.4.4' }],
      [19, 'master.web-ui-bound'],
      [20, 'master.elected-leader', { state: 'ALIVE' }],
    ],
    more: (p) => {
      expect(p.files[0].log4j).toBe('log4j2');
      expect(p.events.find((e) => e.line === 17)).toMatchObject({
        template: 'infra.jetty-start',
        fields: { host: '0.0.0.0', port: 8080, server: 'MasterUI' },
      });
    },
  },
  '26b': {
    daemonLines: [10, 10],
    daemons: ['worker@10.204.0.4:32981'],
    version: '3.4.4',
    events: [
      [4, 'worker.started-daemon', { pid: 14142 }],
      [15, 'worker.decommission-disabled-at-start'],
      [16, 'worker.starting', { host: '10.204.0.4', port: 32981, cores: 2, memory: '6.8 GiB' }],
      [17, 'worker.running-version', { version: '3.4.4' }],
      [18, 'worker.spark-home'],
      [24, 'worker.web-ui-bound'],
      [25, 'worker.connecting', { masterPort: 7077 }],
      [27, 'worker.registered', { masterPort: 7077 }],
      [28, 'worker.launch-executor', { appId: 'app-20241202125145-0000', execId: 0, appName: 'test_standalone' }],
      [34, 'executor-runner.launch-command'],
    ],
  },
  '27a': {
    daemonLines: [3, 3],
    daemons: ['master:27a-spark3.5.3-k8s-master-tail-workers-register-md-blockquote'],
    version: { from: '3.0' },
    events: [
      [2, 'master.elected-leader', { state: 'ALIVE' }],
      [3, 'master.registering-worker', { host: '10.244.0.3', port: 33145, cores: 2, memory: '3.0 GiB' }],
      [4, 'master.registering-worker', { host: '10.244.0.5', port: 41495 }],
    ],
    more: (p) => expect(p.files[0].flags).toEqual(expect.arrayContaining(['blockquote', 'trailing-spaces'])),
  },
  '27b': {
    daemonLines: [4, 4],
    daemons: ['worker@10.244.0.3:33145'],
    version: null,
    events: [
      [17, 'worker.retrying', { attempt: 2 }],
      [18, 'worker.connecting', { masterHost: 'spark-cluster-master-svc', masterPort: 7077 }],
      [
        20,
        'worker.registered',
        {
          masterHost: 'spark-cluster-master-0.spark-cluster-headless.spark-cluster.svc.cluster.local',
          masterPort: 7077,
        },
      ],
      [
        21,
        'worker.web-ui-proxied',
        { masterWebUiUrl: 'http://localhost:8080', workerId: 'worker-20241021073715-10.244.0.3-33145' },
      ],
    ],
    more: (p) => {
      // The excerpt starts inside a stack trace: kept, as one unrecognized block.
      expect(p.unrecognized).toEqual([
        expect.objectContaining({ line: 2, endLine: 16, reason: 'stack trace without its log line' }),
      ]);
      // The quote marks and &nbsp; are gone from the folded frames.
      expect(p.unrecognized[0].detail?.split('\n').slice(0, 2)).toEqual([
        'Caused by: java.net.ConnectException: Connection refused',
        '  at java.base/sun.nio.ch.Net.pollConnect(Native Method)',
      ]);
      expect(p.files[0].flags).toContain('html-entities');
    },
  },
  '30': {
    daemonLines: [5, 5],
    daemons: ['master@VM_Node_#1:7077'],
    version: '4.0.1',
    events: [
      [5, 'master.started-daemon', { pid: 2849, hostname: 'ubuntu-node-1' }],
      [17, 'master.starting', { host: 'VM_Node_#1', port: 7077 }],
      [18, 'master.running-version', { version: '4.0.1' }],
      [21, 'master.web-ui-bound', { url: 'http://VM_Node_#1:8080' }],
      [22, 'master.elected-leader', { state: 'ALIVE' }],
    ],
    more: (p) => {
      expect(p.other.map((o) => o.kind)).toEqual(['jvm-warning', 'log4j-banner', 'log4j-banner']);
      expect(p.events[0]).toMatchObject({ template: 'infra.hostname-loopback', fields: { address: 'VM_Node_#1' } });
    },
  },
};

const prefixOf = (name: string) => name.slice(0, name.indexOf('-'));

describe('the shared real Spark logs', () => {
  it('has expectations for every file (a new log needs its own)', () => {
    expect(sharedLogNames().map(prefixOf)).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [prefix, want] of Object.entries(EXPECTED)) {
    it(`${prefix}: recognizes ${want.daemonLines[0]} of ${want.daemonLines[1]} daemon-logger lines and finds its events in order`, () => {
      const p = parseLogs([sharedLog(prefix)]);
      const f = p.files[0];
      expect([f.stats.recognizedDaemonLines, f.stats.daemonLines]).toEqual(want.daemonLines);
      expect(f.stats.recognizedDaemonLines / f.stats.daemonLines).toBeGreaterThanOrEqual(0.95);
      expect(p.daemons.map((d) => d.id)).toEqual(want.daemons);
      if (typeof want.version === 'string' || want.version === null) expect(p.version.spark).toBe(want.version);
      else expect(p.version.range).toEqual(want.version);
      const daemonEvents = p.events.filter((e) => e.daemonKind !== 'infra');
      expect(daemonEvents.map((e) => [e.line, e.template])).toEqual(want.events.map(([line, t]) => [line, t]));
      want.events.forEach(([line, , fields], i) => {
        if (fields) expect(daemonEvents[i].fields, `line ${line}`).toMatchObject(fields);
      });
      for (const e of p.events) {
        expect(e.ref !== null || e.daemonKind === 'infra', e.template).toBe(true);
        expect(e.daemon).toBe(p.daemons.find((d) => d.id === e.daemon)?.id);
      }
      want.more?.(p);
    });
  }

  it('accounts for every line of every file exactly once: event, folded line, unrecognized or classified', () => {
    for (const name of sharedLogNames()) {
      const p = parseLogs([sharedLog(prefixOf(name))]);
      const seen: number[] = [];
      for (const e of p.events) seen.push(e.line, ...(e.continuation ?? []));
      for (const u of p.unrecognized) seen.push(u.line, ...(u.continuation ?? []));
      for (const o of p.other) seen.push(o.line);
      const lines = p.files[0].stats.lines;
      expect(seen.length, name).toBe(lines);
      expect(
        [...seen].sort((a, b) => a - b),
        name,
      ).toEqual(Array.from({ length: lines }, (_, i) => i + 1));
      const s = p.files[0].stats;
      expect(s.events + s.continuation + s.unrecognized + s.other, name).toBe(lines);
    }
  });
});
