/**
 * Real Spark logs as a trace: the source the world model reads for a replay, like a simulation's.
 *
 * Every line with a time becomes one event at the node that printed it, at its time since the
 * first line, holding its text as a `log` effect and its Spark source reference as the handler.
 * A pair of lines across files that shows one message (a worker's `Connecting to master` and the
 * Master's `Registering worker`) becomes a flight: the cause sends it, the effect is its
 * delivery. What a line tells about states, statuses and tables is in `meanings.ts`. What no line
 * tells (timers, the rest of a daemon's state) stays out, and the header says so.
 */
import type { LogEvent, ParsedLevel, ParsedLog, UnrecognizedLine } from '../logs';
import type { Effect, LogLevel, NodeId, Row, Scalar, TraceEvent } from '../sim/types';
import { daemonOf } from '../spark/daemons';
import type { FieldValue } from '../spark/log-templates';
import type { TraceHeader } from '../world/header';
import { clusterOfLog, eventsByLine, lineKey as keyOf, type LogCluster } from './cluster';
import { MEANINGS, type Reading } from './meanings';

export interface LogTrace {
  readonly header: TraceHeader;
  readonly events: TraceEvent[];
  /** The Spark log template each event's line matched (null: a line not understood). */
  readonly templates: (string | null)[];
  /** The fields the template read from each event's line (null: a line not understood). */
  readonly fields: (Readonly<Record<string, FieldValue>> | null)[];
  readonly cluster: LogCluster;
  /** Epoch milliseconds of the trace's time 0 (its first line), null for logs with no time. */
  readonly epoch: number | null;
}

/** What the header says a replay knows. */
export const LOG_KNOWS = { timers: false, tables: false, messages: 'inferred' } as const;

function levelOf(l: ParsedLevel | undefined): LogLevel {
  return l === 'WARN' ? 'WARN' : l === 'ERROR' || l === 'FATAL' ? 'ERROR' : 'INFO';
}

type Line = { kind: 'event'; e: LogEvent } | { kind: 'unrecognized'; u: UnrecognizedLine & { time: number } };

/** The recognized events and the unrecognized lines that have a time, merged on time. */
function linesOf(log: ParsedLog): Line[] {
  const extra = log.unrecognized
    .filter((u): u is UnrecognizedLine & { time: number } => u.time !== undefined && u.daemon !== undefined)
    .sort((a, b) => a.time - b.time);
  const out: Line[] = [];
  let j = 0;
  for (const e of log.events) {
    while (j < extra.length && extra[j].time < e.time) out.push({ kind: 'unrecognized', u: extra[j++] });
    out.push({ kind: 'event', e });
  }
  while (j < extra.length) out.push({ kind: 'unrecognized', u: extra[j++] });
  return out;
}

/** The title a set of files goes by. */
function titleOf(log: ParsedLog): string {
  const names = log.files.map((f) => f.name.replace(/^.*[\\/]/, ''));
  return names.length <= 2 ? names.join(' + ') : `${names[0]} + ${names.length - 1}`;
}

export function traceOfLog(log: ParsedLog): LogTrace {
  const eventAt = eventsByLine(log);
  const cluster = clusterOfLog(log, eventAt);
  const lines = linesOf(log);
  const epoch = lines.length === 0 ? null : timeOf(lines[0]);
  const infoOf = new Map(cluster.nodes.map((n) => [n.id, n]));
  const logged = new Set<NodeId>(cluster.byDaemon.values());

  // The messages: each pair's cause sends, its effect delivers.
  const effectOf = new Map<string, { cause: string; message: string }>();
  const causes = new Map<string, string[]>();
  for (const p of log.pairs) {
    if (p.ambiguous) continue;
    const cause = keyOf(p.cause.file, p.cause.line);
    const effect = keyOf(p.effect.file, p.effect.line);
    if (effectOf.has(effect)) continue;
    effectOf.set(effect, { cause, message: p.message });
    let list = causes.get(cause);
    if (!list) causes.set(cause, (list = []));
    list.push(effect);
  }

  // Times since the first line, never going back (clocks merged on the first master's).
  const times: number[] = [];
  let last = 0;
  for (const l of lines) {
    last = Math.max(last, epoch === null ? 0 : timeOf(l) - epoch);
    times.push(last);
  }
  const timeAt = new Map<string, number>();
  lines.forEach((l, i) => {
    if (l.kind === 'event') timeAt.set(keyOf(l.e.file, l.e.line), times[i]);
  });

  const state = new Map<NodeId, string>();
  const up = new Map<NodeId, boolean>();
  const seen = new Set<NodeId>();
  const statuses = new Map<NodeId, Record<string, Scalar>>();
  const rows = new Map<string, Record<string, Scalar>>();
  const flightOf = new Map<string, { id: number; from: NodeId }>();
  let nextFlight = 0;
  const events: TraceEvent[] = [];
  const templates: (string | null)[] = [];
  const fields: (Readonly<Record<string, FieldValue>> | null)[] = [];

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const daemon = l.kind === 'event' ? l.e.daemon : (l.u.daemon as string);
    const node = cluster.byDaemon.get(daemon);
    if (node === undefined) continue;
    const file = l.kind === 'event' ? l.e.file : l.u.file;
    const line = l.kind === 'event' ? l.e.line : l.u.line;
    const key = keyOf(file, line);
    const ev: TraceEvent = { i: events.length, t: times[i], kind: 'line', node, fx: [], source: { file, line } };
    const fx: Effect[] = ev.fx;
    const markUp = (of: NodeId, reason: string) => {
      if (up.get(of)) return;
      up.set(of, true);
      fx.push({ k: 'up', node: of, reason });
    };
    // A daemon runs from its first line on; after it stopped, only a start line says it runs again.
    if (!seen.has(node)) {
      seen.add(node);
      markUp(node, file.replace(/^.*[\\/]/, ''));
    }

    const delivery = effectOf.get(key);
    const flight = delivery ? flightOf.get(delivery.cause) : undefined;
    if (delivery && flight) {
      ev.kind = 'deliver';
      ev.from = flight.from;
      ev.id = flight.id;
      ev.msg = delivery.message;
    }
    if (l.kind === 'event' && l.e.ref) fx.push({ k: 'handler', node, ref: l.e.ref });
    const text = l.kind === 'event' ? l.e.text : l.u.text;
    fx.push({
      k: 'log',
      node,
      level: levelOf(l.kind === 'event' ? l.e.level : l.u.level),
      logger: (l.kind === 'event' ? l.e.logger : l.u.logger) ?? '',
      text,
    });

    if (l.kind === 'event') {
      const reading: Reading = {
        e: l.e,
        node,
        cluster,
        current: () => state.get(node) ?? '',
        state(to) {
          const from = state.get(node) ?? '';
          if (from === to) return;
          state.set(node, to);
          fx.push({ k: 'state', node, machine: daemonOf(infoOf.get(node)?.kind ?? '')?.machine ?? '', from, to });
        },
        status(patch, of = node) {
          const now = { ...(statuses.get(of) ?? {}), ...patch };
          statuses.set(of, now);
          fx.push({ k: 'status', node: of, status: now });
        },
        row(of, table, id, patch) {
          const k = `${of}\u0000${table}\u0000${id}`;
          if (patch === null) {
            if (!rows.delete(k)) return;
            fx.push({ k: 'row', node: of, table, id, row: null });
            return;
          }
          const now = { ...(rows.get(k) ?? {}), ...patch };
          rows.set(k, now);
          fx.push({ k: 'row', node: of, table, id, row: now });
        },
        rowOf(of, table, id): Row | undefined {
          return rows.get(`${of}\u0000${table}\u0000${id}`);
        },
        up: markUp,
        down(of, reason) {
          if (!up.get(of)) return;
          up.set(of, false);
          fx.push({ k: 'down', node: of, reason });
        },
        logged: (of) => logged.has(of),
      };
      MEANINGS[l.e.template]?.(reading);
    }

    // A cause sends what its effects deliver.
    for (const effect of causes.get(key) ?? []) {
      const at = timeAt.get(effect);
      const daemonOfEffect = eventAt.get(effect)?.daemon;
      const to = daemonOfEffect === undefined ? undefined : cluster.byDaemon.get(daemonOfEffect);
      if (at === undefined || to === undefined) continue;
      const id = nextFlight++;
      flightOf.set(key, { id, from: node });
      const msg = effectOf.get(effect)?.message ?? '';
      fx.push({
        k: 'send',
        id,
        to,
        addr: infoOf.get(to)?.address ?? to,
        msg: { type: msg },
        mode: 'send',
        at: Math.max(at, ev.t),
      });
    }
    events.push(ev);
    templates.push(l.kind === 'event' ? l.e.template : null);
    fields.push(l.kind === 'event' ? l.e.fields : null);
  }

  const header: TraceHeader = {
    source: 'log',
    title: titleOf(log),
    // What the reader made of the version is in the replay's summary (`detectedFrom`), not here.
    description: '',
    sparkVersion: log.version.spark ?? '',
    nodes: cluster.nodes,
    knows: LOG_KNOWS,
    ...(epoch !== null ? { epoch } : {}),
  };
  return { header, events, templates, fields, cluster, epoch };
}

function timeOf(l: Line): number {
  return l.kind === 'event' ? l.e.time : l.u.time;
}
