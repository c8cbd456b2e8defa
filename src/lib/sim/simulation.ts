/**
 * A simulation session: a kernel, the trace it has recorded, and a cursor that can move both ways.
 *
 * The kernel's state always corresponds to the cursor. Moving forward over events that are already
 * recorded re-executes them (the kernel is deterministic, and each re-executed event is checked
 * against the record); moving back restores the nearest checkpoint and replays from there. Changing
 * the run at the cursor (a fault injected by the user) cuts the recorded future, like editing in a
 * debugger.
 *
 * Checkpoints are bounded: at most `maxCheckpoints` are kept, at multiples of an interval that
 * doubles whenever the limit is reached, so memory stays bounded and a seek replays at most one
 * interval of events.
 */
import { Kernel, type KernelSpec, type KernelState, type PendingStep } from './kernel';
import type { SyncHost } from './host';
import { TraceHasher, canonicalJson } from './trace';
import { TraceStore } from './trace-store';
import type { Fault, TraceEvent } from './types';

export interface SimulationOptions {
  /** Initial distance between checkpoints, in events. */
  checkpointEvery?: number;
  maxCheckpoints?: number;
  /** Compare re-executed events with the recorded ones (costs a serialization per event). */
  verifyReplay?: boolean;
  /**
   * Looks at each event right after the kernel made it, and may append effects (invariant
   * violations). It must be a pure function of the event and the kernel's state, so that replays
   * and seeks record the same thing.
   */
  observe?: (event: TraceEvent, kernel: Kernel) => void;
}

export class DivergenceError extends Error {}

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

export class Simulation {
  readonly kernel: Kernel;
  /** Every event recorded so far; events at index >= cursor are the recorded future. */
  readonly events = new TraceStore();
  private checkpoints = new Map<number, Checkpoint>();
  private checkpointDue = false;
  private interval: number;
  private readonly maxCheckpoints: number;
  private readonly verify: boolean;
  private readonly observe?: (event: TraceEvent, kernel: Kernel) => void;
  private hasher = new TraceHasher();
  /**
   * Faults injected while running, keyed by the cursor they were injected at. A kernel state at
   * cursor c never contains the injections made at c; `step()` applies them, so replays re-apply
   * them exactly.
   */
  readonly injections: { index: number; at: number; fault: Fault }[] = [];
  /** Injections already inside the kernel's current state. */
  private applied = new Set<{ index: number; at: number; fault: Fault }>();
  /** Virtual time the run has been advanced to (idle time counts). */
  private horizon = 0;

  constructor(
    readonly spec: KernelSpec,
    host: SyncHost,
    options: SimulationOptions = {},
  ) {
    this.kernel = new Kernel(spec, host);
    // A checkpoint copies every node's state, so its cost grows with the cluster: space them with
    // its size. At 1,000 nodes one costs 1.6 ms, about what 2,000 events do. At 16 events per node
    // they took 18% of a run's time; at 32 they take about a tenth, and a seek replays at most
    // 32,000 events (in a 1.2M-event run: 15–18 ms median, 23–34 ms worst, against 9–10 and 19–21).
    this.interval = options.checkpointEvery ?? Math.max(1024, 32 * spec.nodes.length);
    this.maxCheckpoints = options.maxCheckpoints ?? 128;
    this.verify = options.verifyReplay ?? false;
    this.observe = options.observe;
    this.checkpoints.set(0, privateCopy(this.kernel.save()));
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

  /** Handles the next event and returns it, or null when nothing is scheduled. */
  step(limit?: number): TraceEvent | null {
    const begun = this.prepare(limit);
    if (begun === null) return null;
    const e = 'input' in begun ? this.kernel.handle(begun) : begun;
    this.finish(e);
    this.takeDueCheckpoint();
    return e;
  }

  /**
   * The first half of a step, for hosts that answer asynchronously: applies the injections due at
   * the cursor and begins the next step. Finish it with `finish()` once the effects are committed.
   */
  prepare(limit?: number): TraceEvent | PendingStep | null {
    this.applyInjections();
    return this.kernel.begin(limit);
  }

  /** The second half of a step: observes and records the finished event. */
  finish(e: TraceEvent): void {
    this.observe?.(e, this.kernel);
    this.record(e.i, e);
  }

  private record(i: number, e: TraceEvent): void {
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

  /** True when a checkpoint is due: an asynchronous host must bring its snapshots up to date. */
  get wantsCheckpoint(): boolean {
    return this.checkpointDue;
  }

  /**
   * Takes the checkpoint that came due (possibly a few events late, when an asynchronous host could
   * not be consistent at the exact index).
   */
  takeDueCheckpoint(): void {
    if (!this.checkpointDue) return;
    this.checkpointDue = false;
    const n = this.cursor;
    this.checkpoints.set(n, privateCopy(this.kernel.save()));
    if (this.checkpoints.size > this.maxCheckpoints) {
      this.interval *= 2;
      // Keep the first checkpoint of each new interval (the multiples, when taken on time).
      const kept = new Set<number>();
      for (const k of [...this.checkpoints.keys()].sort((a, b) => a - b)) {
        const bucket = Math.floor(k / this.interval);
        if (kept.has(bucket)) this.checkpoints.delete(k);
        else kept.add(bucket);
      }
    }
  }

  /** Index of the next recorded injection not yet applied (it changes the world there). */
  nextInjection(): number | undefined {
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

  /** Runs every event due at or before virtual time `until`. */
  runUntil(until: number): void {
    // `step` applies due injections first and returns null once nothing is due by `until`.
    while (this.step(until) !== null);
    this.kernel.advanceTo(until);
    this.horizon = Math.max(this.horizon, until);
  }

  /** Runs `count` events (fewer if the queue runs dry). Returns how many ran. */
  stepMany(count: number): number {
    let n = 0;
    while (n < count && this.step() !== null) n++;
    return n;
  }

  /** Puts the cursor after `index` events (0 = the start). Beyond the record, it runs forward. */
  seek(index: number): void {
    const target = this.rewindFor(index);
    while (this.cursor < target && this.step() !== null);
  }

  /**
   * The first half of a seek: restores the best checkpoint for `index` when that is closer than
   * stepping from here. Returns the target; the caller steps up to it.
   */
  rewindFor(index: number): number {
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

  /** Goes back one event. */
  back(): void {
    if (this.cursor > 0) this.seek(this.cursor - 1);
  }

  /**
   * Injects a fault now (at the cursor's virtual time). When the cursor is inside the recorded
   * run, the recorded future is cut first: the run forks here.
   */
  inject(fault: Fault, at?: number): void {
    this.truncate();
    this.injections.push({ index: this.cursor, at: Math.max(at ?? this.kernel.now, this.kernel.now), fault });
  }

  /** Drops the recorded future beyond the cursor. */
  truncate(): void {
    const n = this.cursor;
    if (n >= this.events.length) return;
    this.events.truncate(n);
    this.hasher.reset();
    for (const k of [...this.checkpoints.keys()]) if (k > n) this.checkpoints.delete(k);
    for (let i = this.injections.length - 1; i >= 0; i--) {
      if (this.injections[i].index > n) this.injections.splice(i, 1);
    }
    this.horizon = this.kernel.now;
  }

  /** SHA-256 of the canonical trace recorded so far. */
  hash(): string {
    return this.hasher.digest(this.events);
  }

  checkpointCount(): number {
    return this.checkpoints.size;
  }
}
