/**
 * The run file (documented in docs/trace-format.md): a run saved as a document, versioned.
 *
 * A simulated run is saved as what makes it again — scenario, seed, injected faults, length — and
 * the moment looked at, with the hash its trace must have; opening it re-simulates and checks the
 * hash. A run that cannot be re-simulated (a real Spark log replayed) carries its header and its
 * events instead, and their hash. Parsing never throws: problems come back with their path.
 */
import { z } from 'zod';
import { loadScenario, type Scenario } from '../scenario/load';
import { formatProblem, problemsOf, type Problem } from '../scenario/problems';
import { docOfFault } from '../scenario/fault';
import { MAX_DURATION_MS, MAX_RUN_EVENTS } from '../scenario/limits';
import { hashTrace } from '../sim/trace';
import { EVENT_KINDS, type Fault, type TraceEvent } from '../sim/types';
import type { TraceHeader } from '../world/header';
import { injectionsOf, type RunDoc } from './run-doc';

export const RUN_FORMAT = 'spark-standalone-visualizer/run';
export const RUN_VERSION = 1;
/** The trace file of earlier versions, still read. */
const LEGACY_TRACE_FORMAT = 'spark-standalone-visualizer/trace';

export interface SimulatedRunFile extends RunDoc {
  format: typeof RUN_FORMAT;
  version: typeof RUN_VERSION;
  kind: 'simulation';
  hash: string;
}

export interface RecordedRunFile {
  format: typeof RUN_FORMAT;
  version: typeof RUN_VERSION;
  kind: 'recorded';
  header: TraceHeader;
  trace: TraceEvent[];
  cursor: number;
  time: number;
  selected?: string;
  hash: string;
}

export type RunFile = SimulatedRunFile | RecordedRunFile;

/** A run file's text for a simulated run. */
export function serializeRun(doc: RunDoc & { hash: string }): string {
  const file: SimulatedRunFile = { format: RUN_FORMAT, version: RUN_VERSION, kind: 'simulation', ...doc };
  return JSON.stringify(file, null, 1);
}

/** A run file's text for a recorded trace (it carries its events). */
export function serializeRecorded(r: Omit<RecordedRunFile, 'format' | 'version' | 'kind' | 'hash'>): string {
  const file: RecordedRunFile = {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    kind: 'recorded',
    ...r,
    hash: hashTrace(r.trace),
  };
  return JSON.stringify(file);
}

const whole = z.int().min(0);
const time = z.number().min(0).max(Number.MAX_SAFE_INTEGER);
const injected = z.strictObject({ index: whole, at: time, fault: z.record(z.string(), z.unknown()) });

const simulated = z.strictObject({
  format: z.literal(RUN_FORMAT),
  version: z.literal(RUN_VERSION),
  kind: z.literal('simulation'),
  scenario: z.record(z.string(), z.unknown()),
  seed: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  injections: z.array(injected).max(100_000),
  events: whole.max(MAX_RUN_EVENTS),
  until: time.max(MAX_DURATION_MS),
  cursor: whole,
  time,
  selected: z.string().max(200).optional(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash in hex'),
});

const nodeInfo = z.strictObject({
  id: z.string().min(1).max(200),
  kind: z.string().min(1).max(50),
  address: z.string().max(300),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

const recorded = z.strictObject({
  format: z.literal(RUN_FORMAT),
  version: z.literal(RUN_VERSION),
  kind: z.literal('recorded'),
  header: z.strictObject({
    source: z.enum(['simulation', 'log']),
    title: z.string().max(500),
    description: z.string().max(10_000),
    sparkVersion: z.string().max(20),
    nodes: z.array(nodeInfo).max(20_000),
    knows: z.strictObject({ timers: z.boolean(), tables: z.boolean(), messages: z.enum(['exact', 'inferred']) }),
    epoch: z.number().finite().optional(),
  }),
  trace: z.array(z.unknown()),
  cursor: whole,
  time,
  selected: z.string().max(200).optional(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash in hex'),
});

const KINDS = new Set<string>(EVENT_KINDS);

/** Checks the events a recorded run carries: their order, their kinds, and their hash. */
function checkTrace(events: unknown[], hash: string, problems: Problem[]): TraceEvent[] {
  let last = 0;
  for (let i = 0; i < events.length && problems.length < 20; i++) {
    const e = events[i] as Partial<TraceEvent> | null;
    const p = `trace[${i}]`;
    if (e === null || typeof e !== 'object') {
      problems.push({ path: p, message: 'expected an event object' });
      continue;
    }
    if (e.i !== i) problems.push({ path: `${p}.i`, message: `expected ${i}, got ${JSON.stringify(e.i)}` });
    if (typeof e.t !== 'number' || !(e.t >= last))
      problems.push({ path: `${p}.t`, message: `expected a time not before ${last}, got ${JSON.stringify(e.t)}` });
    else last = e.t;
    if (typeof e.kind !== 'string' || !KINDS.has(e.kind))
      problems.push({ path: `${p}.kind`, message: `unknown event kind ${JSON.stringify(e.kind)}` });
    if (typeof e.node !== 'string') problems.push({ path: `${p}.node`, message: 'expected a node id' });
    if (!Array.isArray(e.fx)) problems.push({ path: `${p}.fx`, message: 'expected a list of effects' });
  }
  if (problems.length === 0) {
    const actual = hashTrace(events as TraceEvent[]);
    if (actual !== hash)
      problems.push({
        path: 'hash',
        message: `the events hash to ${actual}, not ${hash}: the file was changed or cut short`,
      });
  }
  return events as TraceEvent[];
}

export type RunParse =
  | { ok: true; kind: 'simulation'; doc: SimulatedRunFile; scenario: Scenario }
  | { ok: true; kind: 'recorded'; file: RecordedRunFile }
  | { ok: false; problems: Problem[] };

/** Reads a run file (an object already parsed from JSON), checking every part of it. */
export function parseRun(raw: unknown): RunParse {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, problems: [{ path: '', message: 'a run file is a JSON object' }] };
  const r = raw as Record<string, unknown>;
  if (r.format === LEGACY_TRACE_FORMAT) return parseLegacy(r);
  if (r.format !== RUN_FORMAT)
    return {
      ok: false,
      problems: [{ path: 'format', message: `expected "${RUN_FORMAT}", got ${JSON.stringify(r.format)}` }],
    };
  if (r.version !== RUN_VERSION)
    return {
      ok: false,
      problems: [
        {
          path: 'version',
          message: `this build reads run files of version ${RUN_VERSION}, got ${JSON.stringify(r.version)}`,
        },
      ],
    };
  if (r.kind === 'recorded') {
    const parsed = recorded.safeParse(raw);
    if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, raw) };
    const problems: Problem[] = [];
    const trace = checkTrace(parsed.data.trace, parsed.data.hash, problems);
    if (parsed.data.cursor > trace.length)
      problems.push({
        path: 'cursor',
        message: `the trace has ${trace.length} events, the cursor is at ${parsed.data.cursor}`,
      });
    if (problems.length) return { ok: false, problems };
    return { ok: true, kind: 'recorded', file: { ...parsed.data, trace } as RecordedRunFile };
  }
  const parsed = simulated.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, raw) };
  const doc = parsed.data as SimulatedRunFile;
  const loaded = loadScenario(doc.scenario);
  if (!loaded.ok)
    return {
      ok: false,
      problems: loaded.problems.map((p) => ({ path: p.path ? `scenario.${p.path}` : 'scenario', message: p.message })),
    };
  const problems: Problem[] = [];
  const inj = injectionsOf(doc.injections, loaded.scenario);
  if (!inj.ok) problems.push(...inj.problems);
  if (doc.cursor > doc.events)
    problems.push({ path: 'cursor', message: `the run has ${doc.events} events, the cursor is at ${doc.cursor}` });
  for (const [i, f] of doc.injections.entries()) {
    if (f.index > doc.events)
      problems.push({
        path: `injections[${i}].index`,
        message: `the run has ${doc.events} events, the fault is at ${f.index}`,
      });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, kind: 'simulation', doc, scenario: loaded.scenario };
}

/** A trace file of earlier versions: it had the scenario, seed, faults and every event. */
function parseLegacy(r: Record<string, unknown>): RunParse {
  const problems: Problem[] = [];
  if (r.version !== 1)
    return { ok: false, problems: [{ path: 'version', message: `expected 1, got ${JSON.stringify(r.version)}` }] };
  const events = Array.isArray(r.events) ? r.events : [];
  if (!Array.isArray(r.events)) problems.push({ path: 'events', message: 'expected a list of events' });
  if (typeof r.hash !== 'string') problems.push({ path: 'hash', message: 'expected a string' });
  if (problems.length) return { ok: false, problems };
  checkTrace(events, r.hash as string, problems);
  if (problems.length) return { ok: false, problems };
  let injections: RunDoc['injections'] = [];
  try {
    injections = ((r.injections as { index: number; at: number; fault: Fault }[]) ?? []).map((inj) => ({
      index: inj.index,
      at: inj.at,
      fault: docOfFault(inj.fault),
    }));
  } catch (err) {
    return { ok: false, problems: [{ path: 'injections', message: (err as Error).message }] };
  }
  const last = events.length > 0 ? (events[events.length - 1] as TraceEvent).t : 0;
  return parseRun({
    format: RUN_FORMAT,
    version: RUN_VERSION,
    kind: 'simulation',
    scenario: r.scenario,
    seed: r.seed,
    injections,
    events: events.length,
    until: typeof r.until === 'number' ? r.until : last,
    cursor: events.length,
    time: typeof r.until === 'number' ? r.until : last,
    hash: r.hash,
  });
}

/** One line per problem, as the page and the command line show them. */
export function runProblems(problems: Problem[]): string {
  return problems.map(formatProblem).join('\n');
}
