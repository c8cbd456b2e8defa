/**
 * The template table: ids are unique, every wording compiles, and for every template and every
 * version, `render` then the matcher gives back the same template and the same fields; rendered
 * lines equal real lines of the shared logs.
 */
import { describe, expect, it } from 'vitest';
import {
  LOG_TEMPLATES,
  formatRam,
  inRange,
  ramToMegabytes,
  render,
  renderLine,
  templateMatcher,
  type FieldType,
  type FieldValue,
  type LogTemplate,
  type TemplateId,
} from '../../../src/lib/spark/log-templates';
import { compileTemplate } from '../../../src/lib/spark/log-templates/template';

/** One release of each line whose wordings differ (every boundary in the table falls between two). */
const VERSIONS = ['1.1.1', '1.2.2', '1.3.1', '1.6.3', '2.0.2', '2.4.4', '3.0.0', '3.1.3', '3.3.0', '3.5.3', '4.0.1'];

const WORDS: Record<string, string> = {
  appId: 'app-20250601090000-0001',
  workerId: 'worker-20250601090000-10.0.0.5-7078',
  driverId: 'driver-20250601090000-0002',
  masterUrl: 'spark://m1:7077',
  master: 'NettyRpcEndpointRef(spark://Master@m1:7077)',
  masterWebUiUrl: 'http://m1:8080',
  url: 'http://10.0.0.1:8080',
  address: '10.0.0.5:7078',
  system: 'sparkWorker',
  hostname: 'node-1',
  version: '3.5.3',
  jarUrl: 'hdfs://nn/app.jar',
};

function sample(name: string, type: FieldType): FieldValue {
  switch (type) {
    case 'text':
      return `some ${name}`;
    case 'word':
      return WORDS[name] ?? `${name}-1`;
    case 'int':
      // Milliseconds may be printed in seconds by an older wording.
      return name === 'execId' ? 1 : name.endsWith('Ms') ? 60_000 : 3;
    case 'host':
      return 'node-1.example';
    case 'port':
      return 7078;
    case 'ram':
      return 2048;
    case 'state':
      return 'RUNNING';
    case 'akka-address':
      return 'akka.tcp://sparkWorker@10.0.0.5:7078';
    case 'seconds':
      return 60_000;
  }
}

function samples(t: LogTemplate): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(t.fields).map(([name, type]) => [name, sample(name, type)]));
}

describe('log template table', () => {
  it('has unique ids, a logger and a source (Spark ref or a named origin) for every template', () => {
    const ids = LOG_TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of LOG_TEMPLATES as readonly LogTemplate[]) {
      expect(t.id.startsWith(`${t.daemon === 'infra' ? '' : t.daemon}`), t.id).toBe(true);
      expect(t.logger, t.id).toMatch(/^[A-Za-z][\w$]*$/);
      expect(t.ref !== null || (t.origin ?? '') !== '', t.id).toBe(true);
      const befores = (t.older ?? []).map((w) => w.before);
      expect([...befores].sort(), t.id).toEqual(befores);
      expect(compileTemplate(t).length, t.id).toBeGreaterThan(0);
    }
  });

  it('gives back the template and its fields for every template rendered by every version', () => {
    const matcher = templateMatcher();
    let checked = 0;
    for (const t of LOG_TEMPLATES as readonly LogTemplate[]) {
      const fields = samples(t);
      for (const version of VERSIONS) {
        if (!inRange(version, t.versions ?? {})) continue;
        const text = render(t.id as TemplateId, fields, version);
        const variant = compileTemplate(t).find((v) => inRange(version, v.range));
        expect(variant, `${t.id} @${version}`).toBeDefined();
        const expected = Object.fromEntries(
          variant!.names.map((name) => {
            const type = variant!.types[variant!.names.indexOf(name)];
            const v = fields[name];
            return [name, type === 'ram' ? formatRam(Number(v), version) : v];
          }),
        );
        const m = matcher.match(t.logger, t.level, text);
        expect(m?.variant.template.id, `${t.id} @${version}: "${text}"`).toBe(t.id);
        expect(m?.fields, `${t.id} @${version}: "${text}"`).toEqual(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(LOG_TEMPLATES.length * 9);
  });

  it('gives the simulation a whole line: level, logger and text', () => {
    expect(renderLine('master.worker-timed-out', { workerId: 'worker-1', timeoutMs: 60_000 }, '4.0.1')).toEqual({
      level: 'WARN',
      logger: 'Master',
      text: 'Removing worker-1 because we got no heartbeat in 60000 ms',
    });
  });

  it('leaves out an optional part whose fields are missing, and reads it back absent', () => {
    const text = render(
      'worker.executor-finished',
      { appId: 'app-1', execId: 0, state: 'KILLED', exitStatus: 143 },
      '3.3.0',
    );
    expect(text).toBe('Executor app-1/0 finished with state KILLED exitStatus 143');
    expect(templateMatcher().match('Worker', 'INFO', text)?.fields).toEqual({
      appId: 'app-1',
      execId: 0,
      state: 'KILLED',
      exitStatus: 143,
    });
    expect(render('infra.service-started', { port: 6066 }, '1.6.2')).toBe('Successfully started service on port 6066.');
    expect(() => render('master.removing-app', {}, '3.3.0')).toThrow('field "appId" is missing');
  });

  it('renders the exact lines of the shared real logs, per version', () => {
    const cases: [TemplateId, Record<string, FieldValue>, string, string][] = [
      [
        'master.registering-worker',
        { host: '172.17.0.223', port: 8888, cores: 8, memory: 984 },
        '1.2.0',
        'Registering worker 172.17.0.223:8888 with 8 cores, 984.0 MB RAM',
      ],
      [
        'master.registering-worker',
        { host: '172.20.0.2', port: 37495, cores: 1, memory: 1024 },
        '3.3.0',
        'Registering worker 172.20.0.2:37495 with 1 cores, 1024.0 MiB RAM',
      ],
      [
        'master.registering-worker',
        { host: 'ip-10-0-147-189.us-west-2.compute.internal', port: 38922, cores: 4, memory: 29 * 1024 },
        '1.1.0',
        'Registering worker ip-10-0-147-189.us-west-2.compute.internal:38922 with 4 cores, 29.0 GB RAM',
      ],
      [
        'worker.starting',
        { host: '192.168.199.36', port: 55878, cores: 16, memory: 15 * 1024 },
        '3.0.0-preview2',
        'Starting Spark worker 192.168.199.36:55878 with 16 cores, 15.0 GiB RAM',
      ],
      [
        'worker.connecting',
        { masterHost: '172.17.0.86', masterPort: 7077 },
        '1.2.1-SNAPSHOT',
        'Connecting to master spark://172.17.0.86:7077...',
      ],
      [
        'worker.connecting',
        { masterHost: 'bami-cluster2', masterPort: 7077 },
        '3.3.0',
        'Connecting to master bami-cluster2:7077...',
      ],
      [
        'master.disassociated',
        { system: 'sparkWorker', host: 'ip-10-0-147-189.us-west-2.compute.internal', port: 38922 },
        '1.1.0',
        'akka.tcp://sparkWorker@ip-10-0-147-189.us-west-2.compute.internal:38922 got disassociated, removing it.',
      ],
      [
        'master.disassociated',
        { host: '218.51.176.155', port: 62574 },
        '3.3.0',
        '218.51.176.155:62574 got disassociated, removing it.',
      ],
      [
        'master.web-ui-bound',
        { url: 'http://172.18.0.4:8080' },
        '1.6.2',
        'Started MasterWebUI at http://172.18.0.4:8080',
      ],
      [
        'master.web-ui-bound',
        { bindHost: '127.0.0.1', url: 'http://127.0.0.1:8080' },
        '2.0.2',
        'Bound MasterWebUI to 127.0.0.1, and started at http://127.0.0.1:8080',
      ],
      ['master.recovery-complete', {}, '2.4.4', 'Recovery complete - resuming operations!'],
      ['master.recovery-complete', { ms: 12 }, '4.0.1', 'Recovery complete in 12 ms - resuming operations!'],
      [
        'master.worker-timed-out',
        { workerId: 'worker-20170311135327-192.168.10.2-45720', timeoutMs: 60_000 },
        '2.1.0',
        'Removing worker-20170311135327-192.168.10.2-45720 because we got no heartbeat in 60 seconds',
      ],
      [
        'master.worker-timed-out',
        { workerId: 'worker-1', timeoutMs: 60_000 },
        '4.0.1',
        'Removing worker-1 because we got no heartbeat in 60000 ms',
      ],
      ['infra.signal-handler', { signal: 'TERM' }, '3.0.0-preview2', 'Registered signal handler for TERM'],
      ['infra.signal-handler', { signal: 'TERM' }, '3.4.4', 'Registering signal handler for TERM'],
      [
        'master.signal-handlers',
        { signals: 'TERM, HUP, INT' },
        '1.6.2',
        'Registered signal handlers for [TERM, HUP, INT]',
      ],
    ];
    for (const [id, fields, version, line] of cases)
      expect(render(id, fields, version), `${id} @${version}`).toBe(line);
  });

  it("formats memory as Spark's bytesToString and reads it back in MB", () => {
    expect(formatRam(512, '4.0.1')).toBe('512.0 MiB');
    expect(formatRam(1024, '4.0.1')).toBe('1024.0 MiB');
    expect(formatRam(2048, '4.0.1')).toBe('2.0 GiB');
    expect(formatRam(192_307, '2.0.2')).toBe('187.8 GB');
    expect(ramToMegabytes('29.0 GB')).toBe(29 * 1024);
    expect(ramToMegabytes('1024.0 MiB')).toBe(1024);
    expect(ramToMegabytes('lots')).toBeNull();
  });

  it('names the versions a wording allows, only where the boundary is known', () => {
    const m = templateMatcher();
    expect(m.match('Master', 'INFO', 'Registering worker h:1 with 4 cores, 29.0 GB RAM')?.variant.evidence).toEqual({
      before: '3.0',
    });
    expect(m.match('Worker', 'INFO', 'Connecting to master spark://m:7077...')?.variant.evidence).toEqual({
      before: '1.3',
    });
    // The akka URL form's end (1.4) is a guess: it says "≥1.3" only.
    expect(
      m.match('Worker', 'INFO', 'Connecting to master akka.tcp://sparkMaster@m:7077/user/Master...')?.variant.evidence,
    ).toEqual({ from: '1.3' });
    expect(m.match('Worker', 'INFO', 'Connecting to master m:7077...')?.variant.evidence).toBeNull();
  });
});
