/**
 * Clocks of different hosts: pairs of lines in two files that must come in this order (the
 * Master's `Registering worker h:p` before that worker's `Successfully registered`, a launch
 * before the worker's `Asked to launch`, …) bound each file's clock offset. The offset applied
 * is the smallest that puts every pair in order; pairs of one printed second need none (their
 * order is restored when merging). What was estimated, and from what, is reported.
 */
import type { StreamDaemon } from './daemons';
import type { FileRead, Rec } from './read-file';
import type { CausalPair, FileFlag } from './types';

/** A cause in one daemon's log and its effect in another's. */
interface Rule {
  readonly name: string;
  readonly cause: string;
  readonly effect: string;
  /** What ties a cause to its effect (an address, an executor), or null. */
  readonly causeKey: (r: Rec, d: StreamDaemon) => string | null;
  readonly effectKey: (r: Rec, d: StreamDaemon) => string | null;
  /**
   * It cannot tell which line of the other file is the cause (a worker whose address its log
   * does not say): it only orders lines printed at the same time, and says nothing of clocks.
   */
  readonly sameTimeOnly?: boolean;
}

const hostPort = (r: Rec) => `${r.fields?.host}:${r.fields?.port}`;
const own = (_r: Rec, d: StreamDaemon) => (d.host === null ? null : `${d.host}:${d.port}`);
const executor = (r: Rec) => `${r.fields?.appId}/${r.fields?.execId}`;
const field = (name: string) => (r: Rec) => (r.fields?.[name] === undefined ? null : String(r.fields[name]));
const ownWorkerId = (_r: Rec, d: StreamDaemon) => d.workerId;
const masterDialled = (r: Rec, d: StreamDaemon) =>
  d.host === null ? `${r.fields?.masterHost}:${r.fields?.masterPort}` : null;

const RULES: readonly Rule[] = [
  {
    name: 'worker connects, then the master registers it',
    cause: 'worker.connecting',
    effect: 'master.registering-worker',
    causeKey: own,
    effectKey: hostPort,
  },
  {
    name: 'the master registers a worker, then the worker is registered',
    cause: 'master.registering-worker',
    effect: 'worker.registered',
    causeKey: hostPort,
    effectKey: own,
  },
  {
    name: 'a worker connects, then the master it dialled registers a worker (same second)',
    cause: 'worker.connecting',
    effect: 'master.registering-worker',
    causeKey: masterDialled,
    effectKey: own,
    sameTimeOnly: true,
  },
  {
    name: 'the master registers a worker, then a worker registers with it (same second)',
    cause: 'master.registering-worker',
    effect: 'worker.registered',
    causeKey: own,
    effectKey: masterDialled,
    sameTimeOnly: true,
  },
  {
    name: 'the master launches an executor, then the worker is asked to',
    cause: 'master.launching-executor',
    effect: 'worker.launch-executor',
    causeKey: executor,
    effectKey: executor,
  },
  {
    name: 'an executor finishes on the worker, then the master removes it',
    cause: 'worker.executor-finished',
    effect: 'master.removing-executor',
    causeKey: executor,
    effectKey: executor,
  },
  {
    name: 'the master launches a driver, then the worker is asked to',
    cause: 'master.launching-driver',
    effect: 'worker.launch-driver',
    causeKey: field('driverId'),
    effectKey: field('driverId'),
  },
  {
    name: 'the master recovers a worker, then the worker hears the master changed',
    cause: 'master.recovering-worker',
    effect: 'worker.master-changed',
    causeKey: field('workerId'),
    effectKey: ownWorkerId,
  },
  {
    name: 'the worker hears the master changed, then the master re-registers it',
    cause: 'worker.master-changed',
    effect: 'master.worker-reregistered',
    causeKey: ownWorkerId,
    effectKey: field('workerId'),
  },
];

export interface Pair {
  readonly rule: string;
  readonly sameTimeOnly: boolean;
  readonly cause: Rec;
  readonly causeFile: number;
  readonly effect: Rec;
  readonly effectFile: number;
}

/** Every cross-file pair the rules find: each effect with the nearest cause in time. */
export function findPairs(reads: readonly FileRead[], daemons: readonly StreamDaemon[][]): Pair[] {
  const byTemplate = new Map<string, { rec: Rec; file: number }[]>();
  const wanted = new Set(RULES.flatMap((r) => [r.cause, r.effect]));
  for (const f of reads) {
    for (const rec of f.recs) {
      const id = rec.variant?.template.id;
      if (id === undefined || !wanted.has(id)) continue;
      let list = byTemplate.get(id);
      if (!list) byTemplate.set(id, (list = []));
      list.push({ rec, file: f.index });
    }
  }
  const pairs: Pair[] = [];
  for (const rule of RULES) {
    const causes = new Map<string, { rec: Rec; file: number }[]>();
    for (const c of byTemplate.get(rule.cause) ?? []) {
      const key = rule.causeKey(c.rec, daemons[c.file][c.rec.stream]);
      if (key === null) continue;
      let list = causes.get(key);
      if (!list) causes.set(key, (list = []));
      list.push(c);
    }
    for (const e of byTemplate.get(rule.effect) ?? []) {
      const key = rule.effectKey(e.rec, daemons[e.file][e.rec.stream]);
      if (key === null) continue;
      let best: { rec: Rec; file: number } | undefined;
      for (const c of causes.get(key) ?? []) {
        if (c.file === e.file || (rule.sameTimeOnly && c.rec.time !== e.rec.time)) continue;
        if (!best || Math.abs(e.rec.time - c.rec.time) < Math.abs(e.rec.time - best.rec.time)) best = c;
      }
      if (best) {
        pairs.push({
          rule: rule.name,
          sameTimeOnly: !!rule.sameTimeOnly,
          cause: best.rec,
          causeFile: best.file,
          effect: e.rec,
          effectFile: e.file,
        });
      }
    }
  }
  return pairs;
}

export interface Offsets {
  readonly offsetMs: number[];
  readonly flags: Set<FileFlag>[];
  readonly notes: string[][];
}

/**
 * Each file's clock offset relative to the first file with a master (or the first file), from
 * the pairs: o(effect file) − o(cause file) ≥ cause time − effect time.
 */
export function estimateOffsets(
  reads: readonly FileRead[],
  daemons: readonly StreamDaemon[][],
  pairs: readonly Pair[],
): Offsets {
  const n = reads.length;
  const offsetMs = new Array<number>(n).fill(0);
  const flags = reads.map(() => new Set<FileFlag>());
  const notes: string[][] = reads.map(() => []);
  const ref = Math.max(
    0,
    daemons.findIndex((ds) => ds.some((d) => d.kind === 'master')),
  );
  const done = new Array<boolean>(n).fill(false);
  done[ref] = true;
  const queue = [ref];
  while (queue.length > 0) {
    const x = queue.shift()!;
    for (let y = 0; y < n; y++) {
      if (done[y]) continue;
      // Bounds on o(y) − o(x).
      let low = -Infinity;
      let high = Infinity;
      let count = 0;
      for (const p of pairs) {
        if (p.sameTimeOnly) continue;
        if (p.causeFile === x && p.effectFile === y) low = Math.max(low, p.cause.time - p.effect.time);
        else if (p.causeFile === y && p.effectFile === x) high = Math.min(high, p.effect.time - p.cause.time);
        else continue;
        count++;
      }
      if (count === 0) continue;
      done[y] = true;
      queue.push(y);
      let delta = 0;
      if (low > high) {
        delta = Math.round((low + high) / 2);
        flags[y].add('clock-evidence-inconsistent');
        notes[y].push(
          `the ${count} ordered pairs with ${reads[x].name} disagree (need ≥ ${low} ms and ≤ ${high} ms): offset ${delta} ms`,
        );
      } else if (low > 0) delta = low;
      else if (high < 0) delta = high;
      offsetMs[y] = offsetMs[x] + delta;
      if (delta !== 0) {
        flags[y].add('clock-offset-applied');
        notes[y].push(
          `clock ${delta > 0 ? 'behind' : 'ahead of'} ${reads[x].name} by at least ${Math.abs(delta)} ms as printed ` +
            `(${count} ordered pair${count > 1 ? 's' : ''}): ${delta > 0 ? '+' : ''}${delta} ms applied`,
        );
      } else {
        notes[y].push(
          `${count} ordered pair${count > 1 ? 's' : ''} with ${reads[x].name} agree: no clock offset needed`,
        );
      }
    }
  }
  return { offsetMs, flags, notes };
}

export function describePairs(reads: readonly FileRead[], pairs: readonly Pair[]): CausalPair[] {
  return pairs.map((p) => ({
    rule: p.rule,
    cause: { file: reads[p.causeFile].name, line: p.cause.line },
    effect: { file: reads[p.effectFile].name, line: p.effect.line },
    printedGapMs: p.effect.time - p.cause.time,
  }));
}
