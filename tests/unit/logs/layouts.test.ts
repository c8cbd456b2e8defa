/**
 * Layouts and damage the shared logs do not all show: Spark 4 JSON lines, ISO dates (and an
 * author's ISO date in front of Spark's own), DSE lines across midnight, hard-wrapped lines, CRLF
 * and a BOM, fully qualified loggers, interleaved compose services with their stack traces, and
 * the reasons given for what is not recognized.
 */
import { describe, expect, it } from 'vitest';
import { parseLogs } from '../../../src/lib/logs';

const one = (text: string, name = 'x.log') => parseLogs([{ name, text }]);

describe('line layouts', () => {
  it('reads Spark 4 structured logging (JSON lines) after the plain-text preamble', () => {
    const p = one(
      [
        'Spark Command: /usr/bin/java -cp /opt/spark/jars/* org.apache.spark.deploy.master.Master',
        '========================================',
        "Using Spark's default log4j profile: org/apache/spark/log4j2-defaults.properties",
        '{"ts":"2024-08-21T16:16:25.954Z","level":"INFO","msg":"Started daemon with process name: 4242@m1","logger":"Master"}',
        '{"ts":"2024-08-21T16:16:26.101Z","level":"INFO","msg":"Running Spark version 4.0.0-preview1","context":{"spark_version":"4.0.0-preview1"},"logger":"Master"}',
        '{"ts":"2024-08-27T06:42:25.504Z","level":"INFO","msg":"Registering BlockManagerMasterHeartbeat","logger":"SparkEnv"}',
        '{"ts":"2024-08-27T06:43:25.000Z","level":"WARN","msg":"Removing worker-20240827064000-10.0.0.3-7078 because we got no heartbeat in 60000 ms","logger":"org.apache.spark.deploy.master.Master","exception":{"class":"java.io.IOException","msg":"gone","stacktrace":"\\tat a.b.C.d(C.java:1)"}}',
      ].join('\n'),
    );
    const f = p.files[0];
    expect(f.layout).toBe('json-lines');
    expect(f.flags).toContain('utc');
    expect(f.flags).not.toContain('second-resolution');
    expect(p.version.spark).toBe('4.0.0-preview1');
    expect(p.events.map((e) => e.template)).toEqual([
      'master.started-daemon',
      'master.running-version',
      'master.worker-timed-out',
    ]);
    expect(p.events[0].time).toBe(Date.parse('2024-08-21T16:16:25.954Z'));
    expect(p.events[2].fields).toEqual({ workerId: 'worker-20240827064000-10.0.0.3-7078', timeoutMs: 60_000 });
    expect(p.events[2].detail).toBe('java.io.IOException: gone\n\tat a.b.C.d(C.java:1)');
    expect(p.unrecognized).toEqual([
      expect.objectContaining({ line: 6, reason: 'logger SparkEnv is not in the template table' }),
    ]);
    expect(p.other.map((o) => o.kind)).toEqual(['spark-command', 'separator', 'log4j-banner']);
  });

  it("reads ISO dates, with or without a source line, and an ISO date an author put before Spark's", () => {
    const p = one(
      [
        '2018-12-27 16:24:10 INFO  Master:54 - Registering app MyFirstScalaSpark',
        '2016-11-01 11:27:39 INFO Master: I have been elected leader! New state: ALIVE',
        '2016-11-01 16/11/01 11:27:40 INFO Master: Registering app Pi',
        '2016-11-01 11:27:41,250 ERROR Worker: Worker registration failed: Duplicate worker ID',
      ].join('\n'),
    );
    expect(p.unrecognized).toEqual([]);
    expect(p.events.map((e) => [e.template, e.time])).toEqual([
      ['master.elected-leader', Date.UTC(2016, 10, 1, 11, 27, 39)],
      ['master.registering-app', Date.UTC(2016, 10, 1, 11, 27, 40)],
      ['worker.registration-failed', Date.UTC(2016, 10, 1, 11, 27, 41, 250)],
      ['master.registering-app', Date.UTC(2018, 11, 27, 16, 24, 10)],
    ]);
    expect(p.files[0].flags).toContain('out-of-order');
  });

  it('reads the other shapes a site layout gives: a bracketed ISO time with a zone, a thread, `Logger - msg`', () => {
    const p = one(
      [
        '[2024-05-04 01:11:03,797+02:00] INFO [dispatcher-event-loop-1] org.apache.spark.deploy.master.Master: I have been elected leader! New state: ALIVE',
        '2024-05-04T01:11:04.001Z WARN org.apache.spark.deploy.worker.Worker - All masters are unresponsive! Giving up.',
      ].join('\n'),
    );
    expect(p.unrecognized).toEqual([]);
    expect(p.events.map((e) => [e.template, e.time])).toEqual([
      ['master.elected-leader', Date.UTC(2024, 4, 3, 23, 11, 3, 797)],
      ['worker.giving-up', Date.UTC(2024, 4, 4, 1, 11, 4, 1)],
    ]);
    expect(p.files[0].flags).toContain('utc');
  });

  it('dates DSE lines from an id and rolls over at midnight', () => {
    const p = one(
      [
        ' INFO 23:59:59,900 SparkMaster: Removing app app-20141106235950-0000',
        ' INFO 00:00:01,100 SparkWorker: Asked to kill executor app-20141106235950-0000/0',
      ].join('\n'),
    );
    expect(p.events.map((e) => e.time)).toEqual([
      Date.UTC(2014, 10, 6, 23, 59, 59, 900),
      Date.UTC(2014, 10, 7, 0, 0, 1, 100),
    ]);
    expect(p.files[0].flags).toEqual(expect.arrayContaining(['no-date', 'date-inferred', 'day-rollover']));
    expect(p.daemons.map((d) => d.kind)).toEqual(['master', 'worker']);
  });

  it('joins a line a terminal cut back to its event', () => {
    const cut = '14/10/13 06:43:55 INFO Master: Registering worker ip-10-0-147-189.us-west-2.com';
    const p = one(`${cut}\npute.internal:38922 with 4 cores, 29.0 GB RAM\n`);
    expect(p.events).toEqual([
      expect.objectContaining({
        line: 1,
        endLine: 2,
        continuation: [2],
        template: 'master.registering-worker',
        fields: { host: 'ip-10-0-147-189.us-west-2.compute.internal', port: 38922, cores: 4, memory: '29.0 GB' },
        flags: ['hard-wrap-joined'],
      }),
    ]);
    // A free-text message joins only where the line before has the cut width of the file.
    const command = `14/12/21 16:32:48 INFO ExecutorRunner: Launch command: "java" "-cp" "${'x'.repeat(60)}`;
    const wrapped = one(`${command}\n" "-Xmx512M"\nsome note under it`);
    expect(wrapped.events[0]).toMatchObject({
      continuation: [2],
      fields: { command: `"java" "-cp" "${'x'.repeat(60)}" "-Xmx512M"` },
    });
    expect(wrapped.unrecognized).toEqual([expect.objectContaining({ line: 3, reason: 'not a log line' })]);
  });

  it('reads CRLF line ends and a byte-order mark', () => {
    const p = one(
      '\uFEFF14/10/13 06:43:55 INFO Master: Registering app Pi\r\n14/10/13 06:43:56 INFO Master: Registered app Pi with ID app-20141013064356-0000\r\n',
    );
    expect(p.events.map((e) => [e.line, e.template, e.text.endsWith('\r')])).toEqual([
      [1, 'master.registering-app', false],
      [2, 'master.registered-app', false],
    ]);
    expect(p.files[0].stats.lines).toBe(2);
    const trace = one(
      '14/10/13 06:43:57 ERROR Worker: Worker registration failed: x\r\n\tat a.B.c(B.java:1)\r\n\tat a.B.d(B.java:2)\r\n',
    );
    expect(trace.events[0]).toMatchObject({
      continuation: [2, 3],
      detail: '\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)',
    });
  });

  it('reads fully qualified loggers and tells apart the same words at another level', () => {
    const p = one(
      [
        '25/06/01 09:00:00 INFO org.apache.spark.deploy.master.Master: Re-launching driver-20250601085900-0001',
        '25/06/01 09:00:01 WARN org.apache.spark.deploy.master.Master: Re-launching driver-20250601085900-0002',
      ].join('\n'),
    );
    expect(p.events.map((e) => e.template)).toEqual([
      'master.relaunching-driver',
      'master.recovery-relaunching-driver',
    ]);
    expect(p.files[0].layout).toBe('package-qualified');
  });

  it('keeps interleaved compose services apart, stack traces included', () => {
    const p = one(
      [
        'spark-master    | 19/12/31 22:48:22 INFO Master: Registering worker 172.19.0.4:39193 with 3 cores, 4.8 GB RAM',
        'spark-worker_1  | 19/12/31 22:48:22 WARN Worker: Failed to connect to master spark-master:7077',
        'spark-master    | 19/12/31 22:48:23 INFO Master: Registering worker 172.19.0.3:39161 with 3 cores, 4.8 GB RAM',
        'spark-worker_1  | java.io.IOException: Failed to connect to spark-master/172.19.0.2:7077',
        'spark-worker_1  | \tat org.apache.spark.network.client.TransportClientFactory.createClient(TransportClientFactory.java:245)',
        'spark-worker_1  | 19/12/31 22:48:24 INFO Worker: Successfully registered with master spark://spark-master:7077',
      ].join('\n'),
    );
    expect(p.daemons.map((d) => [d.id, d.stream])).toEqual([
      ['master:spark-master', 'spark-master'],
      ['worker:spark-worker_1', 'spark-worker_1'],
    ]);
    const failed = p.events.find((e) => e.template === 'worker.connect-failed');
    expect(failed).toMatchObject({ line: 2, continuation: [4, 5], endLine: 5 });
    expect(p.unrecognized).toEqual([]);
  });

  it('says why a line is not recognized', () => {
    const p = one(
      [
        'hello, this is my worker log:',
        '25/06/01 09:00:00 INFO Master: Something Spark never printed',
        '25/06/01 09:00:01 INFO BlockManager: Something else',
        '\tat org.example.Foo.bar(Foo.java:1)',
      ].join('\n'),
    );
    expect(p.unrecognized.map((u) => [u.line, u.reason])).toEqual([
      [1, 'not a log line'],
      [2, 'unknown template for logger Master'],
      [3, 'logger BlockManager is not in the template table'],
    ]);
    // The frame belongs to the unrecognized line before it.
    expect(p.unrecognized[2].continuation).toEqual([4]);
  });
});
