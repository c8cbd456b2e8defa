/** `npm run simulate`: every scenario runs, the same seed gives the same hash, bad input exits 2. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetfulZooKeeperRunFile, ZK_RESTART_SCENARIO } from '../../fixtures/forgetful-zookeeper';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('simulate CLI', () => {
  it('runs every scenario in scenarios/ and gives the same hash twice for the same seed', () => {
    for (const f of readdirSync('scenarios').filter((x) => x.endsWith('.json'))) {
      const a = run(`scenarios/${f}`, '--seed', '17');
      const b = run(`scenarios/${f}`, '--seed', '17');
      expect(a.status, `${f}: ${a.stderr}`).toBe(0);
      const ja = JSON.parse(a.stdout);
      const jb = JSON.parse(b.stdout);
      expect(ja.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(ja.hash).toBe(jb.hash);
      expect(ja.events).toBeGreaterThan(0);
      expect(ja.violations).toEqual([]);
      expect(Array.isArray(ja.final.masters)).toBe(true);
    }
  }, 300_000);

  it('--check exits 1 and lists each broken invariant; 0 when none is', () => {
    // A recorded run of a deliberately broken model (its ZooKeeper forgets its sessions on restart).
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const recorded = join(dir, 'forgetful.run.json');
    writeFileSync(recorded, forgetfulZooKeeperRunFile());
    const bad = run(recorded, '--check');
    expect(bad.status, bad.stderr).toBe(1);
    expect(bad.stderr).toMatch(
      /1 invariant\(s\) broken:\nevent \d+ \(\d+ ms\) h1: master-1 left STANDBY but ZooKeeper's latch is held by null$/m,
    );
    // The same scenario in the model: its ZooKeeper keeps its sessions across the restart.
    const scenario = join(dir, 'zk-restart.json');
    writeFileSync(scenario, JSON.stringify(ZK_RESTART_SCENARIO));
    const good = run(scenario, '--check');
    expect(good.status, good.stderr).toBe(0);
    // A recorded run is only read, never made again.
    const again = run(recorded);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(
      'a recorded run carries its events and cannot be simulated again; --check reads them',
    );
  });

  it('prints Spark log lines with --format log', () => {
    const r = run('scenarios/01-register-three-workers.json', '--format', 'log', '--until', '5s');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      '[00:00.000] master-1  25/06/01 09:00:00 INFO Master: Starting Spark master at spark://master:7077',
    );
  });

  it('exits 2 naming the field for a bad scenario, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, name: 'x', description: '', seed: 1, masters: [{ host: 'm', port: 0 }] }),
    );
    const r = run(file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('masters[0].port: must be at least 1, got 0');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads a scenario saved with a UTF-8 byte order mark, as the page does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(dir, 'bom.json');
    writeFileSync(file, '\uFEFF' + readFileSync('scenarios/01-register-three-workers.json', 'utf8'));
    const r = run(file, '--until', '5s');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).events).toBeGreaterThan(0);
  });

  it('exits 2 for a missing file and for bad options', () => {
    expect(run('nope.json').stderr).toContain('cannot read nope.json: no such file');
    expect(run('nope.json').status).toBe(2);
    const r = run('scenarios/01-register-three-workers.json', '--format', 'xml');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--format: expected json, log or run, got "xml"');
  }, 60_000);
});
