/**
 * A simulation: a kernel, the trace it has recorded, and a cursor that can move both ways — and
 * the one step loop that drives the kernel, whichever host answers it.
 *
 * The loop is written once, as a generator that yields only when it must wait for a host: an
 * in-process host answers at once, so the loop never yields and the synchronous methods (`step`,
 * `runUntil`, `seek`…) run it to the end in one call; a host whose daemons live in Web Workers may
 * answer later, and the asynchronous methods (`stepAsync`…) await what the loop yields. For a host
 * whose daemons work in parallel (`Host.parallel`), the loop hands out ahead, in one request, the
 * inputs the kernel can already predict (`Kernel.preview`); each answer waits until the kernel
 * reaches its event and is committed in kernel order, so which thread answers first never shows.
 *
 * The kernel's state always corresponds to the cursor. Moving forward over events that are already
 * recorded re-executes them (checked against the record when asked to); moving back restores the
 * nearest checkpoint and replays from there. Changing the run at the cursor (a fault injected) cuts
 * the recorded future. (The page moves its view through a recorded run without the kernel: the
 * world is read from the trace. The kernel seeks only to fork the run, or to show a daemon's whole
 * state.)
 *
 * Checkpoints are bounded: at most `maxCheckpoints` are kept, weighing at most `checkpointBytes`
 * together, at multiples of an interval that doubles whenever a limit is reached, so memory stays
 * bounded and a seek replays at most one interval of events. A daemon's snapshot text that did not
 * change since the checkpoint before is shared with it, and weighs nothing more.
 */
import { Kernel, type KernelSpec, type KernelState, type PendingStep, type Prediction } from './kernel';
import type { Answer, Answers, Host } from './host';
import { TraceHasher, canonicalJson } from './trace';
import { TraceStore } from './trace-store';
import type { Fault, NodeId, TraceEvent } from './types';

export interface SimulationOptions {
  /** Initial distance between checkpoints, in events. */
  checkpointEvery?: number;
  maxCheckpoints?: number;
  /**
   * What the checkpoints may weigh together, in bytes (estimated: the snapshot texts they do not
   * share, and the queue). At 1,000 workers the Master's snapshot alone is about 440 KB, and 128
   * checkpoints of six hours held 60 MB of its copies.
   */
  checkpointBytes?: number;
  /** Compare re-executed events with the recorded ones (costs a serialization per event). */
  verifyReplay?: boolean;
  /**
   * Looks at each event right after the kernel made it, and may append effects (invariant
   * violations). It must be a pure function of the event and the kernel's state, so that replays
   * and seeks record the same thing.
   */
  observe?: (event: TraceEvent, kernel: Kernel) => void;
  /** Hand predictable inputs out ahead to a parallel host (default true). */
  batching?: boolean;
}

export class DivergenceError extends Error {}

/** A fault injected while running, at the cursor (`index`) and virtual time (`at`) it was injected. */
export interface Injection {
  index: number;
  at: number;
  fault: Fault;
}

/**
 * A kernel state kept for seeking, as a private copy: what the kernel changes later (queued
 * entries, whose due time moves or which a cancel marks; backlogs; disks) is copied, and what
 * `Kernel.save` builds fresh (node flags, network, asks) or nobody changes (messages, faults, names,
 * the actors' packed snapshots) is shared. That is far cheaper than a JSON round trip, both when a
 * checkpoint is taken and when a seek restores one. Each actor's snapshot is kept as the host
 * packed it (text): restoring parses none of them here (the host parses those it rebuilds).
 */
type Checkpoint = KernelState;

function copyEntries<E extends object>(entries: readonly E[]): E[] {
  return entries.map((e) => ({ ...e }));
}

/** A copy of `s` that neither the kernel nor the checkpoint it came from will change. */
function privateCopy(s: KernelState): KernelState {
  const backlogs: KernelState['backlogs'] = {};
  for (const [id, b] of Object.entries(s.backlogs)) backlogs[id] = copyEntries(b);
  return { ...s, queue: copyEntries(s.queue), backlogs, disks: structuredClone(s.disks) };
}

/** The loop yields only promises it must wait for; what it is given back is their value. */
type Loop<T> = Generator<Promise<unknown>, T, unknown>;

/** Runs a loop whose host answers at once. */
function runSync<T>(loop: Loop<T>): T {
  const r = loop.next();
  if (!r.done) throw new Error('This host answers asynchronously: use the simulation\u2019s async methods');
  return r.value;
}

/** Runs a loop, awaiting what it waits for. */
async function runAsync<T>(loop: Loop<T>): Promise<T> {
  let r = loop.next();
  while (!r.done) {
    let value: unknown;
    try {
      value = await r.value;
    } catch (err) {
      r = loop.throw(err);
      continue;
    }
    r = loop.next(value);
  }
  return r.value;
}

/** Event kinds in which a daemon handles an input (what a prediction can stand for). */
const HANDLED = new Set(['deliver', 'timer', 'ask-timeout', 'disconnect', 'send-failed']);
/** How far ahead in the record to count daemons' inputs. */
const RECORD_LOOKAHEAD = 8192;
const MAX_BATCH = 512;
const FOREVER = Number.MAX_SAFE_INTEGER;

interface Predicted {
  seq: number;
  answers: Answers;
  /** Its place in the request. */
  i: number;
}

export class Simulation {
  readonly kernel: Kernel;
  /** Every event recorded so far; events at index >= cursor are the recorded future. */
  readonly events = new TraceStore();
  private checkpoints = new Map<number, Checkpoint>();
  private checkpointDue = false;
  private interval: number;
  private readonly maxCheckpoints: number;
  private readonly checkpointBudget: number;
  /** The estimated weight of each checkpoint (see `weigh`). */
  private weights = new Map<number, number>();
  private readonly verify: boolean;
  private readonly observe?: (event: TraceEvent, kernel: Kernel) => void;
  private readonly batching: boolean;
  private hasher = new TraceHasher();
  /**
   * Faults injected while running, keyed by the cursor they were injected at. A kernel state at
   * cursor c never contains the injections made at c; the loop applies them before its next step,
   * so replays re-apply them exactly.
   */
  readonly injections: Injection[] = [];
  /** Injections already inside the kernel's current state. */
  private applied = new Set<Injection>();
  /** Virtual time the run has been advanced to (idle time counts). */
  private horizon = 0;
  /** Inputs handed out ahead to a parallel host, per node, in kernel order. */
  private predicted = new Map<NodeId, Predicted[]>();
  private outstanding = 0;
  /** Round trips made, inputs handled and predictions undone (see `undoPredictions`), for the benchmarks. */
  readonly stats = { roundTrips: 0, handled: 0, undone: 0 };

  constructor(
    readonly spec: KernelSpec,
    readonly host: Host,
    options: SimulationOptions = {},
  ) {
    this.kernel = new Kernel(spec, host);
    // A checkpoint copies every node's state, so its cost grows with the cluster: space them with
    // its size. At 1,000 nodes one costs 1.6 ms, about what 2,000 events do. At 16 events per node
    // they took 18% of a run's time; at 32 they take about a tenth, and a seek replays at most
    // 32,000 events (in a 1.2M-event run: 15–18 ms median, 23–34 ms worst, against 9–10 and 19–21).
    this.interval = options.checkpointEvery ?? Math.max(1024, 32 * spec.nodes.length);
    this.maxCheckpoints = options.maxCheckpoints ?? 128;
    this.checkpointBudget = options.checkpointBytes ?? 32 * 2 ** 20;
    this.verify = options.verifyReplay ?? false;
    this.observe = options.observe;
    this.batching = options.batching ?? true;
    const first = privateCopy(this.kernel.save());
    this.checkpoints.set(0, first);
    this.weights.set(0, this.weigh(first, undefined));
  }

  /** Number of events handled so far (the position of the kernel in the trace). */
  get cursor(): number {
    return this.kernel.eventCount;
  }

  /** Virtual time at the cursor. */
  get now(): number {
    return this.kernel.now;
  }

  /** The furthest virtual time the run has been advanced to. */
  get endTime(): number {
    return Math.max(this.horizon, this.events.timeBefore(this.events.length));
  }

  /** When the next event is due, past the record (undefined when nothing is left to happen). */
  nextTime(): number | undefined {
    return this.kernel.nextTime();
  }

  /**
   * The virtual time up to which every event is recorded. Less than `endTime` when a run stopped
   * at a count of events: more may be due at the time of the last one.
   */
  get settledTime(): number {
    return this.horizon;
  }

  // -----------------------------------------------------------------------------------------------
  // Driving, for a host that answers at once

  /** Handles the next event (due at or before `limit`) and returns it, or null when there is none. */
  step(limit = FOREVER): TraceEvent | null {
    return runSync(this.advance(limit, this.cursor + 1, false));
  }

  /** Runs every event due at or before virtual time `until`. */
  runUntil(until: number): void {
    runSync(this.runUntilLoop(until));
  }

  /** Runs `count` events (fewer if the queue runs dry). Returns how many ran. */
  stepMany(count: number): number {
    const from = this.cursor;
    runSync(this.advance(FOREVER, from + count, true));
    return this.cursor - from;
  }

  /** Puts the cursor after `index` events (0 = the start). Beyond the record, it runs forward. */
  seek(index: number): void {
    runSync(this.seekLoop(index));
  }

  /** Goes back one event. */
  back(): void {
    if (this.cursor > 0) this.seek(this.cursor - 1);
  }

  // -----------------------------------------------------------------------------------------------
  // Driving, for any host

  stepAsync(): Promise<TraceEvent | null> {
    return runAsync(this.advance(FOREVER, this.cursor + 1, false));
  }

  runUntilAsync(until: number): Promise<void> {
    return runAsync(this.runUntilLoop(until));
  }

  /**
   * Runs about `count` events due at or before `until` (a slice of a long run, so that the page can
   * draw and answer between slices). Returns how many ran: a few more than `count` when inputs
   * handed out ahead were not reached at `count` (they are certain to come, and going back to a
   * checkpoint to undo them cost a scrub of 1000 workers 40 % of its time). `enough`, asked
   * between events, ends the slice early: a host's own pacing (the page's time budget), which
   * changes where slices end but not what happens.
   */
  async sliceAsync(until: number, count: number, enough?: () => boolean): Promise<number> {
    const from = this.cursor;
    let cut = false;
    const stop = enough && (() => (cut = enough()));
    await runAsync(this.advance(until, from + count, true, true, stop));
    if (!cut && this.cursor - from < count) {
      this.kernel.advanceTo(until);
      this.horizon = Math.max(this.horizon, until);
    }
    return this.cursor - from;
  }

  async stepManyAsync(count: number): Promise<number> {
    const from = this.cursor;
    await runAsync(this.advance(FOREVER, from + count, true));
    return this.cursor - from;
  }

  seekAsync(index: number): Promise<void> {
    return runAsync(this.seekLoop(index));
  }

  async backAsync(): Promise<void> {
    if (this.cursor > 0) await this.seekAsync(this.cursor - 1);
  }

  /**
   * Injects a fault now (at the kernel's virtual time), or at `at`: later, or earlier inside idle
   * time the run passed with nothing happening. When the cursor is inside the recorded run, the
   * recorded future is cut first: the run forks here.
   */
  inject(fault: Fault, at?: number): void {
    this.truncate();
    this.injections.push({ index: this.cursor, at: this.kernel.earliest(at ?? this.kernel.now), fault });
  }

  /**
   * Re-makes a recorded run: its injections are applied where they were made, as the loop reaches
   * them. Only for a fresh simulation (nothing run yet).
   */
  replayInjections(injections: readonly Injection[]): void {
    if (this.events.length > 0 || this.injections.length > 0)
      throw new Error('Injections can be given back only to a fresh simulation');
    let last = 0;
    for (const inj of injections) {
      if (!Number.isInteger(inj.index) || inj.index < last)
        throw new Error(`injections: index ${inj.index} is not in order (after ${last})`);
      last = inj.index;
      this.injections.push({ index: inj.index, at: inj.at, fault: inj.fault });
    }
  }

  /**
   * Moves the clock over idle time to `until`, as a run that was advanced there did; fails if
   * something is due before then (the run it re-makes was not idle there).
   */
  idleUntil(until: number): void {
    this.kernel.advanceTo(until);
    this.horizon = Math.max(this.horizon, until);
  }

  /** Drops the recorded future beyond the cursor. */
  truncate(): void {
    const n = this.cursor;
    if (n >= this.events.length) return;
    this.events.truncate(n);
    this.hasher.reset();
    for (const k of [...this.checkpoints.keys()]) {
      if (k > n) {
        this.checkpoints.delete(k);
        this.weights.delete(k);
      }
    }
    for (let i = this.injections.length - 1; i >= 0; i--) {
      if (this.injections[i].index > n) this.injections.splice(i, 1);
    }
    this.horizon = this.kernel.now;
  }

  /** SHA-256 of the canonical trace recorded so far. */
  hash(): string {
    return this.hasher.digest(this.events);
  }

  /** The hash, if it is known without hashing anything (null otherwise). */
  hashReady(): string | null {
    return this.hasher.ready(this.events);
  }

  /** Hashes at most `max` more events; returns how many are left to hash. */
  hashSome(max: number): number {
    return this.hasher.feed(this.events, max);
  }

  checkpointCount(): number {
    return this.checkpoints.size;
  }

  // -----------------------------------------------------------------------------------------------
  // The loop

  private *runUntilLoop(until: number): Loop<void> {
    yield* this.advance(until, undefined, true);
    this.kernel.advanceTo(until);
    this.horizon = Math.max(this.horizon, until);
  }

  private *seekLoop(index: number): Loop<void> {
    const target = this.rewindFor(index);
    this.reportLost();
    if (this.cursor < target) yield* this.advance(FOREVER, target, true);
  }

  /**
   * Steps until virtual time passes `limit`, the cursor reaches `stopAt`, or nothing is left.
   * `batch`: hand predictable inputs out ahead (to a parallel host). `soft`: the stop may be passed
   * until the inputs handed out are all handled. Returns the last event.
   */
  private *advance(
    limit: number,
    stopAt: number | undefined,
    batch: boolean,
    soft = false,
    enough?: () => boolean,
  ): Loop<TraceEvent | null> {
    const k = this.kernel;
    let last: TraceEvent | null = null;
    for (;;) {
      if (stopAt !== undefined && this.cursor >= stopAt && (this.outstanding === 0 || !soft)) {
        if (this.outstanding !== 0) yield* this.undoPredictions();
        break;
      }
      // Stopped early only where no input handed out ahead is left (nothing to undo).
      if (enough !== undefined && last !== null && this.outstanding === 0 && enough()) break;
      if (this.outstanding === 0) {
        this.reportLost();
        if (this.checkpointDue) {
          // A host that mirrors snapshots brings them up to date first.
          if (this.host.refresh) yield this.host.refresh();
          this.takeDueCheckpoint();
        }
        if (batch && this.batching && this.host.parallel) this.predict(limit, stopAt);
      }
      this.applyInjections();
      const begun = k.begin(limit);
      if (begun === null) break;
      let e: TraceEvent;
      if ('input' in begun) {
        // An answer already in (in-process, or through shared memory) is used without waiting.
        let answer = this.answerFor(begun);
        if (answer instanceof Promise) answer = (yield answer) as Answer;
        e = this.commitStep(begun, answer);
      } else {
        e = begun;
      }
      this.finish(e);
      last = e;
      // With a host that packs snapshots at any time, a due checkpoint is taken right here.
      if (this.checkpointDue && this.outstanding === 0 && !this.host.refresh) this.takeDueCheckpoint();
    }
    if (this.outstanding !== 0) yield* this.undoPredictions();
    this.host.flush?.();
    return last;
  }

  /** Commits a daemon's answer to the kernel: its effects, or its crash. */
  private apply(p: PendingStep, answer: Answer): TraceEvent {
    if ('error' in answer) return this.kernel.fail(p, new Error(answer.error));
    if ('skipped' in answer) throw new Error(`Internal error: ${p.node} skipped an input`);
    return this.kernel.commit(p, answer.ops);
  }

  /**
   * Puts the daemons back where the kernel is, when inputs handed out ahead were not reached before
   * a stop. A prediction past the record is handed out only if it comes within the stop
   * (`Prediction.pos`), but a daemon that arms a timer shorter than the network's least delay (a
   * heartbeat sent at once on registering) adds an event ahead of other daemons' predictions, so on
   * rare occasions one is left over, already handled by its daemon. The run goes back to the last
   * checkpoint and comes forward again inside the record, where the record says exactly how many
   * inputs each daemon handles before the stop.
   */
  private *undoPredictions(): Loop<void> {
    const at = this.cursor;
    this.predicted.clear();
    this.outstanding = 0;
    this.stats.undone++;
    let best = 0;
    for (const k of this.checkpoints.keys()) if (k <= at && k > best) best = k;
    this.kernel.load(privateCopy(this.checkpoints.get(best) as Checkpoint));
    this.applied = new Set(this.injections.filter((inj) => inj.index < best));
    this.checkpointDue = false;
    yield* this.advance(FOREVER, at, true);
  }

  /** Observes and records a finished event. */
  private finish(e: TraceEvent): void {
    this.observe?.(e, this.kernel);
    const i = e.i;
    if (i < this.events.length) {
      if (this.verify && canonicalJson(this.events.at(i)) !== canonicalJson(e)) {
        throw new DivergenceError(`Replay diverged at event ${i}`);
      }
    } else {
      this.events.push(e);
    }
    const n = i + 1;
    if (n % this.interval === 0 && !this.checkpoints.has(n)) this.checkpointDue = true;
  }

  /**
   * Takes the checkpoint that came due (possibly a few events late, when a host that mirrors
   * snapshots could not be consistent at the exact index).
   */
  private takeDueCheckpoint(): void {
    if (!this.checkpointDue) return;
    this.checkpointDue = false;
    const n = this.cursor;
    const cp = privateCopy(this.kernel.save());
    let before = -1;
    for (const k of this.checkpoints.keys()) if (k < n && k > before) before = k;
    this.weights.set(n, this.weigh(cp, this.checkpoints.get(before)));
    this.checkpoints.set(n, cp);
    let total = 0;
    for (const w of this.weights.values()) total += w;
    while (
      this.checkpoints.size > 2 &&
      (this.checkpoints.size > this.maxCheckpoints || total > this.checkpointBudget)
    ) {
      this.interval *= 2;
      // Keep the first checkpoint of each new interval (the multiples, when taken on time).
      const kept = new Set<number>();
      for (const k of [...this.checkpoints.keys()].sort((a, b) => a - b)) {
        const bucket = Math.floor(k / this.interval);
        if (kept.has(bucket)) this.checkpoints.delete(k);
        else kept.add(bucket);
      }
      total = this.reweigh();
    }
  }

  /**
   * The estimated weight of checkpoint `cp`, in bytes: its queue, and the snapshot texts it does not
   * share with `prev` (the checkpoint before it). A text equal to the one in `prev` is replaced by
   * that one, so the two share it in memory.
   */
  private weigh(cp: Checkpoint, prev: Checkpoint | undefined): number {
    let bytes = 64 * (cp.queue.length + cp.asks.length) + 1024;
    const actors = cp.actors;
    for (let i = 0; i < actors.length; i++) {
      const text = actors[i];
      if (text === null) continue;
      const old = prev?.actors[i];
      if (old === text) actors[i] = old;
      else bytes += text.length;
    }
    return bytes;
  }

  /** Weighs every checkpoint again (after some were dropped); returns the total. */
  private reweigh(): number {
    this.weights.clear();
    let prev: Checkpoint | undefined;
    let total = 0;
    for (const k of [...this.checkpoints.keys()].sort((a, b) => a - b)) {
      const cp = this.checkpoints.get(k) as Checkpoint;
      const w = this.weigh(cp, prev);
      this.weights.set(k, w);
      total += w;
      prev = cp;
    }
    return total;
  }

  /** Index of the next recorded injection not yet applied (it changes the world there). */
  private nextInjection(): number | undefined {
    let next: number | undefined;
    for (const inj of this.injections) {
      if (!this.applied.has(inj) && inj.index >= this.cursor && (next === undefined || inj.index < next))
        next = inj.index;
    }
    return next;
  }

  private applyInjections(): void {
    const c = this.kernel.eventCount;
    for (const inj of this.injections) {
      if (inj.index === c && !this.applied.has(inj)) {
        this.applied.add(inj);
        this.kernel.inject(inj.fault, inj.at);
      }
    }
  }

  /**
   * The first half of a seek: restores the best checkpoint for `index` when that is closer than
   * stepping from here. Returns the target; the loop steps up to it.
   */
  private rewindFor(index: number): number {
    const target = Math.max(0, Math.floor(index));
    if (target < this.cursor || target - this.cursor > this.interval) {
      let best = 0;
      for (const k of this.checkpoints.keys()) if (k <= target && k > best) best = k;
      if (best > this.cursor || target < this.cursor) {
        const cp = this.checkpoints.get(best) as Checkpoint;
        this.kernel.load(privateCopy(cp));
        this.applied = new Set(this.injections.filter((inj) => inj.index < best));
        this.checkpointDue = false;
      }
    }
    return target;
  }

  /** Daemons whose thread died are killed in the run, with the thread's error as the reason. */
  private reportLost(): void {
    const lost = this.host.takeLost?.();
    if (lost) for (const { id, error } of lost) this.inject({ action: 'kill', target: id, reason: error });
  }

  // -----------------------------------------------------------------------------------------------
  // Answers

  /** The daemon's answer to a pending step: the predicted one, or one asked for now. */
  private answerFor(p: PendingStep): Answer | Promise<Answer> {
    if (this.outstanding === 0) {
      // Nothing handed out ahead (always so in-process): ask now.
      this.stats.roundTrips++;
      return this.host.ask(p.node, p.input, this.kernel.now);
    }
    const queue = this.predicted.get(p.node);
    if (queue !== undefined && queue.length > 0) {
      const head = queue[0];
      const r = head.answers.result(head.i);
      return r instanceof Promise ? r.then((x) => this.matched(p, head, x)) : this.matched(p, head, r);
    }
    return this.askNow(p);
  }

  /** A predicted answer, once it is in: used if it was for this very input. */
  private matched(p: PendingStep, head: Predicted, answer: Answer): Answer | Promise<Answer> {
    if (head.seq === p.seq) {
      if (!('skipped' in answer)) {
        (this.predicted.get(p.node) as Predicted[]).shift();
        this.outstanding--;
        return answer;
      }
    } else if (!('skipped' in answer)) {
      throw new Error(`Internal error: ${p.node} was predicted the wrong input`);
    }
    return this.askNow(p);
  }

  /**
   * Not predicted, or the node's earlier input changed its own future (a timer due sooner): the
   * daemon skipped the rest of its predictions, and this input goes on its own.
   */
  private askNow(p: PendingStep): Answer | Promise<Answer> {
    this.dropPredictions(p.node);
    this.stats.roundTrips++;
    return this.host.ask(p.node, p.input, this.kernel.now);
  }

  private commitStep(p: PendingStep, answer: Answer): TraceEvent {
    this.stats.handled++;
    const k = this.kernel;
    this.host.committed?.(p.node, answer);
    const e = this.apply(p, answer);
    // A daemon that exited or threw never handles what was predicted for it (its thread skipped it).
    if (this.outstanding !== 0 && !k.isUp(p.node)) this.dropPredictions(p.node);
    return e;
  }

  private dropPredictions(node: NodeId): void {
    const q = this.predicted.get(node);
    if (q) this.outstanding -= q.length;
    this.predicted.delete(node);
  }

  /**
   * Hands out the inputs that are certain to be handled before the run stops. Inside the record, up
   * to the next stopping point, a daemon gets no more predictions than the record says it handles
   * inputs before that point.
   */
  private predict(limit: number, stopAt: number | undefined): void {
    let preds = this.kernel.preview(limit, MAX_BATCH);
    if (preds.length < 2) return;
    const inj = this.nextInjection();
    const stops = [stopAt, inj].filter((x): x is number => x !== undefined);
    if (stops.length > 0) {
      const stop = Math.min(...stops);
      if (stop > this.events.length) {
        // Past the record: only inputs certain to be handled before the stop (see `Prediction.pos`).
        if (this.cursor < this.events.length) return;
        preds = preds.filter((p) => p.pos < stop - this.cursor);
        if (preds.length < 2) return;
        return this.handOut(preds);
      }
      const end = Math.min(stop, this.cursor + RECORD_LOOKAHEAD);
      const budget = new Map<NodeId, number>();
      for (let i = this.cursor; i < end; i++) {
        if (HANDLED.has(this.events.kindOf(i))) {
          const node = this.events.nodeOf(i);
          budget.set(node, (budget.get(node) ?? 0) + 1);
        }
      }
      preds = preds.filter((p) => {
        const b = budget.get(p.node) ?? 0;
        budget.set(p.node, b - 1);
        return b > 0;
      });
      if (preds.length < 2) return;
    }
    this.handOut(preds);
  }

  private handOut(preds: Prediction[]): void {
    const answers = this.host.request(preds.map((p) => ({ id: p.node, input: p.input, now: p.t })));
    this.stats.roundTrips++;
    preds.forEach((p, i) => {
      let q = this.predicted.get(p.node);
      if (!q) this.predicted.set(p.node, (q = []));
      q.push({ seq: p.seq, answers, i });
    });
    this.outstanding += preds.length;
  }
}
