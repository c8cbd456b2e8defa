/**
 * The statecharts the page draws (issue 20 §1): made from the XState machines, so they cannot
 * drift (the kept file must equal a fresh build), laid out sanely, and lit where the daemon is.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { chartsFromExamples, CHARTS_FILE } from '../../../scripts/statecharts-lib';
import { masterMachine } from '../../../src/lib/spark/master/machine';
import { workerMachine } from '../../../src/lib/spark/worker/machine';
import { chartOf } from '../../../src/lib/statechart/graph';
import { litAt } from '../../../src/lib/statechart/taken';
import type { Box, ChartLayout, Point } from '../../../src/lib/statechart/types';

const kept = JSON.parse(readFileSync(CHARTS_FILE, 'utf8')) as Record<string, ChartLayout>;

describe('charts.json', () => {
  it('is what the machines and the example scenarios give today (run npm run statecharts if not)', async () => {
    const fresh = await chartsFromExamples();
    expect(JSON.parse(fresh)).toEqual(kept);
  }, 60_000);

  it('has every state and every state-changing transition of each machine', () => {
    for (const [kind, machine] of [
      ['master', masterMachine],
      ['worker', workerMachine],
    ] as const) {
      const g = chartOf(machine);
      const chart = kept[kind];
      expect(chart.states.map((s) => s.path)).toEqual(g.states.map((s) => s.path));
      for (const t of g.transitions) {
        expect(
          chart.edges.some((e) => e.transitions.includes(t.id)),
          `${kind} ${t.id}`,
        ).toBe(true);
      }
    }
    // Spark's names: the Master's election, the Worker's registration retries.
    const master = chartOf(masterMachine);
    expect(master.transitions).toContainEqual(
      expect.objectContaining({ from: 'STANDBY', to: 'RECOVERING', event: 'ElectedLeader' }),
    );
    expect(master.transitions).toContainEqual(
      expect.objectContaining({ from: 'RECOVERING.waiting', to: 'COMPLETING_RECOVERY', event: 'CompleteRecovery' }),
    );
    const worker = chartOf(workerMachine);
    expect(worker.transitions).toContainEqual(
      expect.objectContaining({
        from: 'Registering.Initial',
        to: 'Registering.Prolonged',
        event: 'ReregisterWithMaster',
        guard: 'willProlong',
      }),
    );
    expect(master.handles.find((h) => h.state === '')?.events.map((e) => e.event)).toContain('Heartbeat');
  });

  const inside = (b: Box, p: Point, slack = 1) =>
    p.x >= b.x - slack && p.x <= b.x + b.width + slack && p.y >= b.y - slack && p.y <= b.y + b.height + slack;
  const onBorder = (b: Box, p: Point) =>
    inside(b, p) &&
    (Math.abs(p.x - b.x) <= 1 ||
      Math.abs(p.x - b.x - b.width) <= 1 ||
      Math.abs(p.y - b.y) <= 1 ||
      Math.abs(p.y - b.y - b.height) <= 1);

  it.each(Object.keys(kept))(
    '%s: children sit inside their parent, siblings apart, arrows end on their states',
    (kind) => {
      const c = kept[kind];
      for (const s of c.states) {
        const b = c.boxes[s.path];
        expect(b.width * b.height, s.path).toBeGreaterThan(0);
        if (s.parent !== null) {
          const p = c.boxes[s.parent];
          expect(
            inside(p, { x: b.x, y: b.y }, 0) && inside(p, { x: b.x + b.width, y: b.y + b.height }, 0),
            s.path,
          ).toBe(true);
        }
      }
      for (const a of c.states) {
        for (const b of c.states) {
          if (a.path >= b.path || a.parent !== b.parent) continue;
          const x = c.boxes[a.path];
          const y = c.boxes[b.path];
          const apart = x.x + x.width <= y.x || y.x + y.width <= x.x || x.y + x.height <= y.y || y.y + y.height <= x.y;
          expect(apart, `${a.path} and ${b.path} overlap`).toBe(true);
        }
      }
      for (const e of c.edges) {
        expect(e.points.length, e.id).toBeGreaterThanOrEqual(2);
        expect(onBorder(c.boxes[e.from], e.points[0]), `${e.id} starts on ${e.from}`).toBe(true);
        expect(onBorder(c.boxes[e.to], e.points[e.points.length - 1]), `${e.id} ends on ${e.to}`).toBe(true);
        expect(e.label.width, e.id).toBeGreaterThan(0);
      }
    },
  );

  it("names the Spark handlers an arrow runs, the entry handler first (from the examples' traces)", () => {
    expect(kept.master.refs.ElectedLeader[0]).toEqual({
      file: 'deploy/master/Master.scala',
      method: 'receive',
      case: 'ElectedLeader',
    });
    expect(kept.master.refs.CheckForWorkerTimeOut[0].method).toBe('timeOutDeadWorkers');
    expect(kept.worker.refs.RegisteredWorker[0].method).toBe('handleRegisterResponse');
  });
});

describe('litAt: what the chart lights', () => {
  const master = kept.master;
  const worker = kept.worker;
  const edgeOf = (c: ChartLayout, id: string) => c.edges.find((e) => e.transitions.includes(id))!.id;
  const taken = (c: ChartLayout, ids: Set<string>) => [...new Set([...ids].map((id) => edgeOf(c, id)))].sort();

  it('CompleteRecovery takes two arrows in one event: waiting → COMPLETING_RECOVERY → ALIVE', () => {
    const lit = litAt(master, 'ALIVE', 'CompleteRecovery', [
      { from: 'RECOVERING', to: 'COMPLETING_RECOVERY' },
      { from: 'COMPLETING_RECOVERY', to: 'ALIVE' },
    ]);
    expect(taken(master, lit.taken)).toEqual(['COMPLETING_RECOVERY->ALIVE', 'RECOVERING.waiting->COMPLETING_RECOVERY']);
    expect([...lit.active].sort()).toEqual(['', 'ALIVE']);
    expect(lit.handled).toBeNull();
  });

  it('a disconnection that ends recovery: the move inside RECOVERING, then the eventless arrows out', () => {
    const lit = litAt(master, 'ALIVE', 'Disconnected', [
      { from: 'RECOVERING', to: 'COMPLETING_RECOVERY' },
      { from: 'COMPLETING_RECOVERY', to: 'ALIVE' },
    ]);
    expect(taken(master, lit.taken)).toEqual([
      'COMPLETING_RECOVERY->ALIVE',
      'RECOVERING.checking->COMPLETING_RECOVERY',
      'RECOVERING.waiting->RECOVERING.checking',
    ]);
  });

  it('ElectedLeader to RECOVERING lights that arrow, not the one to ALIVE', () => {
    const lit = litAt(master, 'RECOVERING', 'ElectedLeader', [{ from: 'STANDBY', to: 'RECOVERING' }]);
    expect(taken(master, lit.taken)).toEqual(['STANDBY->RECOVERING']);
  });

  it('a worker prolonging its retries; a heartbeat handled in place; the last event elsewhere lights nothing', () => {
    const lit = litAt(worker, 'Registering.Prolonged', 'ReregisterWithMaster', [
      { from: 'Registering.Initial', to: 'Registering.Prolonged' },
    ]);
    expect(taken(worker, lit.taken)).toEqual(['Registering.Initial->Registering.Prolonged']);
    expect(lit.active.has('Registering')).toBe(true);
    expect(litAt(master, 'ALIVE', 'Heartbeat', []).handled).toBe('Heartbeat');
    const none = litAt(master, 'ALIVE', null, []);
    expect(none.taken.size + (none.handled ? 1 : 0)).toBe(0);
    // A daemon that is down is in no state.
    expect(litAt(master, '', null, []).active.size).toBe(0);
  });
});

describe('source links follow the trace’s Spark release', () => {
  it('point at the release tag, at a file’s older path, or at the pinned tag for a file the release lacks', async () => {
    const { sourceUrl, sourceAt } = await import('../../../src/lib/spark/refs');
    const master = { file: 'deploy/master/Master.scala', method: 'receive' };
    expect(sourceUrl(master)).toBe(
      'https://github.com/apache/spark/blob/v4.0.1/core/src/main/scala/org/apache/spark/deploy/master/Master.scala',
    );
    expect(sourceUrl(master, '2.4.8')).toContain('/blob/v2.4.8/core/src/main/scala/org/apache/spark/deploy/master/');
    const client = { file: 'deploy/client/StandaloneAppClient.scala', method: 'receive' };
    expect(sourceUrl(client, '1.6.3')).toContain(
      '/blob/v1.6.3/core/src/main/scala/org/apache/spark/deploy/client/AppClient.scala',
    );
    expect(sourceUrl(client, '3.5.3')).toContain(
      '/blob/v3.5.3/core/src/main/scala/org/apache/spark/deploy/client/StandaloneAppClient.scala',
    );
    expect(sourceAt({ file: 'resource/ResourceUtils.scala', method: 'x' }, '2.4.8').tag).toBe('v4.0.1');
    expect(sourceAt(master, '3.0.0-preview2').tag).toBe('v3.0.0-preview2');
    // A log with no version found: the pinned tag.
    expect(sourceAt(master, '').tag).toBe('v4.0.1');
  });
});
