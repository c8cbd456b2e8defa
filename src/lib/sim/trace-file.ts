/**
 * The trace file: a recorded run as JSON (documented in docs/trace-format.md). It carries the
 * scenario it came from, the seed, the end time, the faults injected while running, the events and
 * their hash. Parsing checks the shape and the hash, and never throws: problems come back with
 * where they are.
 */
import { hashTrace } from './trace';
import { EVENT_KINDS, type EventList, type Fault, type TraceEvent } from './types';

export const TRACE_FORMAT = 'spark-standalone-visualizer/trace';
export const TRACE_VERSION = 1;

export interface TraceFile {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  /** The scenario document the run was made from. */
  scenario: unknown;
  seed: number;
  /** Virtual time the run was advanced to. */
  until: number;
  injections: { index: number; at: number; fault: Fault }[];
  hash: string;
  events: TraceEvent[];
}

export function serializeTrace(
  t: Omit<TraceFile, 'format' | 'version' | 'hash' | 'events'> & { events: EventList },
): string {
  const file: TraceFile = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    scenario: t.scenario,
    seed: t.seed,
    until: t.until,
    injections: t.injections,
    hash: hashTrace(t.events),
    events: t.events.slice(),
  };
  return JSON.stringify(file);
}

const KINDS = new Set<string>(EVENT_KINDS);

export type TraceParse = { ok: true; trace: TraceFile } | { ok: false; problems: { path: string; message: string }[] };

export function parseTrace(text: string): TraceParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  const problems: { path: string; message: string }[] = [];
  const bad = (path: string, message: string) => problems.push({ path, message });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ path: '', message: 'a trace file is a JSON object' }] };
  }
  const t = raw as Record<string, unknown>;
  if (t.format !== TRACE_FORMAT) bad('format', `expected "${TRACE_FORMAT}", got ${JSON.stringify(t.format)}`);
  if (t.version !== TRACE_VERSION)
    bad('version', `this build reads trace version ${TRACE_VERSION}, got ${JSON.stringify(t.version)}`);
  if (typeof t.seed !== 'number' || !Number.isInteger(t.seed)) bad('seed', 'expected a whole number');
  if (typeof t.until !== 'number') bad('until', 'expected a number of milliseconds');
  if (!Array.isArray(t.injections)) bad('injections', 'expected an array');
  if (typeof t.hash !== 'string') bad('hash', 'expected a string');
  if (!Array.isArray(t.events)) bad('events', 'expected an array');
  else {
    let last = 0;
    for (let i = 0; i < t.events.length && problems.length < 20; i++) {
      const e = t.events[i] as Partial<TraceEvent> | null;
      const p = `events[${i}]`;
      if (e === null || typeof e !== 'object') {
        bad(p, 'expected an object');
        continue;
      }
      if (e.i !== i) bad(`${p}.i`, `expected ${i}, got ${JSON.stringify(e.i)}`);
      if (typeof e.t !== 'number' || e.t < last)
        bad(`${p}.t`, `expected a time not before ${last}, got ${JSON.stringify(e.t)}`);
      else last = e.t;
      if (typeof e.kind !== 'string' || !KINDS.has(e.kind))
        bad(`${p}.kind`, `unknown event kind ${JSON.stringify(e.kind)}`);
      if (typeof e.node !== 'string') bad(`${p}.node`, 'expected a node id');
      if (!Array.isArray(e.fx)) bad(`${p}.fx`, 'expected an array of effects');
    }
  }
  if (problems.length === 0) {
    const actual = hashTrace(t.events as TraceEvent[]);
    if (actual !== t.hash)
      bad('hash', `the events hash to ${actual}, not ${String(t.hash)}: the file was changed or truncated`);
  }
  return problems.length ? { ok: false, problems } : { ok: true, trace: raw as TraceFile };
}
