/**
 * The threaded runtime against the in-process one: same scenario and seed, same trace hash, with
 * daemons spread over threads that answer in random interleavings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import { ThreadedHost } from '../../../src/lib/runtime/threaded-host';
import { threadedSession } from '../../../src/lib/runtime/threaded';
import type { ActorKind, ActorRegistry } from '../../../src/lib/sim/actor';
import type { Answer } from '../../../src/lib/sim/host';
import type { ToThread } from '../../../src/lib/runtime/protocol';
import type { ThreadPort } from '../../../src/lib/runtime/threaded-host';
import { catalog } from '../../../src/lib/scenario/catalog';
import { loadScenario, parseScenario, runLength, type Scenario } from '../../../src/lib/scenario/load';
import { uniformCluster } from '../../../src/lib/scenario/uniform-cluster';
import { clusterArb, clusterScenario } from '../support/random-cluster';
import { fakeThreads } from './fake-threads';
import { sparkRegistry } from '../../../src/lib/spark/registry';
import { Rng } from '../../../src/lib/sim/rng';
import { inProcessHash } from '../support/in-process-hash';

function scenarioOf(file: string): Scenario {
  const entry = catalog.find((c) => c.file === file);
  if (!entry) throw new Error(`no scenario ${file}`);
  const r = loadScenario(entry.doc);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.scenario;
}

function threaded(s: Scenario, threads = 3, seed = 1, batching = true) {
  const fake = fakeThreads(seed);
  return { fake, session: threadedSession(s, { threads, factory: fake.factory, batching }) };
}

describe('threaded runtime', () => {
  it.each(catalog.map((c) => c.file))('gives the in-process hash for %s', async (file) => {
    const s = scenarioOf(file);
    const { session } = threaded(s);
    await session.runUntil(runLength(s));
    expect(session.sim.events.length).toBeGreaterThan(10);
    const ref = createInProcessSession(s);
    ref.sim.runUntil(runLength(s));
    expect(session.hash()).toBe(ref.sim.hash());
    expect(await session.final()).toEqual(ref.final());
  });

  it('hands predicted inputs out in batches (fewer round trips than inputs)', async () => {
    const s = parseScenario(uniformCluster({ workers: 100, cores: 4, memory: '8g', seed: 3 }));
    const { session } = threaded(s, 4);
    await session.runUntil(120_000);
    expect(session.sim.stats.handled).toBeGreaterThan(1000);
    expect(session.sim.stats.roundTrips).toBeLessThan(session.sim.stats.handled * 0.8);
    expect(session.hash()).toBe(inProcessHash(s, 120_000));
  });

  it('batches too when a run is made in slices of events, and stops exactly where asked, faults included', async () => {
    const s = parseScenario(uniformCluster({ workers: 100, cores: 4, memory: '8g', seed: 3 }));
    const ref = createInProcessSession(s);
    ref.sim.runUntil(40_000);
    ref.sim.inject({ action: 'kill', target: 'worker-7' }, 40_000);
    ref.sim.runUntil(90_000);
    const n = ref.sim.events.length;
    const { session } = threaded(s, 4);
    session.sim.replayInjections(ref.sim.injections);
    // Slices of a few hundred events (as the page makes them), ending exactly at the run's length.
    while (session.sim.events.length < n) {
      const before = session.sim.events.length;
      await session.stepMany(Math.min(333, n - before));
      expect(session.sim.events.length - before).toBeLessThanOrEqual(333);
    }
    expect(session.sim.events.length).toBe(n);
    expect(session.sim.stats.roundTrips).toBeLessThan(session.sim.stats.handled * 0.8);
    session.sim.idleUntil(90_000);
    expect(session.hash()).toBe(ref.sim.hash());
  });

  it("an answer of a closed run, delivered late on a thread handed back, never answers the next run's request", async () => {
    // One real port, held by hand: what it is sent is kept, and answers are delivered when the test says.
    const sent: ToThread[] = [];
    const pool: ThreadPort[] = [];
    const port: ThreadPort = {
      post: (m) => void sent.push(m),
      terminate: () => undefined,
      onmessage: () => undefined,
      onerror: () => undefined,
      release: () => void pool.push(port),
    };
    const factory = () => pool.pop() ?? port;
    const init = { id: 'worker-1', address: 'h:1', incarnation: 0, seed: 1, params: {} };
    const input = { kind: 'timer' as const, key: 'k', name: 'SendHeartbeat' };
    const ridOf = (t: string) => (sent.filter((m) => m.t === t).at(-1) as { rid: number }).rid;

    const first = new ThreadedHost(() => undefined, factory, 1);
    first.spawn('worker', init);
    void first.request([{ id: 'worker-1', input, now: 0 }]).result(0);
    const stale = ridOf('handle');
    first.close();
    port.onmessage({ rid: ridOf('reset'), t: 'reset' });
    await new Promise((r) => setTimeout(r, 0));
    expect(pool).toEqual([port]);

    const second = new ThreadedHost(() => undefined, factory, 1);
    second.spawn('worker', init);
    const answer = second.request([{ id: 'worker-1', input, now: 0 }]).result(0) as Promise<Answer>;
    // The first run's answer comes now, through the port the second run holds.
    port.onmessage({
      rid: stale,
      t: 'handled',
      results: [{ ops: [{ op: 'log', level: 'INFO', logger: 'Stale', text: 'stale' }] }],
    });
    port.onmessage({ rid: ridOf('handle'), t: 'handled', results: [{ ops: [] }] });
    expect(await answer).toEqual({ ops: [] });
  });

  it("returns each thread's results in the order the inputs were given, whoever answers first", async () => {
    // Each daemon logs "<id> fired <timer name>": the answer says who handled what.
    const echo: ActorKind<{ id: string }> = {
      create: (init) => ({
        handle: (input, io) => io.log('INFO', 'Echo', `${init.id} fired ${input.kind === 'timer' ? input.name : '?'}`),
        snapshot: () => ({}),
      }),
      restore: (init) => echo.create(init),
    };
    const registry = { echo } as unknown as ActorRegistry;
    const fake = fakeThreads(9, registry);
    const host = new ThreadedHost(
      (kind) => registry[kind]?.probe as ((s: unknown) => unknown) | undefined,
      fake.factory,
      3,
    );
    for (const [i, id] of ['a', 'b', 'c'].entries()) {
      host.spawn('echo', { id, address: `h:${i}`, incarnation: 0, seed: i, params: { id } });
    }
    const items = ['c', 'a', 'b', 'a', 'c'].map((id, n) => ({
      id,
      input: { kind: 'timer' as const, key: 'k', name: `T${n}` },
      now: n,
    }));
    const batch = host.request(items);
    const results = await Promise.all(items.map((_, i) => batch.result(i)));
    expect(results.map((r) => ('ops' in r ? (r.ops.find((o) => o.op === 'log') as { text: string }).text : r))).toEqual(
      items.map((it) => `${it.id} fired T${it.now}`),
    );
    expect(host.threads()).toBe(3);
  });

  it('merges effects in kernel order whatever order threads answer in', async () => {
    const s = scenarioOf('04-zookeeper-failover.json');
    const hashes = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const { session } = threaded(s, 4, seed);
      await session.runUntil(runLength(s));
      hashes.add(session.hash());
    }
    expect(hashes).toEqual(new Set([inProcessHash(s)]));
  });

  it('pools daemons beyond the thread limit and keeps one thread per daemon below it', async () => {
    const s = scenarioOf('01-register-three-workers.json');
    const small = threaded(s, 2);
    await small.session.runUntil(30_000);
    expect(small.session.threads()).toBe(2);
    const big = threaded(s, 16);
    await big.session.runUntil(30_000);
    const k = big.session.sim.kernel;
    expect(big.session.threads()).toBe(k.nodeIds().filter((id) => k.isUp(id)).length);
  });

  it('gives the Master a thread that no Worker shares, and spreads the Workers over the rest', async () => {
    const s = parseScenario(uniformCluster({ workers: 12 }));
    for (const threads of [2, 4]) {
      const { session } = threaded(s, threads);
      await session.runUntil(20_000);
      const k = session.sim.kernel;
      const master = session.host.threadOf('master-1');
      const workerThreads = k
        .nodeIds()
        .filter((id) => k.nodeSpec(id)?.kind === 'worker')
        .map((id) => session.host.threadOf(id));
      expect(workerThreads).not.toContain(master);
      const counts = [...new Set(workerThreads)].map((t) => workerThreads.filter((x) => x === t).length);
      expect(counts).toHaveLength(threads - 1);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      // Seeking back rebuilds every daemon in the thread it lived in.
      await session.seek(10);
      expect(session.host.threadOf('master-1')).toBe(master);
    }
  });

  it('steps, seeks and goes back exactly like the in-process runtime', async () => {
    const s = scenarioOf('02-worker-timeout-and-reconnect.json');
    const ref = createInProcessSession(s, { checkpointEvery: 64 });
    ref.sim.runUntil(runLength(s));
    const { session } = threaded(s, 3, 7);
    await session.runUntil(runLength(s));
    const n = session.sim.events.length;
    for (const target of [Math.floor(n / 2), 5, n - 1, 0, Math.floor(n / 3)]) {
      await session.seek(target);
      ref.sim.seek(target);
      expect(session.sim.cursor).toBe(target);
      const want = ref.host.has('master-1') ? ref.host.snapshot('master-1').actor : null;
      expect(await session.state('master-1')).toEqual(want);
    }
    const e = await session.step();
    ref.sim.step();
    expect(e).toEqual(ref.sim.events.at(e?.i ?? -1)!);
    await session.back();
    expect(session.sim.cursor).toBe(ref.sim.cursor - 1);
  });

  it('a seek re-runs the record from a checkpoint: every daemon ends where the in-process one is, on random clusters', async () => {
    await fc.assert(
      fc.asyncProperty(
        clusterArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        async (c, spots) => {
          const s = clusterScenario(c);
          const end = runLength(s);
          const { session } = threaded(s, 2, c.seed);
          await session.runUntil(end);
          const ref = createInProcessSession(s, { checkpointEvery: 64 });
          ref.sim.runUntil(end);
          const n = session.sim.events.length;
          for (const spot of spots) {
            const target = Math.floor(spot * n);
            await session.seek(target);
            ref.sim.seek(target);
            expect(session.sim.cursor).toBe(target);
            for (const id of session.sim.kernel.nodeIds()) {
              const want = ref.host.has(id) ? ref.host.snapshot(id).actor : null;
              if (session.host.has(id)) expect(await session.state(id)).toEqual(want);
            }
          }
          // Beyond the record, the run goes on as if it had never moved back.
          await session.runUntil(end + 30_000);
          ref.sim.runUntil(end + 30_000);
          expect(session.hash()).toBe(ref.sim.hash());
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('exact stops and slices of any length give the in-process hash, a prediction past an exact stop undone', async () => {
    // Workers registering arm a heartbeat timer of no delay, an event the lookahead did not count:
    // now and then a prediction is left over at a stop. An exact stop (a step) goes back and redoes
    // it; a slice runs on until it is handled, a few events past its count.
    const s = parseScenario(uniformCluster({ workers: 30 }));
    const end = 180_000;
    const ref = createInProcessSession(s);
    ref.sim.runUntil(end);
    const total = ref.sim.events.length;
    let undone = 0;
    let over = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const { session } = threaded(s, 4, seed);
      const sim = session.sim;
      const draws = Rng.seeded(seed);
      while (sim.cursor < total) {
        const exact = draws.next() < 0.5;
        const n = Math.min(total - sim.cursor, 1 + Math.floor(draws.next() * (exact ? 12 : 100)));
        const from = sim.cursor;
        if (exact) {
          expect(await sim.stepManyAsync(n)).toBe(n);
        } else {
          const ran = await sim.sliceAsync(end, n);
          expect(ran).toBeGreaterThanOrEqual(Math.min(n, total - from));
          if (ran > n) over++;
        }
      }
      expect(sim.cursor).toBe(total);
      expect(session.hash()).toBe(ref.sim.hash());
      undone += sim.stats.undone;
    }
    expect({ undone: undone > 0, over: over > 0 }).toEqual({ undone: true, over: true });
  }, 60_000);

  it('slices ended early by the page’s budget (enough) give the in-process hash and never skip time', async () => {
    // The page ends a slice when its time is up: wherever that falls, the run is the same, and a
    // cut slice leaves the events due before `until` to the next one (it does not jump the clock).
    const s = parseScenario(uniformCluster({ workers: 30 }));
    const end = 120_000;
    const ref = createInProcessSession(s);
    ref.sim.runUntil(end);
    let cuts = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const { session } = threaded(s, 3, seed);
      const sim = session.sim;
      const draws = Rng.seeded(seed);
      while (sim.settledTime < end) {
        let asked = 0;
        const after = 1 + Math.floor(draws.next() * 40);
        const from = sim.cursor;
        const ran = await sim.sliceAsync(end, 500, () => ++asked >= after);
        if (asked >= after) {
          cuts++;
          // Cut: the clock stays at the last event, with events still due before the end.
          expect(sim.settledTime).toBeLessThan(end);
          expect(ran).toBeGreaterThan(0);
          expect(sim.cursor).toBe(from + ran);
        }
      }
      expect(session.hash()).toBe(ref.sim.hash());
    }
    expect(cuts).toBeGreaterThan(10);
  }, 60_000);

  it('kill terminates a daemon thread and restart spawns a fresh one', async () => {
    const s = scenarioOf('01-register-three-workers.json');
    const { session, fake } = threaded(s, 16);
    await session.runUntil(20_000);
    const before = session.threads();
    session.inject({ action: 'kill', target: 'worker-2' });
    await session.runUntil(21_000);
    expect(session.threads()).toBe(before - 1);
    session.inject({ action: 'restart', target: 'worker-2' });
    await session.runUntil(40_000);
    expect(session.threads()).toBe(before);
    expect(fake.created()).toBe(before + 1);
  });

  it('a big idle cluster sleeps (its threads ended) and wakes on the next step, seek or fault with the in-process hash', async () => {
    const s = parseScenario(uniformCluster({ workers: 120, cores: 4, memory: '8g', seed: 5 }));
    const { session, fake } = threaded(s, 3);
    await session.runUntil(30_000);
    expect(fake.alive()).toBe(3);
    expect(await session.sleep()).toBe(true);
    expect(fake.alive()).toBe(0);
    // Asleep, it says where its daemons will run, and a second sleep does nothing.
    expect(session.threads()).toBe(3);
    expect(await session.sleep()).toBe(false);
    // A daemon's state is read from the snapshot kept, without waking.
    expect(((await session.state('worker-7')) as { value: unknown }).value).toBeDefined();
    expect(fake.alive()).toBe(0);
    await session.runUntil(60_000);
    expect(fake.alive()).toBe(3);
    expect(session.hash()).toBe(inProcessHash(s, 60_000));
    // Asleep again, then a seek back and a fault: the same run as in-process.
    const k = Math.floor(session.sim.events.length / 3);
    expect(await session.sleep()).toBe(true);
    await session.seek(k);
    session.inject({ action: 'kill', target: 'worker-3' });
    expect(await session.sleep()).toBe(true);
    await session.runUntil(90_000);
    const ref = createInProcessSession(s);
    ref.sim.runUntil(60_000);
    ref.sim.seek(k);
    ref.sim.inject({ action: 'kill', target: 'worker-3' });
    ref.sim.runUntil(90_000);
    expect(session.hash()).toBe(ref.sim.hash());
    expect(await session.final()).toEqual(ref.final());
  });

  it('a small cluster never sleeps: its threads weigh little', async () => {
    const { session, fake } = threaded(scenarioOf('01-register-three-workers.json'), 3);
    await session.runUntil(20_000);
    expect(await session.sleep()).toBe(false);
    expect(fake.alive()).toBeGreaterThan(0);
  });

  it('hands its threads back when closed, and the next run on them matches the in-process one', async () => {
    const fake = fakeThreads(2, sparkRegistry, { pool: true });
    const first = parseScenario(uniformCluster({ workers: 6, seed: 4 }));
    const a = threadedSession(first, { threads: 3, factory: fake.factory });
    await a.runUntil(30_000);
    // A killed daemon's thread ends; it is not handed back.
    a.inject({ action: 'kill', target: 'worker-1' });
    await a.runUntil(31_000);
    const live = a.threads();
    a.close();
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.idle()).toBe(live);
    // The next run takes the warm threads (none is created) and sees none of the old daemons.
    const created = fake.created();
    const next = scenarioOf('01-register-three-workers.json');
    const b = threadedSession(next, { threads: 3, factory: fake.factory });
    await b.runUntil(runLength(next));
    expect(fake.created()).toBe(created);
    const ref = createInProcessSession(next);
    ref.sim.runUntil(runLength(next));
    expect(b.hash()).toBe(ref.sim.hash());
    expect(await b.final()).toEqual(ref.final());
  });

  it('records a daemon that throws inside its thread as crashed, and goes on', async () => {
    const s = scenarioOf('01-register-three-workers.json');
    const { session } = threaded(s, 16);
    await session.runUntil(20_000);
    session.inject({ action: 'command', target: 'worker-1', name: 'throw', args: { message: 'boom' } });
    await session.runUntil(60_000);
    const crash = session.sim.events.slice().find((e) => e.fx.some((f) => f.k === 'down' && f.node === 'worker-1'));
    expect(crash?.fx.some((f) => f.k === 'log' && f.text === 'Uncaught exception: boom')).toBe(true);
    expect(session.sim.kernel.isUp('worker-1')).toBe(false);
    expect(session.sim.events.at(-1)?.t).toBeGreaterThan(50_000);
    // The in-process runtime records the same crash.
    const ref = createInProcessSession(s);
    ref.sim.runUntil(20_000);
    ref.sim.inject({ action: 'command', target: 'worker-1', name: 'throw', args: { message: 'boom' } });
    ref.sim.runUntil(60_000);
    expect(session.hash()).toBe(ref.sim.hash());
  });

  it('a thread that dies takes its daemons down with the reason, and the run goes on', async () => {
    const s = scenarioOf('01-register-three-workers.json');
    const { session } = threaded(s, 16);
    await session.runUntil(20_000);
    expect(session.host.killThread('worker-3', 'out of memory')).toBe(true);
    await session.runUntil(60_000);
    const down = session.sim.events
      .slice()
      .flatMap((e) => e.fx)
      .find((f) => f.k === 'down' && f.node === 'worker-3');
    expect(down).toMatchObject({ reason: 'Web Worker died: out of memory' });
    expect(session.sim.kernel.isUp('worker-1')).toBe(true);
  });

  it('matches the in-process hash on random clusters and fault schedules', async () => {
    await fc.assert(
      fc.asyncProperty(clusterArb, fc.integer({ min: 1, max: 4 }), async (c, threads) => {
        const s = clusterScenario(c);
        const { session } = threaded(s, threads, c.seed);
        await session.runUntil(runLength(s));
        expect(session.hash()).toBe(inProcessHash(s));
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
