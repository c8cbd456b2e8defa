/**
 * Real logs replayed as a trace: every shared log is read into events the world model draws, the
 * paired files make one cluster with messages between its daemons, and the failover logs show a
 * standby master taking the lead.
 */
import { describe, expect, it } from 'vitest';
import { parseLogs, type LogInput } from '../../../src/lib/logs';
import { replayLogs, scenarioOfReplay, traceOfLog } from '../../../src/lib/replay';
import { eventArray } from '../../../src/lib/sim/event-array';
import { WorldIndex, type World } from '../../../src/lib/world/world';
import { sharedLog, sharedLogNames, SHARED_LOGS } from '../logs/shared-logs';
import { readFileSync } from 'node:fs';

function replay(...inputs: LogInput[]) {
  const log = parseLogs(inputs);
  const trace = traceOfLog(log);
  const index = new WorldIndex(trace.header);
  const events = eventArray(trace.events);
  index.sync(events);
  const at = (cursor: number): World => index.at(cursor, events.timeBefore(cursor));
  return { log, trace, end: at(events.length), at };
}

const messages = (trace: { events: { kind: string; msg?: string; node: string; from?: string }[] }) =>
  trace.events.filter((e) => e.kind === 'deliver').map((e) => `${e.msg} ${e.from}→${e.node}`);

describe('every shared log replays', () => {
  for (const name of sharedLogNames()) {
    it(name, () => {
      const { log, trace, end } = replay({ name, text: readFileSync(`${SHARED_LOGS}${name}`, 'utf8') });
      // Every recognized line is an event, in order, with its place in its file and its text.
      const timedUnrecognized = log.unrecognized.filter((u) => u.time !== undefined && u.daemon !== undefined);
      expect(trace.events.length).toBe(log.events.length + timedUnrecognized.length);
      const recognized = trace.events.filter((e) => e.fx.some((f) => f.k === 'handler'));
      expect(recognized.length).toBeGreaterThan(0);
      for (let i = 1; i < trace.events.length; i++)
        expect(trace.events[i].t).toBeGreaterThanOrEqual(trace.events[i - 1].t);
      for (const e of trace.events) {
        expect(e.source?.file).toBe(name);
        expect(e.fx.filter((f) => f.k === 'log')).toHaveLength(1);
      }
      // The world can draw it: every daemon with a log is a node that ran.
      expect(trace.header.source).toBe('log');
      expect(trace.header.knows.timers).toBe(false);
      for (const id of new Set(trace.cluster.byDaemon.values())) {
        expect(end.node(id)).toBeDefined();
        expect(trace.events.some((e) => e.node === id && e.fx.some((f) => f.k === 'up' && f.node === id))).toBe(true);
      }
    });
  }
});

describe('paired files replay as one cluster', () => {
  for (const [a, b] of [
    ['11a', '11b'],
    ['15a', '15b'],
    ['20a', '20b'],
    ['26a', '26b'],
    ['27a', '27b'],
  ]) {
    it(`${a} + ${b}: the worker follows the master that leads`, () => {
      const { trace, end } = replay(sharedLog(a), sharedLog(b));
      const masters = end.nodes.filter((n) => n.kind === 'master');
      expect(masters).toHaveLength(1);
      expect(masters[0].leads).toBe(true);
      expect(end.leader).toBe(masters[0].id);
      const logged = [...new Set(trace.cluster.byDaemon.values())];
      const worker = end.nodes.find((n) => n.kind === 'worker' && logged.includes(n.id));
      expect(worker?.state).toBe('Registered');
      expect(worker?.follows).toBe(masters[0].id);
    });
  }

  it('27a + 27b: the worker’s registration is two messages, one each way', () => {
    const { trace, end } = replay(sharedLog('27a'), sharedLog('27b'));
    expect(messages(trace)).toEqual(['RegisterWorker worker-1→master-1', 'RegisteredWorker master-1→worker-1']);
    // The flight leaves with the worker's line and lands with the master's.
    const deliver = trace.events.find((e) => e.msg === 'RegisterWorker')!;
    const send = trace.events.find((e) => e.fx.some((f) => f.k === 'send' && f.id === deliver.id))!;
    expect(send.node).toBe('worker-1');
    expect(send.i).toBeLessThan(deliver.i);
    expect(trace.header.knows.messages).toBe('inferred');
    // The worker's id names its address, so the Master's row of it is the same node.
    expect(end.nodes.filter((n) => n.kind === 'worker').map((n) => n.address)).toEqual([
      '10.244.0.3:33145',
      '10.244.0.5:41495',
    ]);
  });

  it('15a + 15b: a worker whose log does not say its address is none of the four the Master registered in that second', () => {
    const { trace, end } = replay(sharedLog('15a'), sharedLog('15b'));
    // Four registrations in one second, and a worker log that could be any of them: no message
    // is drawn rather than a guessed one, and the worker stays a node of its own.
    expect(messages(trace)).toEqual([]);
    expect(end.nodes.filter((n) => n.kind === 'worker')).toHaveLength(5);
    expect(end.node('worker-1')?.address).toBe('worker-1');
  });

  it('15a: the Master’s table lists the workers it registered, with their cores and memory', () => {
    const { end } = replay(sharedLog('15a'));
    const rows = end.table('master-1', 'workers').map((r) => r.row);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ address: '127.0.0.1:39890', state: 'ALIVE', cores: 16 });
    expect(Number(rows[0].memory)).toBeCloseTo(187.8 * 1024, 0);
    // Workers without a log of their own run as far as the Master says.
    expect(end.nodes.filter((n) => n.kind === 'worker').every((n) => n.up)).toBe(true);
  });

  it('11b: a worker dialling its only master by a DNS name follows that master', () => {
    const { end, trace } = replay(sharedLog('11a'), sharedLog('11b'));
    expect(end.nodes.map((n) => n.id)).toEqual(['master-1', 'worker-1']);
    expect(trace.header.nodes[0].facts.aliases).toBe('spark.services.rasterfoundry.internal:7077');
  });
});

describe('failover logs', () => {
  it('18: a standby master gains leadership, recovers the app and becomes ALIVE', () => {
    const { trace, at, end } = replay(sharedLog('18'));
    const states = trace.events.flatMap((e) =>
      e.fx.filter((f) => f.k === 'state').map((f) => (f.k === 'state' ? f.to : '')),
    );
    expect(states).toEqual(['STANDBY', 'RECOVERING', 'ALIVE']);
    expect(at(1).node('master-1')?.leads).toBe(false);
    expect(end.node('master-1')).toMatchObject({ state: 'ALIVE', leads: true });
    expect(end.table('master-1', 'apps').map((r) => r.row.state)).toEqual(['WAITING']);
  });

  it('16: a standby master gains leadership and starts recovering', () => {
    const { end, at } = replay(sharedLog('16'));
    expect(at(1).node('master-1')?.state).toBe('STANDBY');
    expect(end.node('master-1')).toMatchObject({ state: 'RECOVERING', leads: true });
  });

  it('04: the worker’s masters are the three it dials; a duplicate id stops it', () => {
    const { end } = replay(sharedLog('04'));
    expect(end.nodes.filter((n) => n.kind === 'master').map((n) => n.address)).toEqual([
      '172.17.0.86:7077',
      '172.17.0.87:7077',
      '172.17.0.88:7077',
    ]);
    expect(end.node('worker-1')?.up).toBe(false);
    // Refused ("Duplicate worker ID"), it exits: registered and connected no more.
    expect(end.status('worker-1')).toMatchObject({ registered: false, connected: false });
    // The master it changed to answered it; the one that died did not.
    expect(end.nodes.find((n) => n.address === '172.17.0.87:7077')?.up).toBe(true);
    expect(end.nodes.find((n) => n.address === '172.17.0.86:7077')?.up).toBe(false);
  });

  it('04: the scenario runs every master the worker dials from the start, and kills only the one that left', () => {
    const inferred = scenarioOfReplay(replay(sharedLog('04')).trace);
    // No line says .87 or .88 was down: a worker hears nothing from a standby.
    expect(inferred.doc.faults).toEqual([{ at: '12s', action: 'kill', target: 'master-1' }]);
    expect((inferred.doc.masters as { at?: string }[]).map((d) => d.at)).toEqual([undefined, undefined, undefined]);
    expect(inferred.assumptions.filter((a) => a.what === 'master-without-log').map((a) => a.node)).toEqual([
      'master-1',
      'master-2',
      'master-3',
    ]);
  });

  it('HA: a master that refused the worker and answered later runs from its answer, not from the start', () => {
    const lines = [
      '24/01/01 10:00:00 INFO Worker: Connecting to master m1:7077...',
      '24/01/01 10:00:00 INFO Worker: Connecting to master m2:7077...',
      '24/01/01 10:00:00 WARN Worker: Failed to connect to master m2:7077',
      '24/01/01 10:00:30 INFO Worker: Successfully registered with master spark://m2:7077',
    ];
    const inferred = scenarioOfReplay(replay({ name: 'w.log', text: `${lines.join('\n')}\n` }).trace);
    expect((inferred.doc.masters as { host: string; at?: string }[]).map((d) => [d.host, d.at])).toEqual([
      ['m1', undefined],
      ['m2', '30s'],
    ]);
    expect(inferred.doc.faults).toEqual([]);
    expect(inferred.assumptions.filter((a) => a.what === 'master-without-log').map((a) => a.value)).toEqual(['0s']);
  });

  it('23: a worker’s only master that never answers is down from the start', () => {
    const inferred = scenarioOfReplay(replay(sharedLog('23')).trace);
    expect(inferred.doc.faults).toEqual([{ at: '0s', action: 'kill', target: 'master-1' }]);
    expect(inferred.assumptions.some((a) => a.what === 'master-without-log')).toBe(false);
  });

  it('16 + 18, eleven days apart: said so, and the comparison is refused with the span named, not a scenario error', () => {
    const { comparison, apart } = replayLogs([sharedLog('16'), sharedLog('18')]);
    // The bar asks whether they are one incident at all.
    expect(apart).toEqual({ days: 11.5, before: sharedLog('16').name, after: sharedLog('18').name });
    expect(replayLogs([sharedLog('27a'), sharedLog('27b')], undefined, { compare: false }).apart).toBeNull();
    expect(comparison).toEqual({
      error: 'the logs span 11.5 days; the model runs at most 7: compare the files of one incident',
      refusal: { kind: 'days', count: 11.5, max: 7 },
    });
  });
});
