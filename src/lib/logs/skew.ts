/**
 * Clocks of different hosts: pairs of lines in two files that must come in this order (the
 * Master's `Registering worker h:p` before that worker's `Successfully registered`, a launch
 * before the worker's `Asked to launch`, …) bound each file's clock offset. The offset applied
 * is the smallest that puts every pair in order; pairs of one printed second need none (their
 * order is restored when merging). What was estimated, and from what, is reported.
 */
import type { StreamDaemon } from './daemons';
import type { EventDraft, FileRead } from './read-file';
import type { CausalPair, FileFlag } from './types';

/** A cause in one daemon's log and its effect in another's. */
interface Rule {
  readonly name: string;
  /** The Spark message whose sending and handling the two lines show. */
  readonly message: string;
  readonly cause: string;
  readonly effect: string;
  /** What ties a cause to its effect (an address, an executor), or null. */
  readonly causeKey: (e: EventDraft, d: StreamDaemon) => string | null;
  readonly effectKey: (e: EventDraft, d: StreamDaemon) => string | null;
  /**
   * It cannot tell which line of the other file is the cause (a worker whose address its log
   * does not say): it only orders lines printed at the same time, and says nothing of clocks.
   */
  readonly sameTimeOnly?: boolean;
}

const hostPort = (e: EventDraft) => `${e.fields.host}:${e.fields.port}`;
const own = (_e: EventDraft, d: StreamDaemon) => (d.host === null ? null : `${d.host}:${d.port}`);
const executor = (e: EventDraft) => `${e.fields.appId}/${e.fields.execId}`;
const field = (name: string) => (e: EventDraft) => (e.fields[name] === undefined ? null : String(e.fields[name]));
const ownWorkerId = (_e: EventDraft, d: StreamDaemon) => d.workerId;
const masterDialled = (e: EventDraft, d: StreamDaemon) =>
  d.host === null ? `${e.fields.masterHost}:${e.fields.masterPort}` : null;

const RULES: readonly Rule[] = [
  {
    name: 'worker connects, then the master registers it',
    message: 'RegisterWorker',
    cause: 'worker.connecting',
    effect: 'master.registering-worker',
    causeKey: own,
    effectKey: hostPort,
  },
  {
    name: 'the master registers a worker, then the worker is registered',
    message: 'RegisteredWorker',
    cause: 'master.registering-worker',
    effect: 'worker.registered',
    causeKey: hostPort,
    effectKey: own,
  },
  {
    name: 'a worker connects, then the master it dialled registers a worker (same second)',
    message: 'RegisterWorker',
    cause: 'worker.connecting',
    effect: 'master.registering-worker',
    causeKey: masterDialled,
    effectKey: own,
    sameTimeOnly: true,
  },
  {
    name: 'the master registers a worker, then a worker registers with it (same second)',
    message: 'RegisteredWorker',
    cause: 'master.registering-worker',
    effect: 'worker.registered',
    causeKey: own,
    effectKey: masterDialled,
    sameTimeOnly: true,
  },
  {
    name: 'the master launches an executor, then the worker is asked to',
    message: 'LaunchExecutor',
    cause: 'master.launching-executor',
    effect: 'worker.launch-executor',
    causeKey: executor,
    effectKey: executor,
  },
  {
    name: 'an executor finishes on the worker, then the master removes it',
    message: 'ExecutorStateChanged',
    cause: 'worker.executor-finished',
    effect: 'master.removing-executor',
    causeKey: executor,
    effectKey: executor,
  },
  {
    name: 'the master launches a driver, then the worker is asked to',
    message: 'LaunchDriver',
    cause: 'master.launching-driver',
    effect: 'worker.launch-driver',
    causeKey: field('driverId'),
    effectKey: field('driverId'),
  },
  {
    name: 'the master recovers a worker, then the worker hears the master changed',
    message: 'MasterChanged',
    cause: 'master.recovering-worker',
    effect: 'worker.master-changed',
    causeKey: field('workerId'),
    effectKey: ownWorkerId,
  },
  {
    name: 'the worker hears the master changed, then the master re-registers it',
    message: 'WorkerSchedulerStateResponse',
    cause: 'worker.master-changed',
    effect: 'master.worker-reregistered',
    causeKey: ownWorkerId,
    effectKey: field('workerId'),
  },
];

interface Candidate {
  readonly event: EventDraft;
  readonly file: number;
  readonly daemon: StreamDaemon;
}

/** The templates the rules pair (the reader notes which events have one as it reads them). */
export const PAIRED: ReadonlySet<string> = new Set(RULES.flatMap((r) => [r.cause, r.effect]));

export interface Pair {
  readonly rule: string;
  readonly message: string;
  /** Another line could as well be the cause, or the cause has another effect as near: it orders, but names no message. */
  ambiguous: boolean;
  readonly sameTimeOnly: boolean;
  readonly cause: EventDraft;
  readonly causeFile: number;
  readonly effect: EventDraft;
  readonly effectFile: number;
}

/** Every cross-file pair the rules find: each effect with the nearest cause in time. */
export function findPairs(reads: readonly FileRead[], daemons: readonly StreamDaemon[][]): Pair[] {
  const byTemplate = new Map<string, Candidate[]>();
  for (const f of reads) {
    for (const i of f.paired) {
      const e = f.events[i];
      let list = byTemplate.get(e.template);
      if (!list) byTemplate.set(e.template, (list = []));
      list.push({ event: e, file: f.index, daemon: daemons[f.index][f.eventStreams[i]] });
    }
  }
  const pairs: Pair[] = [];
  for (const rule of RULES) {
    const effects = byTemplate.get(rule.effect);
    const candidates = byTemplate.get(rule.cause);
    if (!effects || !candidates) continue;
    const effectKeys = effects.map((e) => rule.effectKey(e.event, e.daemon));
    const wanted = new Set(effectKeys);
    const causes = new Map<string, Candidate[]>();
    for (const c of candidates) {
      const key = rule.causeKey(c.event, c.daemon);
      if (key === null || !wanted.has(key)) continue;
      let list = causes.get(key);
      if (!list) causes.set(key, (list = []));
      list.push(c);
    }
    for (const list of causes.values()) list.sort((a, b) => a.event.time - b.event.time);
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i];
      const key = effectKeys[i];
      const list = key === null ? undefined : causes.get(key);
      if (!list) continue;
      const found = nearest(list, e.event.time, e.file);
      const best = found?.best;
      if (best && (!rule.sameTimeOnly || best.event.time === e.event.time)) {
        pairs.push({
          rule: rule.name,
          message: rule.message,
          ambiguous: found.tie,
          sameTimeOnly: !!rule.sameTimeOnly,
          cause: best.event,
          causeFile: best.file,
          effect: e.event,
          effectFile: e.file,
        });
      }
    }
  }
  // A cause that seems to have several effects by one rule tells none of them apart.
  const effectsOf = new Map<string, Pair[]>();
  for (const p of pairs) {
    const k = `${p.rule}\u0000${p.causeFile}\u0000${p.cause.line}`;
    let list = effectsOf.get(k);
    if (!list) effectsOf.set(k, (list = []));
    list.push(p);
  }
  for (const list of effectsOf.values()) if (list.length > 1) for (const p of list) p.ambiguous = true;
  return pairs;
}

/**
 * The cause nearest in time to `time` in a file other than `file`, from a list sorted by time,
 * and whether another is as near (lines of one printed second all are).
 */
function nearest(
  list: readonly Candidate[],
  time: number,
  file: number,
): { best: Candidate; tie: boolean } | undefined {
  const best = nearestOne(list, time, file);
  if (!best) return undefined;
  const gap = Math.abs(best.event.time - time);
  const other = (at: number) => {
    for (let i = lowerBound(list, at); i < list.length && list[i].event.time === at; i++) {
      if (list[i] !== best && list[i].file !== file) return true;
    }
    return false;
  };
  return { best, tie: other(time - gap) || (gap !== 0 && other(time + gap)) };
}

/** The first candidate at or after `time` in a list sorted by time. */
function lowerBound(list: readonly Candidate[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].event.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nearestOne(list: readonly Candidate[], time: number, file: number): Candidate | undefined {
  const lo = lowerBound(list, time);
  let left = lo - 1;
  let right = lo;
  while (left >= 0 && list[left].file === file) left--;
  while (right < list.length && list[right].file === file) right++;
  const l = left >= 0 ? list[left] : undefined;
  const r = right < list.length ? list[right] : undefined;
  if (!l) return r;
  if (!r) return l;
  return time - l.event.time <= r.event.time - time ? l : r;
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
  // Bounds on o(y) − o(x) for each pair of files: [low, high, count].
  const bounds = new Map<number, [number, number, number]>();
  const bound = (x: number, y: number) => {
    let b = bounds.get(x * n + y);
    if (!b) bounds.set(x * n + y, (b = [-Infinity, Infinity, 0]));
    return b;
  };
  for (const p of pairs) {
    if (p.sameTimeOnly) continue;
    const gap = p.cause.time - p.effect.time;
    const forward = bound(p.causeFile, p.effectFile);
    forward[0] = Math.max(forward[0], gap);
    forward[2]++;
    const backward = bound(p.effectFile, p.causeFile);
    backward[1] = Math.min(backward[1], -gap);
    backward[2]++;
  }
  const done = new Array<boolean>(n).fill(false);
  done[ref] = true;
  const queue = [ref];
  while (queue.length > 0) {
    const x = queue.shift()!;
    for (let y = 0; y < n; y++) {
      const b = bounds.get(x * n + y);
      if (done[y] || !b) continue;
      const [low, high, count] = b;
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
    message: p.message,
    ambiguous: p.ambiguous,
    cause: { file: reads[p.causeFile].name, line: p.cause.line },
    effect: { file: reads[p.effectFile].name, line: p.effect.line },
    printedGapMs: p.effect.time - p.cause.time,
  }));
}
