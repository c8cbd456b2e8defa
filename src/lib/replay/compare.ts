/**
 * Where a real cluster and Spark's model part ways. The scenario the logs imply is run by the
 * model (`model-run.ts`); here each daemon's lines in the log are aligned with the lines the model
 * printed for it, template by template, and what one has and the other lacks is listed. Timings
 * are checked against Spark's windows (registration retries, the worker timeout, recovery), from
 * the log alone. Pure: data in, differences out.
 */
import { templateById, templateMatcher } from '../spark/log-templates';
import type { NodeId, TraceEvent } from '../sim/types';
import type { InferredScenario } from './scenario';
import type { LogTrace } from './trace';

export type Difference =
  /** The model prints this line for the daemon; the log lacks it. */
  | { kind: 'missing'; node: NodeId; t: number; template: string; text: string }
  /** The log has this line; the model would not print it there. */
  | { kind: 'extra'; node: NodeId; t: number; template: string; text: string; file: string; line: number }
  /** A time in the log outside the window Spark's code allows (`rule` names the window). */
  | {
      kind: 'timing';
      node: NodeId;
      t: number;
      rule: 'retry-interval' | 'prolonged-interval' | 'worker-timeout' | 'recovery-timeout';
      /** What the log shows and what Spark allows, in ms. */
      seenMs: number;
      lowMs: number;
      highMs: number;
      file: string;
      line: number;
    };

/** The most differences listed (a long log that departs early differs everywhere after). */
export const MAX_DIFFERENCES = 500;

/**
 * Lines about where and how a daemon was deployed, not what it does: the model prints its own
 * (or none), and their difference says nothing about the control plane.
 */
const DEPLOYMENT = new Set([
  'master.started-daemon',
  'master.signal-handlers',
  'master.running-version',
  'master.web-ui-bound',
  'master.rest-server-started',
  'master.reverse-proxy',
  'worker.started-daemon',
  'worker.signal-handlers',
  'worker.running-version',
  'worker.web-ui-bound',
  'worker.spark-home',
  'worker.web-ui-proxied',
  'worker.cleanup-enabled',
  'worker.decommission-signal',
  'worker.decommission-disabled-at-start',
  'executor-runner.launch-command',
  'driver-runner.launch-command',
  'driver-runner.copying-jar',
]);

const BEHAVIOUR_DAEMONS = new Set([
  'master',
  'worker',
  'executor-runner',
  'driver-runner',
  'leader-election',
  'persistence',
]);

/** Whether a template says something about the control plane the model speaks of. */
export function compared(template: string | null): template is string {
  if (template === null || DEPLOYMENT.has(template)) return false;
  const t = templateById(template);
  return t !== undefined && BEHAVIOUR_DAEMONS.has(t.daemon);
}

interface Line {
  template: string;
  t: number;
  text: string;
  i: number;
}

/** Aligns two sequences by template: equal runs advance together; a gap is the nearer next match. */
function align(a: readonly Line[], b: readonly Line[], lookahead = 64): { onlyA: Line[]; onlyB: Line[] } {
  const onlyA: Line[] = [];
  const onlyB: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i].template === b[j].template) {
      i++;
      j++;
      continue;
    }
    let inB = -1;
    for (let k = j + 1; k < Math.min(b.length, j + lookahead); k++) {
      if (b[k].template === a[i].template) {
        inB = k;
        break;
      }
    }
    let inA = -1;
    for (let k = i + 1; k < Math.min(a.length, i + lookahead); k++) {
      if (a[k].template === b[j].template) {
        inA = k;
        break;
      }
    }
    if (inB >= 0 && (inA < 0 || inB - j <= inA - i)) while (j < inB) onlyB.push(b[j++]);
    else if (inA >= 0) while (i < inA) onlyA.push(a[i++]);
    else {
      onlyA.push(a[i++]);
      onlyB.push(b[j++]);
    }
  }
  while (i < a.length) onlyA.push(a[i++]);
  while (j < b.length) onlyB.push(b[j++]);
  return { onlyA, onlyB };
}

/** The model's lines, by node, each with the template it matches (one pass over the model's run). */
function modelLines(events: readonly TraceEvent[]): Map<NodeId, Line[]> {
  const matcher = templateMatcher();
  const out = new Map<NodeId, Line[]>();
  for (const e of events) {
    for (const f of e.fx) {
      if (f.k !== 'log') continue;
      const hit = matcher.match(f.logger, f.level, f.text);
      const template = hit?.variant.template.id ?? null;
      if (!compared(template)) continue;
      let list = out.get(f.node);
      if (!list) out.set(f.node, (list = []));
      list.push({ template, t: e.t, text: f.text, i: e.i });
    }
  }
  return out;
}

/** Second-resolution timestamps make any gap uncertain by this much. */
const SLACK_MS = 1000;

function timings(trace: LogTrace, timeoutMs: number): Difference[] {
  const out: Difference[] = [];
  /** Each worker's last registration attempt. */
  const lastRetry = new Map<NodeId, { attempt: number; t: number }>();
  const recovering = new Map<NodeId, number>();
  trace.events.forEach((e, i) => {
    const template = trace.templates[i];
    const fields = trace.fields[i];
    const src = e.source ?? { file: '', line: 0 };
    if (template === 'worker.retrying') {
      const attempt = Number(fields?.attempt);
      const before = lastRetry.get(e.node);
      lastRetry.set(e.node, { attempt, t: e.t });
      if (!before || before.attempt !== attempt - 1) return;
      const gap = e.t - before.t;
      // Attempts 1..6 come every I = round(10 f) s, f in [0.5, 1.5); then every P = round(60 f) s.
      const [low, high, rule] =
        attempt <= 6 ? [5000, 15000, 'retry-interval' as const] : [30000, 90000, 'prolonged-interval' as const];
      if (gap < low - SLACK_MS || gap > high + SLACK_MS)
        out.push({ kind: 'timing', node: e.node, t: e.t, rule, seenMs: gap, lowMs: low, highMs: high, ...src });
    } else if (template === 'master.worker-timed-out') {
      const seen = Number(fields?.timeoutMs);
      if (Number.isFinite(seen) && seen !== 60000)
        out.push({
          kind: 'timing',
          node: e.node,
          t: e.t,
          rule: 'worker-timeout',
          seenMs: seen,
          lowMs: 60000,
          highMs: 60000,
          ...src,
        });
    } else if (template === 'master.elected-leader' && fields?.state === 'RECOVERING') {
      recovering.set(e.node, e.t);
    } else if (template === 'master.recovery-complete') {
      const began = recovering.get(e.node);
      if (began === undefined) return;
      recovering.delete(e.node);
      const gap = e.t - began;
      if (gap > timeoutMs + SLACK_MS)
        out.push({
          kind: 'timing',
          node: e.node,
          t: e.t,
          rule: 'recovery-timeout',
          seenMs: gap,
          lowMs: 0,
          highMs: timeoutMs,
          ...src,
        });
    }
  });
  return out;
}

/**
 * The differences between the logs (`trace`) and the model's run of the scenario they imply
 * (`model`, events of the run of `inferred.doc`), in time order, at most `MAX_DIFFERENCES`.
 */
export function compareWithModel(
  trace: LogTrace,
  inferred: InferredScenario,
  model: readonly TraceEvent[],
): Difference[] {
  const logged = new Set(trace.cluster.byDaemon.values());
  const config = inferred.doc.config as Record<string, unknown>;
  const timeoutMs = typeof config['spark.worker.timeout'] === 'number' ? config['spark.worker.timeout'] * 1000 : 60000;
  const out: Difference[] = [...timings(trace, timeoutMs)];
  const byNode = modelLines(model);
  for (const node of logged) {
    const modelNode = inferred.nodes.get(node);
    if (modelNode === undefined) continue;
    const real: Line[] = [];
    trace.events.forEach((e, i) => {
      const template = trace.templates[i];
      if (e.node !== node || !compared(template)) return;
      const log = e.fx.find((f) => f.k === 'log');
      real.push({ template, t: e.t, text: log?.k === 'log' ? log.text : '', i });
    });
    if (real.length === 0) continue;
    // The model is compared over the time the log covers (a tail shows only its end).
    const from = real[0].t;
    const to = real[real.length - 1].t;
    const mine = (byNode.get(modelNode) ?? []).filter((l) => l.t >= from - SLACK_MS && l.t <= to + SLACK_MS);
    const { onlyA, onlyB: missing } = align(real, mine);
    // A log that begins mid-story (a tail, an excerpt) lacks what the model printed before it.
    const starts = real[0].template === 'master.starting' || real[0].template === 'worker.starting';
    let firstShared = -1;
    for (const l of real) if ((firstShared = mine.findIndex((x) => x.template === l.template)) >= 0) break;
    const before = new Set(starts || firstShared < 0 ? [] : mine.slice(0, firstShared));
    const onlyB = missing.filter((l) => !before.has(l));
    for (const l of onlyA) {
      const src = trace.events[l.i].source ?? { file: '', line: 0 };
      out.push({ kind: 'extra', node, t: l.t, template: l.template, text: l.text, ...src });
    }
    for (const l of onlyB) out.push({ kind: 'missing', node, t: l.t, template: l.template, text: l.text });
  }
  out.sort((a, b) => a.t - b.t);
  return out.slice(0, MAX_DIFFERENCES);
}
