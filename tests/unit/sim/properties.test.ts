/** Kernel properties over random clusters and fault schedules (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import { canonicalJson, hashTrace } from '../../../src/lib/sim/trace';
import { parseTrace, serializeTrace } from '../../../src/lib/sim/trace-file';
import {
  clusterArb,
  clusterDoc,
  clusterScenario,
  versionedClusterArb,
  type ClusterShape,
} from '../support/random-cluster';

const RUNS = { numRuns: 25 };

describe('kernel properties', () => {
  it('the same scenario and seed give the same hash', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const s = clusterScenario(c);
        const a = createInProcessSession(s);
        const b = createInProcessSession(s);
        a.sim.runUntil(180_000);
        b.sim.runUntil(180_000);
        expect(a.sim.events.length).toBeGreaterThan(0);
        expect(a.sim.hash()).toBe(b.sim.hash());
      }),
      RUNS,
    );
  });

  it('a different seed gives a different run', () => {
    const c = { seed: 1, masters: 1, mode: 'NONE' as const, workers: 3, apps: 1, drivers: 0, faults: [] };
    const a = createInProcessSession(clusterScenario(c));
    const b = createInProcessSession(clusterScenario({ ...c, seed: 2 }));
    a.sim.runUntil(60_000);
    b.sim.runUntil(60_000);
    expect(a.sim.hash()).not.toBe(b.sim.hash());
  });

  it('a random fault schedule never throws', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const s = createInProcessSession(clusterScenario(c));
        expect(() => s.sim.runUntil(180_000)).not.toThrow();
        expect(s.sim.now).toBe(180_000);
      }),
      RUNS,
    );
  });

  it('a trace serialized and parsed again has the same hash', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const s = createInProcessSession(clusterScenario(c));
        s.sim.runUntil(120_000);
        const text = serializeTrace({
          scenario: clusterDoc(c),
          seed: c.seed,
          until: 120_000,
          injections: [],
          events: s.sim.events,
        });
        const parsed = parseTrace(text);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(hashTrace(parsed.trace.events)).toBe(s.sim.hash());
        expect(parsed.trace.hash).toBe(s.sim.hash());
      }),
      RUNS,
    );
  });

  it('seeking to event k and stepping gives the same state as running to k', () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(), fc.nat(), (c, r1, r2) => {
        const scenario = clusterScenario(c);
        const recorded = createInProcessSession(scenario, { checkpointEvery: 16 });
        recorded.sim.runUntil(120_000);
        const n = recorded.sim.events.length;
        const k = r1 % n;
        const j = r2 % n;
        // Wander: seek forward and back, then to k.
        recorded.sim.seek(j);
        recorded.sim.seek(k);
        const afterSeek = canonicalJson(recorded.sim.kernel.save());
        const next = recorded.sim.step();

        const straight = createInProcessSession(scenario);
        straight.sim.stepMany(k);
        expect(afterSeek).toBe(canonicalJson(straight.sim.kernel.save()));
        const expected = straight.sim.step();
        expect(canonicalJson(next)).toBe(canonicalJson(expected));
        expect(canonicalJson(next)).toBe(canonicalJson(recorded.sim.events.at(k)!));
      }),
      { numRuns: 20 },
    );
  });

  it('rejects a trace whose events were edited', () => {
    const c = { seed: 5, masters: 1, mode: 'NONE' as const, workers: 2, apps: 0, drivers: 0, faults: [] };
    const s = createInProcessSession(clusterScenario(c));
    s.sim.runUntil(30_000);
    const file = JSON.parse(
      serializeTrace({ scenario: {}, seed: 5, until: 30_000, injections: [], events: s.sim.events }),
    );
    file.events.at(3)!.t += 1;
    const r = parseTrace(JSON.stringify(file));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].path).toBe('hash');
  });
});

/** The broken invariants of a random cluster run for three virtual minutes. */
function violationsOf(c: ClusterShape) {
  const s = createInProcessSession(clusterScenario(c));
  s.sim.runUntil(180_000);
  return s.sim.events.slice().flatMap((e) => e.fx.filter((f) => f.k === 'violation').map((f) => ({ t: e.t, ...f })));
}

describe('Spark model properties', () => {
  it('random fault schedules on random clusters keep every guaranteed invariant', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        expect(violationsOf(c)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("in every release line (spark.version 1.6, 2.4, 3.5, 4.0), random fault schedules keep that release's invariants", () => {
    fc.assert(
      fc.property(versionedClusterArb, (c) => {
        expect(violationsOf(c)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
