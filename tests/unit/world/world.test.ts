import { readFileSync } from 'node:fs';
/**
 * The world at the cursor (src/lib/world): on a fixture trace written by hand, against the kernel
 * and the daemons themselves at random cursors of random runs, and the same whether the cursor got
 * there by seeking or by stepping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import { parseScenario, runLength } from '../../../src/lib/scenario/load';
import type { KernelSpec } from '../../../src/lib/sim/kernel';
import type { TraceEvent } from '../../../src/lib/sim/types';
import { readDaemon } from '../../../src/lib/spark/daemon-rows';
import { daemonOf } from '../../../src/lib/spark/daemons';
import type { MachineActor } from '../../../src/lib/spark/machine-actor';
import { SIMULATION_KNOWS, type TraceHeader } from '../../../src/lib/world/header';
import { eventArray } from '../../../src/lib/sim/event-array';
import { WorldIndex } from '../../../src/lib/world/world';
import { worldJson } from '../../../src/lib/world/world-json';
import { clusterArb, clusterScenario } from '../support/random-cluster';
import { fixtureHeader, fixtureTrace } from '../../fixtures/trace';

const timer = (t: { key: string; name: string; at: number; since: number; period?: number }) =>
  `${t.key} ${t.name} ${t.at} ${t.since} ${t.period}`;

function headerOf(spec: KernelSpec): TraceHeader {
  return {
    source: 'simulation',
    title: 't',
    description: '',
    sparkVersion: '4.0',
    knows: SIMULATION_KNOWS,
    nodes: spec.nodes.map((n) => ({ id: n.id, kind: n.kind, address: n.address, facts: {} })),
  };
}

function worldOf(header: TraceHeader, events: TraceEvent[]) {
  const index = new WorldIndex(header);
  index.sync(eventArray(events));
  return (cursor: number, time = cursor > 0 ? events[cursor - 1].t : 0) => index.at(cursor, time);
}

describe('the world on a fixture trace', () => {
  const at = worldOf(fixtureHeader, fixtureTrace);

  it('knows every node before anything happened, down and without a state', () => {
    const w = at(0);
    expect(w.nodes.map((n) => [n.id, n.up, n.state])).toEqual([
      ['master-1', false, ''],
      ['master-2', false, ''],
      ['worker-1', false, ''],
    ]);
    expect(w.leader).toBeNull();
  });

  it('draws a standby master as STANDBY from its start, and the elected one as leader', () => {
    expect(at(2).node('master-2')).toMatchObject({ up: true, state: 'STANDBY', leads: false });
    expect(at(2).node('master-1')).toMatchObject({ state: 'STANDBY', leads: false });
    expect(at(3).node('master-1')).toMatchObject({ state: 'ALIVE', leads: true });
    expect(at(3).leader).toBe('master-1');
  });

  it('has a worker follow the master its status names', () => {
    expect(at(5).node('worker-1')?.follows).toBeNull();
    expect(at(6).node('worker-1')).toMatchObject({ state: 'Registered', follows: 'master-1' });
  });

  it("lists the master's workers table as rows, and drops rows of an earlier incarnation", () => {
    expect(at(4).table('master-1', 'workers')).toEqual([]);
    expect(at(5).table('master-1', 'workers')).toEqual([
      {
        id: 'w1',
        row: { id: 'w1', address: 'w1:7078', state: 'ALIVE', cores: 4, coresUsed: 0, memory: 4096, memoryUsed: 0 },
        changed: 4,
      },
    ]);
    expect(at(10).table('master-1', 'workers')[0].row.state).toBe('DEAD');
    expect(at(10).tables('master-1')).toEqual(['workers', 'apps', 'executors', 'drivers']);
    // The worker's own status is gone once its process is (it keeps nothing across a restart).
    expect(at(12).status('worker-1')).toMatchObject({ master: 'm1:7077' });
  });

  it('keeps timers: armed, fired (a fixed-rate one comes due again), cancelled', () => {
    expect(at(1).timers('master-1')).toEqual([
      { key: 'timeout', name: 'CheckForWorkerTimeOut', at: 60_000, since: 0, period: 60_000 },
    ]);
    expect(
      at(4)
        .timers('worker-1')
        .map((t) => t.name),
    ).toEqual(['ReregisterWithMaster']);
    expect(at(6).timers('worker-1')).toEqual([]);
    expect(at(10).timers('master-1')).toEqual([
      { key: 'timeout', name: 'CheckForWorkerTimeOut', at: 120_000, since: 60_000, period: 60_000 },
    ]);
  });

  it('shows a message in the air between its send and its arrival, and a reply with its question', () => {
    const w = at(5, 115);
    expect(w.inAir.map((f) => [f.msg, f.from, f.to])).toEqual([['RegisteredWorker', 'master-1', 'worker-1']]);
    expect(at(6, 120).inAir).toEqual([]);
    expect(at(5, 110).flight(0)?.fate).toEqual({ event: 4 });
  });

  it('keeps partitions and pauses until they end', () => {
    expect(at(7).network.partitions).toEqual([{ name: 'isolate', groups: [['worker-1'], ['master-1', 'master-2']] }]);
    expect(at(8).node('master-2')?.paused).toBe(true);
    expect(at(9).node('master-2')?.paused).toBe(false);
    expect(at(11).network.partitions).toEqual([]);
  });

  it('names the last handler with its Spark source, and lists broken invariants up to the cursor', () => {
    expect(at(5).handler('master-1')).toMatchObject({
      ref: { file: 'deploy/master/Master.scala', method: 'receive', case: 'RegisterWorker' },
      i: 4,
      what: 'RegisterWorker',
    });
    expect(at(9).violations).toEqual([]);
    expect(at(10).violations.map((v) => v.rule)).toEqual(['h5']);
    expect(at(0).marks.violations).toHaveLength(1);
    expect(at(0).marks.faults.map((f) => f.action)).toEqual(['partition', 'pause', 'heal', 'kill']);
  });

  it('marks a killed worker down', () => {
    expect(at(12).node('worker-1')).toMatchObject({ up: false, follows: null });
  });
});

describe('the world against the simulation', () => {
  it('tells at any cursor what the kernel and the daemons themselves hold', () => {
    fc.assert(
      fc.property(
        clusterArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (c, picks) => {
          const scenario = clusterScenario(c);
          const s = createInProcessSession(scenario);
          s.sim.runUntil(runLength(scenario));
          const events = s.sim.events.slice();
          const header: TraceHeader = {
            source: 'simulation',
            title: 't',
            description: '',
            sparkVersion: '4.0',
            knows: SIMULATION_KNOWS,
            nodes: s.sim.spec.nodes.map((n) => ({ id: n.id, kind: n.kind, address: n.address, facts: {} })),
          };
          const at = worldOf(header, events);
          for (const p of picks) {
            const k = Math.floor(p * events.length);
            s.sim.seek(k);
            const w = at(k);
            const timers = s.sim.kernel.pendingTimers();
            for (const n of s.sim.spec.nodes) {
              const v = w.node(n.id);
              expect(v?.up, `${n.id} up at ${k}`).toBe(s.sim.kernel.isUp(n.id));
              expect(v?.paused, `${n.id} paused at ${k}`).toBe(s.sim.kernel.isPaused(n.id));
              if (v?.paused) continue; // its ticks come due unseen (see the test of a pause below)
              const timer = (t: { key: string; name: string; at: number; since: number; period?: number }) =>
                `${t.key} ${t.name} ${t.at} ${t.since} ${t.period}`;
              expect(w.timers(n.id).map(timer), `${n.id} timers at ${k}`).toEqual((timers.get(n.id) ?? []).map(timer));
              const actor = s.host.actor(n.id);
              if (!actor) continue;
              const d = daemonOf(n.kind);
              if (!d) continue;
              const context = d.machine ? (actor as MachineActor<unknown>).context : actor.snapshot();
              if (d.machine) expect(v?.state, `${n.id} state at ${k}`).toBe((actor as MachineActor<unknown>).state);
              const truth = readDaemon(d, context as never);
              expect(w.status(n.id), `${n.id} status at ${k}`).toEqual(truth.status);
              for (const key of Object.keys(truth.tables)) {
                const byId = (rows: { id: string; row: unknown }[]) =>
                  rows.map((r) => ({ id: r.id, row: r.row })).sort((a, b) => (a.id < b.id ? -1 : 1));
                expect(byId(w.table(n.id, key)), `${n.id} ${key} at ${k}`).toEqual(byId(truth.tables[key]));
              }
            }
            const partitions = s.sim.kernel.partitions().map((p) => p.name);
            expect(w.network.partitions.map((p) => p.name)).toEqual(partitions);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('keeps a fixed-rate timer in its rhythm through a pause (ticks held, then handled late)', () => {
    const scenario = parseScenario({
      version: 1,
      name: 'pause',
      description: '',
      seed: 3,
      masters: [{ host: 'm1', port: 7077 }],
      workers: [{ host: 'w1', port: 7078, cores: 2, memory: '1g' }],
      faults: [{ at: '20s', action: 'pause', target: 'worker-1', duration: '37s' }],
    });
    const s = createInProcessSession(scenario);
    s.sim.runUntil(90_000);
    const events = s.sim.events.slice();
    const at = worldOf(headerOf(s.sim.spec), events);
    const late = events.filter(
      (e) => e.node === 'worker-1' && e.kind === 'timer' && e.t === events.find((r) => r.kind === 'resume')?.t,
    );
    expect(late.length).toBeGreaterThan(1);
    for (let k = 0; k <= events.length; k++) {
      s.sim.seek(k);
      // While paused, its ticks come due unseen: the world shows them overdue (the kernel moves them on).
      if (s.sim.kernel.isPaused('worker-1')) {
        expect(at(k).node('worker-1')?.paused).toBe(true);
        continue;
      }
      const want = (s.sim.kernel.pendingTimers().get('worker-1') ?? []).map(timer);
      expect(at(k).timers('worker-1').map(timer), `timers at ${k}`).toEqual(want);
    }
  });

  it('is the same world at cursor k whether it was reached by seeking or by stepping from 0', () => {
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 1, max: 400 }), (c, stride) => {
        const scenario = clusterScenario(c);
        const s = createInProcessSession(scenario);
        s.sim.runUntil(runLength(scenario));
        const events = s.sim.events.slice();
        const header = headerOf(s.sim.spec);
        // Stepping: an index that grows with the trace, asked about each cursor in turn.
        const growing = new WorldIndex(header);
        const stepped = new Map<number, string>();
        const seen: TraceEvent[] = [];
        const seenList = eventArray(seen);
        for (let k = 0; k <= events.length; k++) {
          if (k > 0) seen.push(events[k - 1]);
          growing.sync(seenList);
          if (k % stride === 0 || k === events.length)
            stepped.set(k, JSON.stringify(worldJson(growing.at(k, k > 0 ? events[k - 1].t : 0))));
        }
        // Seeking: one index over the whole trace, asked in a scrambled order.
        const whole = new WorldIndex(header);
        whole.sync(eventArray(events));
        const order = [...stepped.keys()].sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
        for (const k of order) {
          expect(JSON.stringify(worldJson(whole.at(k, k > 0 ? events[k - 1].t : 0))), `world at ${k}`).toBe(
            stepped.get(k),
          );
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('patches its node list and tables from the last cursor asked, the same as made whole', () => {
    fc.assert(
      fc.property(
        clusterArb,
        fc.array(fc.integer({ min: -40, max: 60 }), { minLength: 5, maxLength: 40 }),
        (c, moves) => {
          const scenario = clusterScenario(c);
          const s = createInProcessSession(scenario);
          s.sim.runUntil(runLength(scenario));
          const events = s.sim.events.slice();
          const header = headerOf(s.sim.spec);
          const walked = new WorldIndex(header);
          walked.sync(eventArray(events));
          let k = 0;
          for (const move of moves) {
            // Small steps both ways, and now and then a jump past half the trace.
            k = Math.abs(move) > 50 ? (k + Math.floor(events.length / 2)) % (events.length + 1) : k + move;
            k = Math.max(0, Math.min(events.length, k));
            const t = k > 0 ? events[k - 1].t : 0;
            const fresh = new WorldIndex(header);
            fresh.sync(eventArray(events));
            const [w, f] = [walked.at(k, t), fresh.at(k, t)];
            expect(JSON.stringify(w.nodes), `nodes at ${k}`).toBe(JSON.stringify(f.nodes));
            // Tables too: one that did not change since it was last asked for is handed out again.
            for (const n of header.nodes)
              for (const key of w.tables(n.id))
                expect(JSON.stringify(w.table(n.id, key)), `${n.id} ${key} at ${k}`).toBe(
                  JSON.stringify(f.table(n.id, key)),
                );
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('names the handler an event entered, and the Spark methods it called on the way', () => {
    // Scenario 04: master-1 is killed at 30 s; master-2's ElectedLeader reads the persisted
    // workers, begins the recovery and registers each of the three again.
    const doc = JSON.parse(readFileSync('scenarios/04-zookeeper-failover.json', 'utf8'));
    const s = createInProcessSession(parseScenario(doc));
    s.sim.runUntil(30_000);
    s.sim.inject({ action: 'kill', target: 'master-1' });
    s.sim.runUntil(120_000);
    const events = s.sim.events.slice();
    const elected = events.findIndex((e) => e.node === 'master-2' && e.msg === 'ElectedLeader');
    expect(elected).toBeGreaterThan(0);
    const index = new WorldIndex(headerOf(s.sim.spec));
    index.sync(eventArray(events));
    const run = index.at(elected + 1, events[elected].t).handler('master-2');
    expect(run).toMatchObject({ ref: { method: 'receive', case: 'ElectedLeader' }, i: elected, what: 'ElectedLeader' });
    expect(run?.calls.map((c) => [c.ref.method, c.times])).toEqual([
      ['readPersistedData', 1],
      ['beginRecovery', 1],
      ['registerWorker', 3],
    ]);
    // The application client's MasterChanged calls nothing further.
    const changed = events.findIndex((e) => e.node === 'app-1' && e.msg === 'MasterChanged');
    expect(changed).toBeGreaterThan(elected);
    expect(index.at(changed + 1, events[changed].t).handler('app-1')).toMatchObject({
      ref: { method: 'receive', case: 'MasterChanged' },
      i: changed,
      calls: [],
    });
  });

  it('forgets exactly what a cut trace lost (a fork), as if it had never read it', () => {
    fc.assert(
      fc.property(clusterArb, fc.double({ min: 0, max: 1, noNaN: true }), (c, p) => {
        const scenario = clusterScenario(c);
        const s = createInProcessSession(scenario);
        s.sim.runUntil(runLength(scenario));
        const events = s.sim.events.slice();
        const n = Math.floor(p * events.length);
        const cut = new WorldIndex(headerOf(s.sim.spec));
        cut.sync(eventArray(events));
        cut.truncate(n);
        const fresh = new WorldIndex(headerOf(s.sim.spec));
        fresh.sync(eventArray(events.slice(0, n)));
        const end = events.at(-1)?.t ?? 1;
        expect(cut.density(end, 60)).toEqual(fresh.density(end, 60));
        for (const k of [0, Math.floor(n / 2), n]) {
          const t = k > 0 ? events[k - 1].t : 0;
          expect(JSON.stringify(worldJson(cut.at(k, t))), `world at ${k} of ${n}`).toBe(
            JSON.stringify(worldJson(fresh.at(k, t))),
          );
        }
        expect(cut.marks).toEqual(fresh.marks);
      }),
      { numRuns: 30 },
    );
  });
});
