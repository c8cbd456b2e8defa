/**
 * The model's own logs read back: every line it prints is recognized, in order, per daemon (a
 * property over random clusters and faults); the scenario those logs imply runs to the same
 * lines (no difference); and a log made to differ is caught where a careful reader would.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLogs, type LogInput } from '../../../src/lib/logs';
import {
  compareWithModel,
  differenceText,
  runInferred,
  scenarioOfReplay,
  traceOfLog,
  type Difference,
} from '../../../src/lib/replay';
import { createInProcessSession } from '../../../src/lib/runtime/inprocess';
import { loadScenario, runLength, type Scenario } from '../../../src/lib/scenario/load';
import type { TraceEvent } from '../../../src/lib/sim/types';
import { logDate } from '../../../src/lib/spark/format';
import { clusterArb, clusterScenario } from '../support/random-cluster';

/** Each daemon's lines as Spark's default layout writes them, one file a daemon. */
function logsOf(events: Iterable<TraceEvent>, kinds = /^(master|worker)-/): { name: string; text: string }[] {
  const files = new Map<string, string[]>();
  for (const e of events) {
    for (const f of e.fx) {
      if (f.k !== 'log' || !kinds.test(f.node)) continue;
      let lines = files.get(f.node);
      if (!lines) files.set(f.node, (lines = []));
      lines.push(`${logDate(e.t)} ${f.level} ${f.logger}: ${f.text}`);
    }
  }
  return [...files].map(([node, lines]) => ({ name: `${node}.log`, text: `${lines.join('\n')}\n` }));
}

function run(scenario: Scenario): TraceEvent[] {
  const s = createInProcessSession(scenario);
  s.sim.runUntil(runLength(scenario));
  return s.sim.events.slice();
}

function compare(inputs: LogInput[]): Difference[] {
  const trace = traceOfLog(parseLogs(inputs));
  const inferred = scenarioOfReplay(trace);
  const model = runInferred(inferred);
  if ('error' in model) throw new Error(model.error);
  return compareWithModel(trace, inferred, model.events);
}

const example = (file: string): Scenario => {
  const l = loadScenario(JSON.parse(readFileSync(`scenarios/${file}`, 'utf8')));
  if (!l.ok) throw new Error(file);
  return l.scenario;
};

describe('the model’s logs, read back', () => {
  it('every line the model prints is recognized, in order, per daemon (random clusters and faults)', () => {
    fc.assert(
      fc.property(clusterArb, (shape) => {
        const events = run(clusterScenario(shape));
        const inputs = logsOf(events);
        const log = parseLogs(inputs);
        for (const input of inputs) {
          // One entry a log line; a line without a timestamp goes on with the one before (what
          // ResourceUtils prints after "Custom resources for spark.worker:", a stack trace).
          const printed: string[] = [];
          for (const line of input.text.trimEnd().split('\n')) {
            if (/^\d\d\/\d\d\/\d\d /.test(line) || printed.length === 0)
              printed.push(line.replace(/^\S+ \S+ \S+ [^:]+: /, ''));
            else printed[printed.length - 1] += `\n${line}`;
          }
          const read = log.events
            .filter((e) => e.file === input.name)
            .map((e) => (e.detail === undefined ? e.text : `${e.text}\n${e.detail}`));
          expect(log.unrecognized.filter((u) => u.file === input.name)).toEqual([]);
          expect(read).toEqual(printed);
        }
      }),
      { numRuns: 12, seed: 18 },
    );
  });

  it('GPUs: the workers the logs imply have the GPUs their ResourceUtils lines list, and the others none', () => {
    const inferred = scenarioOfReplay(
      traceOfLog(parseLogs(logsOf(run(example('10-gpus-and-resource-profiles.json'))))),
    );
    const workers = (inferred.doc.workers as { host: string; resources?: unknown }[]).map((w) => [w.host, w.resources]);
    expect(workers).toEqual([
      ['gpu1', { gpu: ['0', '1', '2'] }],
      ['gpu2', { gpu: ['0', '1', '2'] }],
      ['cpu1', undefined],
    ]);
  });

  it('registering three workers: the scenario the logs imply runs to the same lines', () => {
    expect(compare(logsOf(run(example('01-register-three-workers.json'))))).toEqual([]);
  });

  it('a log made to differ: a missing line, an extra line and a changed timeout are each found', () => {
    const inputs = logsOf(run(example('01-register-three-workers.json')));
    const worker = inputs.find((f) => f.name === 'worker-2.log')!;
    const master = inputs.find((f) => f.name === 'master-1.log')!;
    // The worker never says it registered; the master also removed a worker for silence after 45 s.
    worker.text = worker.text.replace(/^.*Successfully registered with master.*\n/m, '');
    const last = master.text.trimEnd().split('\n').at(-1)!.slice(0, 17);
    master.text += `${last} WARN Master: Removing worker-20250601090003-worker3-7078 because we got no heartbeat in 45000 ms\n`;
    const found = compare(inputs);
    const says = found.map(differenceText);
    expect(found).toContainEqual(
      expect.objectContaining({ kind: 'missing', node: 'worker-2', template: 'worker.registered' }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({ kind: 'extra', node: 'master-1', template: 'master.worker-timed-out' }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({ kind: 'timing', rule: 'worker-timeout', seenMs: 45000, highMs: 60000 }),
    );
    expect(says.some((s) => s.includes('was the timeout changed on this master?'))).toBe(true);
  });

  it('registration retries outside Spark’s windows are timings that differ', () => {
    const lines = [
      '24/01/01 10:00:00 INFO Worker: Connecting to master m:7077...',
      '24/01/01 10:00:10 INFO Worker: Retrying connection to master (attempt # 1)',
      '24/01/01 10:00:12 INFO Worker: Retrying connection to master (attempt # 2)',
      '24/01/01 10:00:22 INFO Worker: Retrying connection to master (attempt # 3)',
    ];
    const found = compare([{ name: 'w.log', text: `${lines.join('\n')}\n` }]).filter((d) => d.kind === 'timing');
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'timing',
        rule: 'retry-interval',
        seenMs: 2000,
        lowMs: 5000,
        highMs: 15000,
        line: 3,
      }),
    ]);
  });
});
