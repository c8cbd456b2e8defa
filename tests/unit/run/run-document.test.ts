/**
 * Runs as documents: faults checked before they are recorded, run files written and read back
 * (and refused precisely when tampered with), a run saved as a scenario that makes the same run,
 * share links read back to the same run, and the command line on run files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import { injectedFaults, injectionsOf, scenarioNodes } from '../../../src/lib/run/run-doc';
import { parseRun, serializeRun } from '../../../src/lib/run/run-file';
import { scenarioOfRun } from '../../../src/lib/run/scenario-of-run';
import { linkFor, readLink } from '../../../src/lib/run/share-link';
import { classify } from '../../../src/lib/run/open-file';
import { checkFault } from '../../../src/lib/scenario/fault';
import { parseScenario } from '../../../src/lib/scenario/load';
import { catalog } from '../../../src/lib/scenario/catalog';

const zk = catalog.find((c) => c.file === '04-zookeeper-failover.json')!;
const scenario = parseScenario(zk.doc);

/** The ZooKeeper scenario with three faults injected on the way, as the page would. */
function runWithFaults() {
  const s = createInProcessSession(scenario);
  s.sim.runUntil(20_000);
  s.sim.inject({ action: 'kill', target: 'worker-2' }, 20_000);
  s.sim.runUntil(41_234);
  s.sim.inject({ action: 'pause', target: 'master-1', duration: 30_000 }, 41_234);
  s.sim.runUntil(60_000);
  s.sim.inject({ action: 'partition', groups: [['worker-3'], ['master-1', 'master-2', 'master-3', 'zk']] }, 60_000);
  s.sim.runUntil(90_000);
  const doc = {
    scenario: scenario.doc,
    seed: scenario.seed,
    injections: injectedFaults(s.sim.injections),
    events: s.sim.events.length,
    until: s.sim.endTime,
    cursor: 150,
    time: s.sim.events.time(149),
    hash: s.sim.hash(),
  };
  return { s, doc };
}

describe('faults are checked before they are recorded', () => {
  const nodes = scenarioNodes(scenario);
  it.each([
    [null, 'fault: expected an object'],
    [{}, 'fault.action: is required'],
    [{ action: 'explode', target: 'worker-1' }, 'fault.action: unknown action "explode"'],
    [{ action: 'kill', target: 'worker-9' }, 'fault.target: unknown node "worker-9" (did you mean "worker-1"?)'],
    [{ action: 'kill' }, 'fault.target: is required'],
    [{ action: 'partition' }, 'fault.groups: is required'],
    [{ action: 'pause', target: 'master-1', duration: -1 }, 'fault.duration: expected a duration'],
    [{ action: 'pause', target: 'master-1', duration: Number.NaN }, 'fault.duration'],
    [{ action: 'delay', from: 'worker-1', to: 'master-1', extra: Number.NaN }, 'fault.extra'],
    [{ action: 'drop', from: 'worker-1', to: 'master-1', count: -5 }, 'fault.count: must be at least 1, got -5'],
    [{ action: 'drop', from: 'worker-1', to: 'worker-1' }, 'fault.to: a link joins two different nodes'],
    [{ action: 'fail-executors', target: 'master-1' }, 'fault.target: fail-executors needs a worker, got master-1'],
    [{ action: 'kill', target: 'worker-1', extra: 1 }, 'fault: unknown field "extra"'],
  ])('refuses %j', (input, message) => {
    const r = checkFault(input, nodes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toContain(message);
  });

  it('takes nodes by id, host or host:port, and durations as Spark writes them', () => {
    expect(checkFault({ action: 'pause', target: 'master1', duration: '30s' }, nodes)).toEqual({
      ok: true,
      fault: { action: 'pause', target: 'master-1', duration: 30_000 },
    });
    expect(checkFault({ action: 'kill', target: 'worker2:7078' }, nodes)).toEqual({
      ok: true,
      fault: { action: 'kill', target: 'worker-2' },
    });
  });
});

describe('run files', () => {
  it('are read back to the run they were written from', () => {
    const { doc } = runWithFaults();
    const parsed = parseRun(JSON.parse(serializeRun(doc)));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.kind !== 'simulation') return;
    const again = createInProcessSession(parsed.scenario, { seed: parsed.doc.seed });
    const inj = injectionsOf(parsed.doc.injections, parsed.scenario);
    if (!inj.ok) throw new Error('injections');
    again.sim.replayInjections(inj.injections);
    again.sim.stepMany(parsed.doc.events);
    again.sim.idleUntil(parsed.doc.until);
    expect(again.sim.hash()).toBe(doc.hash);
  });

  it.each([
    [
      'a fault on a node that does not exist',
      (d: Record<string, unknown>) =>
        ((d.injections as { fault: Record<string, unknown> }[])[0].fault.target = 'worker-9'),
      'injections[0].fault.target: unknown node "worker-9"',
    ],
    [
      'a fault that cannot be replayed',
      (d: Record<string, unknown>) =>
        ((d.injections as { fault: Record<string, unknown> }[])[1].fault = {
          action: 'pause',
          target: 'master-1',
          duration: 'soon',
        }),
      'injections[1].fault.duration',
    ],
    [
      'faults out of order',
      (d: Record<string, unknown>) => ((d.injections as { index: number }[])[2].index = 1),
      'injections[2].index: expected an event index, not before',
    ],
    ['a cursor past the end', (d: Record<string, unknown>) => (d.cursor = 1e9), 'cursor: the run has'],
    [
      'a broken scenario',
      (d: Record<string, unknown>) => ((d.scenario as Record<string, unknown>).masters = []),
      'scenario.masters: needs at least 1 item',
    ],
    [
      'a hash that is not one',
      (d: Record<string, unknown>) => (d.hash = 'abc'),
      'hash: expected a SHA-256 hash in hex',
    ],
    [
      'a newer version',
      (d: Record<string, unknown>) => (d.version = 2),
      'version: this build reads run files of version 1, got 2',
    ],
  ])('refuse %s, saying where', (_what, edit, message) => {
    const { doc } = runWithFaults();
    const raw = JSON.parse(serializeRun(doc));
    edit(raw);
    const parsed = parseRun(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toContain(message);
  });

  it('are told from scenarios and logs by content, whatever their name', () => {
    const { doc } = runWithFaults();
    expect(classify(serializeRun(doc)).kind).toBe('run');
    expect(classify(`\uFEFF${JSON.stringify(zk.doc)}`).kind).toBe('scenario');
    expect(classify('25/06/01 09:00:00 INFO Master: Starting Spark master').kind).toBe('text');
    expect(classify('{"format": 3').kind).toBe('bad');
  });
});

describe('a run saved as a scenario', () => {
  it('makes the same run (the same hash) when simulated from the file', () => {
    const { s, doc } = runWithFaults();
    // Everything due in the run's last millisecond is in it (the page runs it on before saving).
    s.sim.runUntil(Math.ceil(s.sim.endTime));
    const file = scenarioOfRun({
      ...doc,
      until: s.sim.endTime,
      injections: injectedFaults(s.sim.injections),
    });
    const again = createInProcessSession(parseScenario(file));
    again.sim.runUntil(Math.ceil(s.sim.endTime));
    expect(again.sim.hash()).toBe(s.sim.hash());
  });

  it('makes the same run for random faults injected at random moments', () => {
    const base = parseScenario(catalog[0].doc);
    const nodes = scenarioNodes(base).map((n) => n.id);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 1, max: 120_000 }),
            pick: fc.nat(),
            action: fc.constantFrom('kill', 'restart', 'heal', 'pause'),
          }),
          { maxLength: 4 },
        ),
        (faults) => {
          const s = createInProcessSession(base);
          for (const f of [...faults].sort((a, b) => a.at - b.at)) {
            s.sim.runUntil(f.at);
            const target = nodes[f.pick % nodes.length];
            s.sim.inject(
              f.action === 'heal'
                ? { action: 'heal' }
                : f.action === 'pause'
                  ? { action: 'pause', target, duration: 5000 }
                  : { action: f.action as 'kill', target },
              f.at,
            );
          }
          s.sim.runUntil(150_000);
          const file = scenarioOfRun({
            scenario: base.doc,
            seed: base.seed,
            injections: injectedFaults(s.sim.injections),
            until: 150_000,
          });
          const again = createInProcessSession(parseScenario(file));
          again.sim.runUntil(150_000);
          expect(again.sim.hash()).toBe(s.sim.hash());
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('share links', () => {
  it('read back to the same run document, custom scenarios and faults included', async () => {
    const { doc } = runWithFaults();
    const withNode = { ...doc, selected: 'master-2' };
    const custom = await linkFor(withNode, { file: null, lang: 'zh-CN' });
    const named = await linkFor(withNode, { file: '04-zookeeper-failover.json' });
    expect(named).toMatch(
      /^\?scenario=04-zookeeper-failover&seed=11&faults=[\w-]+&n=\d+&until=\d+&at=150&t=\d+&node=master-2&h=[0-9a-f]{16}$/,
    );
    for (const link of [custom, named]) {
      const read = await readLink(link, catalog);
      expect(read.problems).toEqual([]);
      expect(read.run?.injections).toEqual(doc.injections);
      expect(read.run?.events).toBe(doc.events);
      expect(read.run?.cursor).toBe(150);
      expect(read.run?.selected).toBe('master-2');
      expect(doc.hash.startsWith(read.run?.hash ?? 'x')).toBe(true);
    }
    expect((await readLink(custom, catalog)).run?.doc).toEqual(JSON.parse(JSON.stringify(scenario.doc)));
    expect((await readLink(custom, catalog)).lang).toBe('zh-CN');
  });

  it('report what they do not understand, naming the option', async () => {
    const read = await readLink('?scenario=nope&seed=1', catalog);
    expect(read.problems[0]).toMatch(/^scenario: "nope" is not one of 01-register-three-workers/);
    for (const [q, message] of [
      ['?scenario=01-register-three-workers&seed=0x10', 'seed: expected a whole number from 0 to'],
      ['?scenario=01-register-three-workers&seed=1e308', 'seed: expected a whole number'],
      ['?scenario=01-register-three-workers&seed=1&seed=2', 'seed: given more than once; the first is used'],
      ['?scenario=01-register-three-workers&at=-1', 'at: expected a whole number'],
      ['?scenario=01-register-three-workers&faults=%%%', 'faults: expected faults packed by this page'],
      ['?doc=AAAA', 'doc: expected a scenario packed by this page'],
      ['?threads=0', 'threads: expected a whole number from 1 to 256, got "0"'],
      ['?runtime=gpu', 'runtime: expected "workers" or "inprocess", got "gpu"'],
      ['?colour=red', 'unknown option "colour"'],
      [`?scenario=01-register-three-workers&node=${'x'.repeat(300_000)}`, 'addresses up to 256 KB are read'],
    ] as const) {
      expect((await readLink(q, catalog)).problems.join('\n'), q.slice(0, 60)).toContain(message);
    }
  });
});

describe('the command line on run files', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], {
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('writes a run file with --format run, and runs it again to the same hash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    const written = cli('scenarios/04-zookeeper-failover.json', '--until', '90s', '--format', 'run');
    expect(written.status, written.stderr).toBe(0);
    const file = join(dir, 'zk.run.json');
    writeFileSync(file, written.stdout);
    const again = cli(file);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ hash: JSON.parse(written.stdout).hash, matches: true });
  }, 60_000);

  it('runs a run file with injected faults to its hash, and exits 1 when the run comes out different', () => {
    const { doc } = runWithFaults();
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    const file = join(dir, 'faults.run.json');
    writeFileSync(file, serializeRun(doc));
    const ok = cli(file);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).hash).toBe(doc.hash);
    writeFileSync(file, serializeRun({ ...doc, hash: '0'.repeat(64) }));
    const bad = cli(file);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('made again, the run is not the same');
  }, 60_000);
});
