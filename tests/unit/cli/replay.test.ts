/** `npm run replay`: the json it prints for shared logs, and exit status 2 for what it cannot read. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_LOGS } from '../logs/shared-logs';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/replay.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });

const shared = (name: string) => join(SHARED_LOGS, name);

// Each test spawns Node with tsx (a few seconds each on this machine).
describe('replay CLI', { timeout: 120_000 }, () => {
  it('prints version, daemons, events and unrecognized lines as one JSON object', () => {
    const master = shared('27a-spark3.5.3-k8s-master-tail-workers-register-md-blockquote.log');
    const worker = shared('27b-spark3.5.3-k8s-worker-connect-refused-retry-registered-md-blockquote.log');
    const r = run(master, worker, '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['version', 'daemons', 'events', 'unrecognized', 'assumptions', 'comparison']);
    // The real worker had its connection refused once; the model's registers at once.
    expect(out.comparison.differences).toEqual([
      expect.objectContaining({ kind: 'extra', node: 'worker-1', template: 'worker.retrying', file: worker, line: 17 }),
    ]);
    expect(out.comparison.differences[0].says).toContain('the model would not print it here');
    expect(out.version).toMatchObject({ spark: null, range: { from: '3.0' } });
    expect(out.daemons.map((d: { id: string }) => d.id)).toEqual([
      'master:27a-spark3.5.3-k8s-master-tail-workers-register-md-blockquote',
      'worker@10.244.0.3:33145',
    ]);
    expect(out.events[0]).toEqual({
      file: master,
      line: 2,
      time: '2024-10-21 07:37:16.000',
      rawTime: '24/10/21 07:37:16',
      daemon: 'master:27a-spark3.5.3-k8s-master-tail-workers-register-md-blockquote',
      level: 'INFO',
      logger: 'Master',
      template: 'master.elected-leader',
      fields: { state: 'ALIVE' },
      text: 'I have been elected leader! New state: ALIVE',
    });
    const registered = out.events.find((e: { template: string }) => e.template === 'worker.registered');
    expect(registered).toMatchObject({ file: worker, line: 20, daemon: 'worker@10.244.0.3:33145' });
    expect(out.unrecognized).toEqual([
      expect.objectContaining({ file: worker, line: 2, endLine: 16, reason: 'stack trace without its log line' }),
    ]);
    expect(out.unrecognized[0].text).toMatch(/^Caused by: io\.netty/);
  });

  it('reads a file with a byte-order mark and CRLF line ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const file = join(dir, 'bom.log');
    writeFileSync(file, '\uFEFF24/02/26 05:48:17 INFO Master: I have been elected leader! New state: ALIVE\r\n');
    const r = run(file);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).events.map((e: { template: string }) => e.template)).toEqual(['master.elected-leader']);
  });

  it('prints the replay as lines, the inferred scenario, and a run file', () => {
    const log = shared('23-spark3.3.0-worker-registration-retries-attempt1-7-then-timeout.log');
    const lines = run(log, '--format', 'log');
    expect(lines.status, lines.stderr).toBe(0);
    expect(lines.stdout.split('\n')[2]).toMatch(
      /^\[00:07\.000\] worker-1 {2}\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d INFO Worker: Retrying connection to master \(attempt # 1\)$/,
    );

    const scenario = run(log, '--format', 'scenario');
    expect(scenario.status, scenario.stderr).toBe(0);
    const doc = JSON.parse(scenario.stdout);
    // The master the worker dials never answers: it is down from the start.
    expect(doc.masters).toEqual([{ host: 'bami-cluster2', port: 7077 }]);
    expect(doc.faults).toEqual([{ at: '0s', action: 'kill', target: 'master-1' }]);
    expect(scenario.stderr).toContain('assumed: worker-1: the logs do not say its cores; taken as 1.');

    const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'run.json');
    const runFile = run(log, '--format', 'run');
    expect(runFile.status, runFile.stderr).toBe(0);
    writeFileSync(file, runFile.stdout);
    const opened = JSON.parse(runFile.stdout);
    expect(opened).toMatchObject({
      format: 'spark-standalone-visualizer/run',
      kind: 'recorded',
      header: { source: 'log' },
    });
    expect(opened.trace).toHaveLength(18);
  });

  it('exits 2 with a clear message for a file that is not a Spark log, a missing file and a bad format', () => {
    const notLog = run('README.md');
    expect(notLog.status).toBe(2);
    expect(notLog.stderr).toContain('README.md: not a Spark log');
    expect(notLog.stdout).toBe('');
    const missing = run('nope.log');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.log: no such file');
    expect(run(shared('24-spark3.3.0-master-startup-worker-registers.log'), '--format', 'xml').stderr).toContain(
      '--format: expected json, log, scenario or run, got "xml"',
    );
    expect(run().status).toBe(2);
  });
});
