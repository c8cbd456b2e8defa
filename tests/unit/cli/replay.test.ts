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
    expect(Object.keys(out)).toEqual(['version', 'daemons', 'events', 'unrecognized']);
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

  it('exits 2 with a clear message for a file that is not a Spark log, a missing file and other formats', () => {
    const notLog = run('README.md');
    expect(notLog.status).toBe(2);
    expect(notLog.stderr).toContain('README.md: not a Spark log');
    expect(notLog.stdout).toBe('');
    const missing = run('nope.log');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.log: no such file');
    for (const format of ['log', 'scenario', 'run']) {
      const r = run(shared('24-spark3.3.0-master-startup-worker-registers.log'), '--format', format);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--format ${format}: not yet implemented`);
    }
    expect(run(shared('24-spark3.3.0-master-startup-worker-registers.log'), '--format', 'xml').stderr).toContain(
      '--format: expected json, log, scenario or run, got "xml"',
    );
    expect(run().status).toBe(2);
  });
});
