/**
 * A simulation whose daemons run in other threads, in lockstep with the kernel.
 *
 * The kernel takes events one at a time, in its own order, exactly as in-process; only the daemon
 * handling goes elsewhere. For speed, the inputs the kernel can already predict (`Kernel.preview`)
 * are handed out in one batch per thread before the kernel reaches them, so threads work in
 * parallel; each result waits until the kernel reaches its event and is then committed in kernel
 * order. Which thread answers first never shows in the trace.
 *
 * Predictions are made only where they will certainly be used before the caller regains control:
 * up to the time limit of a run, and, inside the recorded run, no further than the record says
 * each daemon acts before the next stopping point (a seek target, a recorded injection).
 */
import { kernelSpec } from '../scenario/build';
import type { Scenario } from '../scenario/load';
import type { PendingStep } from '../sim/kernel';
import { Simulation } from '../sim/simulation';
import type { Fault, NodeId, Op, TraceEvent } from '../sim/types';
import { checkCluster } from '../spark/cluster-invariants';
import { finalState } from '../spark/final';
import { sparkProbes } from '../spark/probes';
import type { WorkResult } from './protocol';
import type { Session, SessionOptions, Transport } from './session';
import { ThreadedHost, type ThreadFactory, type WorkBatch } from './threaded-host';

/** Event kinds in which a daemon handles an input (what a prediction can stand for). */
const HANDLED = new Set(['deliver', 'timer', 'ask-timeout', 'disconnect', 'send-failed']);
/** How far ahead in the record to count daemons' inputs. */
const RECORD_LOOKAHEAD = 8192;
const MAX_BATCH = 512;
/** The result of every input that did nothing (shared; nothing changes a result once recorded). */
const NO_OPS: WorkResult = Object.freeze({ ops: Object.freeze([]) as unknown as Op[] });

interface Predicted {
  seq: number;
  batch: WorkBatch;
  /** Its place in the batch. */
  i: number;
}

export interface ThreadedOptions extends SessionOptions {
  /** Threads beyond which daemons share one. */
  threads: number;
  factory: ThreadFactory;
  /** Hand predictable inputs out ahead, in parallel (default true). */
  batching?: boolean;
}

export class ThreadedSession implements Session {
  readonly runtime = 'workers' as const;
  readonly sim: Simulation;
  readonly host: ThreadedHost;
  private predicted = new Map<NodeId, Predicted[]>();
  /**
   * What each daemon answered, by the index of the event it answered: inside the record a seek
   * commits these again instead of asking, so only the daemons' threads redo the work, in parallel
   * and without round trips.
   */
  private results: WorkResult[] = [];
  private outstanding = 0;
  private readonly batching: boolean;
  /** Round trips made and inputs handled, for the benchmarks. */
  readonly stats = { roundTrips: 0, handled: 0 };

  constructor(
    readonly scenario: Scenario,
    opts: ThreadedOptions,
  ) {
    const spec = kernelSpec(scenario, opts.seed ?? scenario.seed, {
      invariants: opts.invariants,
      fastPath: opts.fastPath,
    });
    // A Master handles an input for each Worker's heartbeat: it weighs as much as all the Workers.
    const workers = Math.max(1, spec.nodes.filter((n) => n.kind === 'worker').length);
    this.host = new ThreadedHost(sparkProbes, opts.factory, opts.threads, (kind) => (kind === 'master' ? workers : 1));
    this.sim = new Simulation(spec, this.host, {
      // Checkpoints four times closer than in-process: here a checkpoint costs the main thread little
      // (daemons whose snapshot did not change send nothing), and each event a seek replays costs
      // it more (the answer is looked up, the input is posted to a thread that handles it again).
      checkpointEvery: Math.max(1024, 4 * spec.nodes.length),
      ...opts,
      ...(opts.invariants === false ? {} : { observe: checkCluster }),
    });
    this.batching = opts.batching ?? true;
  }

  /** Handles the next event. */
  async step(): Promise<TraceEvent | null> {
    const e = await this.advance(Number.MAX_SAFE_INTEGER, this.sim.cursor + 1, false);
    return e;
  }

  async back(): Promise<void> {
    if (this.sim.cursor > 0) await this.seek(this.sim.cursor - 1);
  }

  async seek(index: number): Promise<void> {
    const target = this.sim.rewindFor(index);
    this.reportLost();
    await this.replayRecorded(Math.min(target, this.sim.events.length));
    if (this.sim.cursor < target) await this.advance(Number.MAX_SAFE_INTEGER, target, true);
  }

  /**
   * Moves the cursor to `end` inside the record by committing the results recorded the first
   * time. Each daemon's thread is handed the same inputs in the same order to rebuild its state;
   * the kernel does not wait for it (a thread handles its messages in order, so anything asked of
   * it later sees the rebuilt state). A checkpoint that comes due meanwhile is taken at the next
   * step that can fetch snapshots.
   */
  private async replayRecorded(end: number): Promise<void> {
    const sim = this.sim;
    const k = sim.kernel;
    while (sim.cursor < end && this.outstanding === 0) {
      const begun = sim.prepare();
      if (begun === null) break;
      if (!('input' in begun)) {
        sim.finish(begun);
        continue;
      }
      let result = this.results[begun.event.i];
      if (result === undefined) {
        // Not recorded (it cannot happen inside the record, but a missing answer is asked for).
        this.host.flush();
        result = await this.host.handleOne(begun.node, begun.input, k.now).result(0);
        this.results[begun.event.i] = result;
      } else {
        this.host.replay(begun.node, begun.input, k.now);
      }
      this.host.committed(begun.node, result);
      sim.finish(
        'error' in result ? k.fail(begun, new Error(result.error)) : k.commit(begun, (result as { ops: Op[] }).ops),
      );
    }
    this.host.flush();
  }

  async runUntil(until: number): Promise<void> {
    await this.advance(until, undefined, true);
    this.sim.runUntil(until); // nothing is due any more: this only moves the clock and horizon
  }

  async stepMany(count: number): Promise<number> {
    const from = this.sim.cursor;
    await this.advance(Number.MAX_SAFE_INTEGER, from + count, true);
    return this.sim.cursor - from;
  }

  inject(fault: Fault, at?: number): void {
    this.sim.inject(fault, at);
    // The recorded future is cut: so are the answers recorded for it.
    if (this.results.length > this.sim.events.length) this.results.length = this.sim.events.length;
  }

  hash(): string {
    return this.sim.hash();
  }

  threads(): number {
    return this.host.threads();
  }

  transport(): Transport {
    return this.host.sharesMemory() ? 'shared-memory' : 'postMessage';
  }

  async state(id: NodeId): Promise<unknown> {
    if (!this.host.has(id)) return this.host.lastSnapshots.get(id) ?? null;
    await this.host.refresh([id]);
    return this.host.snapshot(id).actor;
  }

  async final(): Promise<ReturnType<typeof finalState>> {
    await this.host.refresh();
    return finalState(this.sim.kernel, this.host.lastSnapshots);
  }

  close(): void {
    this.host.close();
  }

  /** Daemons whose thread died are killed in the run, with the thread's error as the reason. */
  private reportLost(): void {
    for (const { id, error } of this.host.takeLost()) {
      this.inject({ action: 'kill', target: id, reason: error });
    }
  }

  /**
   * Steps until virtual time passes `limit`, the cursor reaches `stopAt`, or nothing is left.
   * Returns the last event handled.
   */
  private async advance(limit: number, stopAt: number | undefined, batch: boolean): Promise<TraceEvent | null> {
    const sim = this.sim;
    let last: TraceEvent | null = null;
    for (;;) {
      if (stopAt !== undefined && sim.cursor >= stopAt) break;
      if (this.outstanding === 0) {
        this.reportLost();
        if (sim.wantsCheckpoint) {
          await this.host.refresh();
          sim.takeDueCheckpoint();
        }
        if (batch && this.batching) this.predict(limit, stopAt);
      }
      const begun = sim.prepare(limit);
      if (begun === null) break;
      let e: TraceEvent;
      if ('input' in begun) {
        // Through shared memory the answer is usually in already: no await, no trip to the task queue.
        let result = this.resultFor(begun);
        if (result instanceof Promise) result = await result;
        e = this.commitStep(begun, result);
      } else {
        e = begun;
      }
      sim.finish(e);
      last = e;
    }
    if (this.outstanding !== 0) throw new Error('Internal error: predicted inputs were left unused');
    this.host.flush();
    return last;
  }

  /** The daemon's answer to a pending step: the predicted one, or one asked for now. */
  private resultFor(p: PendingStep): WorkResult | Promise<WorkResult> {
    const queue = this.predicted.get(p.node);
    if (queue && queue.length > 0) {
      const head = queue[0];
      const r = head.batch.result(head.i);
      return r instanceof Promise ? r.then((x) => this.matched(p, head, x)) : this.matched(p, head, r);
    }
    return this.askNow(p);
  }

  /** A predicted answer, once it is in: used if it was for this very input. */
  private matched(p: PendingStep, head: Predicted, result: WorkResult): WorkResult | Promise<WorkResult> {
    if (head.seq === p.seq) {
      if (!('skipped' in result)) {
        (this.predicted.get(p.node) as Predicted[]).shift();
        this.outstanding--;
        return result;
      }
    } else if (!('skipped' in result)) {
      throw new Error(`Internal error: ${p.node} was predicted the wrong input`);
    }
    return this.askNow(p);
  }

  /**
   * Not predicted, or the node's earlier input changed its own future (a timer due sooner): the
   * thread skipped the rest of its predictions, and this input goes on its own.
   */
  private askNow(p: PendingStep): WorkResult | Promise<WorkResult> {
    this.dropPredictions(p.node);
    this.stats.roundTrips++;
    const check = (r: WorkResult) => {
      if ('skipped' in r) throw new Error(`Internal error: ${p.node} skipped an input`);
      return r;
    };
    const r = this.host.handleOne(p.node, p.input, this.sim.kernel.now).result(0);
    return r instanceof Promise ? r.then(check) : check(r);
  }

  private commitStep(p: PendingStep, result: WorkResult): TraceEvent {
    this.stats.handled++;
    const k = this.sim.kernel;
    // Most inputs do nothing visible (a heartbeat received): their results share one object, so a
    // long session keeps one small object per event that did something, not one per event.
    this.results[p.event.i] =
      'ops' in result && result.ops.length === 0 && result.probe === undefined ? NO_OPS : result;
    this.host.committed(p.node, result);
    const e = 'error' in result ? k.fail(p, new Error(result.error)) : k.commit(p, (result as { ops: Op[] }).ops);
    // A daemon that exited or threw never handles what was predicted for it (its thread skipped it).
    if (!k.isUp(p.node)) this.dropPredictions(p.node);
    return e;
  }

  private dropPredictions(node: NodeId): void {
    const q = this.predicted.get(node);
    if (q) this.outstanding -= q.length;
    this.predicted.delete(node);
  }

  /** Hands out the inputs that are certain to be handled before the run stops. */
  private predict(limit: number, stopAt: number | undefined): void {
    const sim = this.sim;
    let preds = sim.kernel.preview(limit, MAX_BATCH);
    if (preds.length < 2) return;
    // Inside the record, up to the next stopping point, a daemon gets no more predictions than
    // the record says it handles inputs before that point.
    const inj = sim.nextInjection();
    const stops = [stopAt, inj].filter((x): x is number => x !== undefined);
    if (stops.length > 0) {
      const stop = Math.min(...stops);
      const end = Math.min(stop, sim.cursor + RECORD_LOOKAHEAD);
      if (end > sim.events.length) return; // beyond the record: nothing to count on
      const budget = new Map<NodeId, number>();
      for (let i = sim.cursor; i < end; i++) {
        if (HANDLED.has(sim.events.kindOf(i))) {
          const node = sim.events.nodeOf(i);
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
    const batch = this.host.handleAll(preds.map((p) => ({ id: p.node, input: p.input, now: p.t })));
    this.stats.roundTrips++;
    preds.forEach((p, i) => {
      let q = this.predicted.get(p.node);
      if (!q) this.predicted.set(p.node, (q = []));
      q.push({ seq: p.seq, batch, i });
    });
    this.outstanding += preds.length;
  }
}
