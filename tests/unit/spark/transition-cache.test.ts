/**
 * The transition cache runs action-only transitions without XState's interpreter. It must never
 * change what happens: every scenario and random fault schedules give the same trace hash with the
 * cache on and off, and the cache declines every transition it cannot reproduce.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import { parseScenario, runLength, type Scenario } from '../../../src/lib/scenario/load';
import { masterMachine } from '../../../src/lib/spark/master/machine';
import { TransitionCache } from '../../../src/lib/spark/transition-cache';
import { clusterArb, clusterScenario } from '../support/random-cluster';

function hash(s: Scenario, fastPath: boolean): { hash: string; events: number } {
  const run = createInProcessSession(s, { fastPath });
  run.sim.runUntil(runLength(s));
  return { hash: run.sim.hash(), events: run.sim.events.length };
}

describe('transition cache', () => {
  for (const file of readdirSync('scenarios').filter((f) => f.endsWith('.json'))) {
    it(`${file}: same trace with and without the cache`, () => {
      const s = parseScenario(JSON.parse(readFileSync(`scenarios/${file}`, 'utf8')));
      const on = hash(s, true);
      expect(on.events).toBeGreaterThan(0);
      expect(on).toEqual(hash(s, false));
    });
  }

  it('random clusters and fault schedules give the same trace with and without the cache', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const s = clusterScenario(c);
        expect(hash(s, true)).toEqual(hash(s, false));
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  it('plans a targetless action-only transition and declines targets, guards and built-ins', () => {
    const m = setup({
      types: { context: {} as { n: number }, events: {} as { type: string } },
      actions: { bump: ({ context }) => void context.n++ },
      guards: { never: () => false },
    }).createMachine({
      context: { n: 0 },
      initial: 'a',
      on: { Bump: { actions: 'bump' }, Guarded: { guard: 'never', actions: 'bump' } },
      states: {
        a: { on: { Go: 'b' } },
        b: { on: { Bump: { actions: ['bump', { type: 'bump' }] } }, always: [] },
        c: { always: { target: 'a' } },
      },
    });
    const cache = new TransitionCache(m);
    const actor = createActor(m).start();
    const snap = actor.getSnapshot();
    expect(cache.plan(snap, 'Bump')).toHaveLength(1);
    expect(cache.plan(snap, 'Go')).toBeNull(); // a target
    expect(cache.plan(snap, 'Guarded')).toBeNull(); // a guard
    expect(cache.plan(snap, 'Nothing')).toEqual([]); // ignored, as XState ignores it
    actor.send({ type: 'Go' });
    // The deepest state's own transition wins over the root's.
    expect(cache.plan(actor.getSnapshot(), 'Bump')).toHaveLength(2);
  });

  it('declines a machine with wildcard descriptors and a state with eventless transitions', () => {
    const wild = setup({ types: { events: {} as { type: string } } }).createMachine({
      initial: 'a',
      states: { a: { on: { '*': {} } } },
    });
    expect(new TransitionCache(wild).plan(createActor(wild).start().getSnapshot(), 'X')).toBeNull();
    // The Master right after ElectedLeader with something persisted sits in RECOVERING.begin (eventless).
    const cache = new TransitionCache(masterMachine);
    const nodes = [{ id: 'r', type: 'atomic', transitions: new Map(), always: [{}], states: {} }];
    expect(cache.plan({ _nodes: nodes }, 'Heartbeat')).toBeNull();
  });
});
