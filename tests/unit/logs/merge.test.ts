/**
 * Several files as one cluster: the shared master/worker pairs merge into one time-ordered
 * sequence naming both daemons; within a printed second a worker's registration comes after the
 * master's `Registering worker`; clock skew between hosts is estimated from such pairs, applied
 * and reported; a file without a date borrows one.
 */
import { describe, expect, it } from 'vitest';
import { parseLogs, type LogEvent, type ParsedLog } from '../../../src/lib/logs';
import { sharedLog } from './shared-logs';

const PAIRS: [master: string, worker: string][] = [
  ['11a', '11b'],
  ['15a', '15b'],
  ['20a', '20b'],
  ['26a', '26b'],
  ['27a', '27b'],
];

function sorted(events: readonly LogEvent[]): boolean {
  return events.every((e, i) => i === 0 || events[i - 1].time <= e.time);
}

const index = (p: ParsedLog, pred: (e: LogEvent) => boolean) => p.events.findIndex(pred);

describe('merging a master log with a worker log', () => {
  for (const [m, w] of PAIRS) {
    it(`${m} + ${w}: one master and one worker, every event of both in time order`, () => {
      const master = sharedLog(m);
      const worker = sharedLog(w);
      const p = parseLogs([master, worker]);
      expect(p.daemons.map((d) => d.kind)).toEqual(['master', 'worker']);
      expect(p.daemons.map((d) => d.file)).toEqual([master.name, worker.name]);
      expect(p.events.length).toBe(p.files[0].stats.events + p.files[1].stats.events);
      expect(sorted(p.events)).toBe(true);
      // Interleaved, not one file after the other, wherever their times overlap.
      const byFile = (name: string) => p.events.filter((e) => e.file === name).map((e) => e.line);
      expect(byFile(master.name)).toEqual([...byFile(master.name)].sort((a, b) => a - b));
      expect(byFile(worker.name)).toEqual([...byFile(worker.name)].sort((a, b) => a - b));
      expect(new Set(p.events.map((e) => e.daemon))).toEqual(new Set(p.daemons.map((d) => d.id)));
      // A version line or, without one (27a, 27b), the range the wording allows; no disagreement.
      expect(p.version.spark !== null || p.version.range !== undefined).toBe(true);
      expect(p.version.detectedFrom).not.toMatch(/but|contradicts/);
    });
  }

  it('puts the worker\'s "Successfully registered" after the master\'s "Registering worker" of the same second (27a + 27b, either order)', () => {
    for (const inputs of [
      [sharedLog('27a'), sharedLog('27b')],
      [sharedLog('27b'), sharedLog('27a')],
    ]) {
      const p = parseLogs(inputs);
      const registering = index(p, (e) => e.template === 'master.registering-worker' && e.fields.port === 33145);
      const registered = index(p, (e) => e.template === 'worker.registered');
      const connecting = index(p, (e) => e.template === 'worker.connecting');
      expect(connecting).toBeLessThan(registering);
      expect(registering).toBeLessThan(registered);
      expect(p.events[registering].time).toBe(p.events[registered].time);
      expect(p.pairs.map((x) => x.rule)).toEqual([
        'worker connects, then the master registers it',
        'the master registers a worker, then the worker is registered',
      ]);
      expect(p.daemons.every((d) => d.offsetMs === 0)).toBe(true);
    }
  });

  it('orders a worker whose address its log does not say by the master it dialled (15a + 15b)', () => {
    const p = parseLogs([sharedLog('15b'), sharedLog('15a')]);
    const connecting = index(p, (e) => e.template === 'worker.connecting');
    const registering = p.events.flatMap((e, i) => (e.template === 'master.registering-worker' ? [i] : []));
    const registered = index(p, (e) => e.template === 'worker.registered');
    expect(registering).toHaveLength(4);
    expect(connecting).toBeLessThan(registering[0]);
    expect(registering[0]).toBeLessThan(registered);
    // Such pairs order lines of one second only: they say nothing about the clocks.
    expect(p.daemons.every((d) => d.offsetMs === 0)).toBe(true);
  });

  it('estimates, applies and reports a worker clock that runs behind the master', () => {
    const master = [
      '24/10/21 07:37:16 INFO Master: Starting Spark master at spark://m1:7077',
      '24/10/21 07:37:17 INFO Master: I have been elected leader! New state: ALIVE',
      '24/10/21 07:37:39 INFO Master: Registering worker 10.0.0.3:33145 with 2 cores, 3.0 GiB RAM',
      '24/10/21 07:37:40 INFO Master: Launching executor app-20241021073740-0000/0 on worker worker-20241021073730-10.0.0.3-33145',
    ].join('\n');
    // Its clock is 5 s behind: it says it registered 4 s before the master registered it.
    const worker = [
      '24/10/21 07:37:30 INFO Worker: Starting Spark worker 10.0.0.3:33145 with 2 cores, 3.0 GiB RAM',
      '24/10/21 07:37:33 INFO Worker: Connecting to master m1:7077...',
      '24/10/21 07:37:35 INFO Worker: Successfully registered with master spark://m1:7077',
      '24/10/21 07:37:36 INFO Worker: Asked to launch executor app-20241021073740-0000/0 for Pi',
    ].join('\n');
    const p = parseLogs([
      { name: 'master.log', text: master },
      { name: 'worker.log', text: worker },
    ]);
    const w = p.files[1];
    expect(w.offsetMs).toBe(4000);
    expect(w.flags).toContain('clock-offset-applied');
    expect(w.notes.join()).toContain('clock behind master.log by at least 4000 ms');
    expect(p.daemons.map((d) => [d.id, d.offsetMs])).toEqual([
      ['master@m1:7077', 0],
      ['worker@10.0.0.3:33145', 4000],
    ]);
    expect(p.events.map((e) => `${e.daemon.split('@')[0]} ${e.template}`)).toEqual([
      'master master.starting',
      'master master.elected-leader',
      'worker worker.starting',
      'worker worker.connecting',
      'master master.registering-worker',
      'worker worker.registered',
      'master master.launching-executor',
      'worker worker.launch-executor',
    ]);
    expect(p.pairs.find((x) => x.effect.file === 'worker.log' && x.effect.line === 3)?.printedGapMs).toBe(-4000);
    // The raw text is kept as printed.
    expect(p.events[5].rawTime).toBe('24/10/21 07:37:35');
  });

  it('flags pairs that no single offset can satisfy instead of hiding them', () => {
    const master = [
      '24/10/21 07:00:10 INFO Master: Registering worker 10.0.0.3:7078 with 2 cores, 3.0 GiB RAM',
      '24/10/21 07:00:11 INFO Master: Launching executor app-1/0 on worker worker-20241021070000-10.0.0.3-7078',
      '24/10/21 07:00:30 INFO Master: Removing executor app-1/0 because it is KILLED',
    ].join('\n');
    const worker = [
      '24/10/21 07:00:00 INFO Worker: Starting Spark worker 10.0.0.3:7078 with 2 cores, 3.0 GiB RAM',
      '24/10/21 07:00:05 INFO Worker: Successfully registered with master spark://m1:7077',
      '24/10/21 07:00:06 INFO Worker: Asked to launch executor app-1/0 for Pi',
      '24/10/21 07:00:50 INFO Worker: Executor app-1/0 finished with state KILLED exitStatus 143',
    ].join('\n');
    const p = parseLogs([
      { name: 'm.log', text: master },
      { name: 'w.log', text: worker },
    ]);
    expect(p.files[1].flags).toContain('clock-evidence-inconsistent');
    expect(p.files[1].notes.join()).toMatch(/disagree/);
  });

  it('gives a file without dates the day of another file when it names no id', () => {
    const dse = ' INFO 09:00:01,250 SparkMaster: Registering worker 10.0.0.3:7078 with 2 cores, 3.0 GB RAM';
    const worker = '14/11/06 09:00:02 INFO Worker: Successfully registered with master spark://m1:7077';
    const p = parseLogs([
      { name: 'system.log', text: dse },
      { name: 'worker.log', text: worker },
    ]);
    expect(p.events[0].time).toBe(Date.UTC(2014, 10, 6, 9, 0, 1, 250));
    expect(p.files[0].notes.join()).toContain('assumed the first day of worker.log');
  });
});
