/**
 * The page's view model: one session, one cursor, one virtual time for every panel.
 *
 * Every change goes through here, one at a time (a promise chain), whether it comes from a button,
 * a key, the console API or the playback loop. What panels draw is a function of the trace, the
 * cursor and `viewTime`; playing only moves `viewTime` forward at a rate that depends on the speed
 * (and slows down while messages fly, so they can be seen).
 */
import { createSession, type CreateOptions } from '../runtime/create';
import type { Session } from '../runtime/session';
import { formatProblem, loadScenario, runLength, type Scenario } from '../scenario/load';
import { TraceStore } from '../sim/trace-store';
import type { Fault, NodeId, TraceEvent } from '../sim/types';
import { describe } from './describe';
import { FlightIndex } from './flights';
import { StateIndex } from './state-index';

/** What `events` is before anything is loaded. */
const NO_EVENTS = new TraceStore();

export type Breakpoint = { kind: 'message'; type: string } | { kind: 'state'; state: string; node?: NodeId };

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 1000;
export const DEFAULT_SPEED = 4;
/** Up to this speed, playback goes event by event and never skips a message's flight. */
export const STEPWISE_SPEED = 50;

/** Virtual ms per wall ms while messages are in the air: slow motion, less so at high speeds. */
export function flightRate(speed: number): number {
  return speed * 0.005 * Math.max(1, speed / 10);
}

/** Parses scenario input (an object, or JSON text) with messages that say where it is wrong. */
export function parseScenarioInput(input: unknown): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      return {
        ok: false,
        error: `The scenario is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }
  const r = loadScenario(doc);
  return r.ok ? r : { ok: false, error: r.problems.map(formatProblem).join('\n') };
}

export function breakpointHit(bp: Breakpoint, e: TraceEvent): boolean {
  if (bp.kind === 'message') return e.kind === 'deliver' && e.msg === bp.type;
  return e.fx.some(
    (f) =>
      f.k === 'state' &&
      (bp.node === undefined || f.node === bp.node) &&
      (f.to === bp.state || f.to.startsWith(`${bp.state}.`)),
  );
}

export function breakpointLabel(bp: Breakpoint): string {
  return bp.kind === 'message' ? `${bp.type} delivered` : `${bp.node ?? 'any daemon'} enters ${bp.state}`;
}

export class Player {
  session = $state.raw<Session | null>(null);
  /** Bumped whenever the trace or the cursor changes: panels re-read the session. */
  version = $state(0);
  viewTime = $state(0);
  playing = $state(false);
  speed = $state(DEFAULT_SPEED);
  /** Long work in progress (a seek, a load), with what it is. */
  busy = $state<string | null>(null);
  /** The last input that was refused (the session is untouched). */
  error = $state<string | null>(null);
  selected = $state<NodeId | null>(null);
  /** A message hovered in one view, highlighted in the others. */
  hoverMsg = $state<number | null>(null);
  breakpoints = $state<Breakpoint[]>([]);
  /** Why playback stopped on its own. */
  stopReason = $state<string | null>(null);
  narration = $state('');
  readonly flights = new FlightIndex();
  readonly states = new StateIndex();
  private chain: Promise<unknown> = Promise.resolve();
  private lastNarrated = -1;
  private framesSinceNarration = 0;
  private options: CreateOptions = {};

  constructor(options: CreateOptions = {}) {
    this.options = options;
  }

  /** Runs `fn` after everything queued before it; errors reject the returned promise only. */
  private queue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  get cursor(): number {
    return this.session?.sim.cursor ?? 0;
  }

  get events(): TraceStore {
    return this.session?.sim.events ?? NO_EVENTS;
  }

  get scenario(): Scenario | null {
    return this.session?.scenario ?? null;
  }

  /** The end of the scenario's run. */
  get until(): number {
    return this.session ? Math.max(runLength(this.session.scenario), this.session.sim.endTime) : 0;
  }

  private changed(narrate = true): void {
    const s = this.session;
    if (!s) return;
    this.flights.sync(s.sim.events);
    this.states.sync(s.sim.events);
    this.version++;
    const last = s.sim.events.at(s.sim.cursor - 1);
    if (narrate && last) this.narration = describe(last);
  }

  /** Replaces the run with a new scenario. Bad input rejects with a clear message; nothing changes. */
  load(input: unknown, opts: CreateOptions = {}): Promise<Scenario> {
    return this.queue(async () => {
      const parsed = parseScenarioInput(input);
      if (!parsed.ok) {
        this.error = parsed.error;
        throw new Error(parsed.error);
      }
      this.busy = `Starting ${parsed.scenario.name}…`;
      try {
        const next = await createSession(parsed.scenario, { ...this.options, ...opts });
        this.session?.close();
        this.playing = false;
        this.session = next;
        this.viewTime = 0;
        this.error = null;
        this.stopReason = null;
        this.flights.reset();
        this.states.reset();
        if (this.selected && !next.sim.kernel.nodeSpec(this.selected)) this.selected = null;
        this.changed(false);
        this.narration = `Loaded ${parsed.scenario.name}.`;
        return parsed.scenario;
      } finally {
        this.busy = null;
      }
    });
  }

  step(): Promise<TraceEvent | null> {
    return this.queue(async () => {
      const s = this.need();
      const e = await s.step();
      if (e) this.viewTime = e.t;
      this.changed();
      return e;
    });
  }

  back(): Promise<void> {
    return this.queue(async () => {
      const s = this.need();
      await s.back();
      this.viewTime = s.sim.events.timeBefore(s.sim.cursor);
      this.changed();
    });
  }

  /** Puts the cursor after `index` events, and the view at the last one's time. */
  seek(index: number): Promise<void> {
    return this.queue(async () => {
      const s = this.need();
      this.busy = `Seeking to event ${index}…`;
      try {
        await s.seek(index);
      } finally {
        this.busy = null;
      }
      this.viewTime = s.sim.events.timeBefore(s.sim.cursor);
      this.changed();
    });
  }

  /** Moves the view to virtual time `t`: the cursor goes after the last event at or before it. */
  seekTime(t: number): Promise<void> {
    return this.queue(async () => {
      const s = this.need();
      const ev = s.sim.events;
      if (ev.length > 0 && t <= ev.time(ev.length - 1)) {
        let lo = 0;
        let hi = ev.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (ev.time(mid) <= t) lo = mid + 1;
          else hi = mid;
        }
        await s.seek(lo);
      } else {
        if (s.sim.cursor < ev.length) await s.seek(ev.length);
        await s.runUntil(t);
      }
      this.viewTime = Math.max(t, s.sim.events.timeBefore(s.sim.cursor));
      this.changed();
    });
  }

  /** Runs as fast as possible to virtual time `t` (the console's `run`). */
  runUntil(t: number): Promise<void> {
    return this.queue(async () => {
      const s = this.need();
      if (s.sim.cursor < s.sim.events.length && t >= s.sim.events.timeBefore(s.sim.events.length))
        await s.seek(s.sim.events.length);
      await s.runUntil(t);
      this.viewTime = Math.max(this.viewTime, t);
      this.changed();
    });
  }

  /** Steps over idle time to the next event that puts a message on the wire or takes one off. */
  skipToNextMessage(): Promise<TraceEvent | null> {
    return this.queue(async () => {
      const s = this.need();
      for (let n = 0; n < 100_000; n++) {
        const e = await s.step();
        if (!e) break;
        if (e.kind === 'deliver' || e.kind === 'drop' || e.fx.some((f) => f.k === 'send')) {
          this.viewTime = e.t;
          this.changed();
          return e;
        }
      }
      this.changed();
      return null;
    });
  }

  /** A fault now, recorded into the run. */
  inject(fault: Fault): Promise<void> {
    return this.queue(async () => {
      const s = this.need();
      // At the time on screen (no event is due before it, so nothing is skipped).
      s.inject(fault, this.viewTime);
      this.changed(false);
      this.narration = `Injected ${fault.action}${'target' in fault ? ` on ${fault.target}` : ''}.`;
    });
  }

  /** One animation frame of playback: `wallMs` of wall time passed. */
  frame(wallMs: number): Promise<void> {
    return this.queue(async () => {
      const s = this.session;
      if (!s || !this.playing) return;
      const flying = this.flights.inAir(this.viewTime, s.sim.cursor).length > 0;
      const rate = flying ? flightRate(this.speed) : this.speed;
      let target = Math.min(this.until, this.viewTime + Math.min(wallMs, 100) * rate);
      const from = s.sim.cursor;
      if (this.speed <= STEPWISE_SPEED) {
        // Slow enough to watch: event by event, stopping at the first that puts a message on the
        // wire, so the next frame shows it leave in slow motion.
        for (;;) {
          const c = s.sim.cursor;
          const next = c < s.sim.events.length ? s.sim.events.time(c) : s.sim.kernel.nextTime();
          if (next === undefined || next > target) break;
          const e = await s.step();
          if (!e) break;
          if (e.fx.some((f) => f.k === 'send')) {
            target = e.t;
            break;
          }
        }
      } else if (from < s.sim.events.length) {
        // Replaying the record: move the cursor over recorded events up to the target.
        let to = from;
        while (to < s.sim.events.length && s.sim.events.time(to) <= target) to++;
        await s.seek(to);
        if (to === s.sim.events.length) await s.runUntil(target);
      } else {
        await s.runUntil(target);
      }
      this.viewTime = target;
      for (let i = from; i < s.sim.cursor; i++) {
        const e = s.sim.events.at(i) as TraceEvent;
        const bp = this.breakpoints.find((b) => breakpointHit(b, e));
        if (bp) {
          await s.seek(i + 1);
          this.viewTime = e.t;
          this.playing = false;
          this.stopReason = `Breakpoint: ${breakpointLabel(bp)} (event ${i})`;
          break;
        }
      }
      if (this.viewTime >= this.until) {
        this.playing = false;
        this.stopReason = 'End of the scenario';
      }
      this.changed(false);
      // While playing, narrate about once a second (60 frames), not every frame.
      const last = s.sim.events.at(s.sim.cursor - 1);
      if (last && last.i !== this.lastNarrated && (!this.playing || ++this.framesSinceNarration >= 60)) {
        this.narration = describe(last);
        this.lastNarrated = last.i;
        this.framesSinceNarration = 0;
      }
    });
  }

  play(): void {
    if (!this.session) return;
    this.stopReason = null;
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** A daemon's whole state at the cursor. */
  state(id: NodeId): Promise<unknown> {
    return this.queue(async () => this.need().state(id));
  }

  private need(): Session {
    if (!this.session) throw new Error('No scenario is loaded');
    return this.session;
  }
}
