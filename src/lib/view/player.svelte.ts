/**
 * The page's view model. It holds the run (a trace source) and publishes one immutable frame —
 * the cursor, the virtual time and the world at that moment — that every panel draws from. No
 * panel reads a session, a kernel or a thread; none needs a counter bumped to redraw.
 *
 * Moving the cursor inside the recorded trace asks nothing of the simulation: the world is read
 * from the trace. Only going past the end extends it, and that work is cut in slices, so the page
 * keeps drawing and answering; past 300 ms it shows its progress and can be cancelled. Every change
 * goes through here one at a time (a promise chain), whether it comes from a button, a key, the
 * console API or the playback loop.
 */
import { exampleName } from './example-text';
import { m } from '../paraglide/messages.js';
import { NotALog } from '../replay/not-a-log';
import type { LogReplay } from '../replay/replay';
import { createSession, type CreateOptions } from '../runtime/create';
import { Cancelled, type LogFile, type LogReader } from '../replay/read-logs';
import type { RuntimeName, Session } from '../runtime/session';
import { injectedFaults, injectionsOf, scenarioNodes, type RunDoc } from '../run/run-doc';
import { checkFault } from '../scenario/fault';
import { formatProblem, loadScenario, runLength, type Scenario } from '../scenario/load';
import { countAtOrBefore } from '../sim/event-array';
import type { Fault, NodeId, TraceEvent } from '../sim/types';
import type { TraceHeader } from '../world/header';
import { WorldIndex, type World } from '../world/world';
import { firstHit, type Breakpoint } from './breakpoints';
import { describe } from './describe';
import { recordedSource, simulationSource, type SimulationSource, type TraceSource } from './source';

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 1000;
export const DEFAULT_SPEED = 4;
/** Up to this speed, playback goes event by event and never skips a message's flight. */
export const STEPWISE_SPEED = 50;
/**
 * A recorded log prints many lines in one second (or, with a second-only clock, at one time):
 * played at 1×, lines that show no time passing come one per this many ms of wall time (less,
 * faster), so that playing them is watching them, not a jump to the last.
 */
export const SAME_TIME_LINE_MS = 400;
/** In stepwise playback, one more message may leave in a frame for each this many nodes. */
const SENDERS_PER_SEND = 20;
/**
 * Work that has taken this long shows its progress and a way to stop it: any wait over 300 ms must,
 * and a slice or a frame may still come between the decision and the screen.
 */
export const SHOW_PROGRESS_AFTER_MS = 200;
/** How long one slice of a long run may hold the page (then it draws and answers). */
export const SLICE_MS = 12;
/** How often a long run shows where it got to. */
const SHOW_EVERY_MS = 250;
/**
 * A long run shows its frames only where drawing one takes at most this long: a frame of 1,000
 * workers after a jump of thousands of events took 40–58 ms, a task too long for the page to answer
 * in. There the progress shows the virtual time reached instead.
 */
export const FOLLOW_DRAW_MS = 20;
/** Main-thread time one playback frame may spend extending the run. */
const FRAME_WORK_MS = 12;
/** Main-thread time one task of background work (hashing the run) may take. */
const BACKGROUND_MS = 8;
/** Events hashed between looks at the clock. */
const HASH_STEP = 16;
/**
 * How long a big cluster's daemon threads sit idle before they are put to sleep, their memory
 * given back (`Session.sleep`); the next step wakes them.
 */
const SLEEP_AFTER_MS = 8_000;
/** Events stepped at most to reach a fault injected from a menu (others due at the same moment come first). */
const MAX_STEPS_TO_FAULT = 64;

/** Virtual ms per wall ms while messages are in the air: slow motion, less so at high speeds. */
export function flightRate(speed: number): number {
  return speed * 0.005 * Math.max(1, speed / 10);
}

/** What every panel draws: the world at the cursor, and which moment that is. */
export interface Frame {
  readonly cursor: number;
  readonly time: number;
  readonly world: World;
}

/** A long piece of work in progress. */
export interface Busy {
  label: string;
  /** Done so far, from 0 to 1 (null: unknown). */
  progress: number | null;
  /** The virtual time a run has reached, when the map does not follow it (see `extendTo`). */
  time?: number;
}

/** A run the user forked away from by injecting a fault in its past: kept, to go back to. */
export interface Branch {
  doc: RunDoc;
  /** When it was left, and by which fault. */
  at: number;
  fault: string;
}

export class InputError extends Error {}

/** Parses scenario input (an object, or JSON text) with messages that say where it is wrong. */
export function parseScenarioInput(input: unknown): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  const r = loadScenario(input);
  return r.ok ? r : { ok: false, error: r.problems.map(formatProblem).join('\n') };
}

/** Lets the page draw and answer before going on. */
function breathe(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

const now = () => performance.now();

/**
 * Hashes the run for about `ms` of the page's time; returns how many events are left. (By count it
 * held the page too long: 2,048 events of a 1,000-worker run took 50 ms.)
 */
function hashFor(sim: Session['sim'], ms: number): number {
  const started = now();
  let left: number;
  do left = sim.hashSome(HASH_STEP);
  while (left > 0 && now() - started < ms);
  return left;
}

export class Player {
  frame = $state.raw<Frame | null>(null);
  playing = $state(false);
  speed = $state(DEFAULT_SPEED);
  /** Long work in progress, once it has taken long enough to show. */
  busy = $state<Busy | null>(null);
  /** The last input that was refused (the run is untouched). */
  error = $state<string | null>(null);
  /** A passing remark (a branch kept, a link copied). */
  notice = $state<string | null>(null);
  selected = $state<NodeId | null>(null);
  /** A message hovered in one view, highlighted in the others. */
  hoverMsg = $state<number | null>(null);
  /** What a chapter's step points at in the inspector: a timer by name, a table row by part of its id. */
  emphasis = $state.raw<{ timer?: string; row?: { table: string; id: string } } | null>(null);
  breakpoints = $state<Breakpoint[]>([]);
  /** Why playback stopped on its own. */
  stopReason = $state<string | null>(null);
  narration = $state('');
  branches = $state.raw<Branch[]>([]);
  /** Where the daemons run (for the page's header). */
  runtime = $state.raw<{ name: RuntimeName; threads: number; transport: string | null } | null>(null);
  /** The real logs being replayed, when they are: what the reader made of each file, and the lines it did not understand. */
  logs = $state.raw<Omit<LogReplay, 'events' | 'header'> | null>(null);
  /** Called after each published frame (the address bar and the autosave follow the run). */
  onchange: ((frame: Frame) => void) | null = null;

  /** The run: rune state, so that what reads it (the header, `live`, `until`) follows a new one. */
  private source = $state.raw<TraceSource | null>(null);
  private index: WorldIndex | null = null;
  private cursor = 0;
  private time = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private sleepTimer: ReturnType<typeof setTimeout> | undefined;
  private cancelled = false;
  /** Stops long work at once, where waiting for its next progress would be too late (a log read in a thread). */
  private abortWork: (() => void) | null = null;
  private hashing = false;
  /** Events a slice of work runs per ms of the page's time (learned as runs go). */
  private eventsPerMs = 20;
  /** How long the last frame took to publish and draw, in ms of the page's time. */
  private drawMs = 0;
  private lastNarrated = -1;
  private framesSinceNarration = 0;
  /** Wall time played since the last line that showed no time passing (`SAME_TIME_LINE_MS`). */
  private sameTimeWall = 0;
  private options: CreateOptions;

  constructor(options: CreateOptions = {}) {
    this.options = options;
  }

  /**
   * The runtime every later run is made with unless it says otherwise (the address's `?runtime=`
   * and `?threads=`: picking another scenario keeps them).
   */
  useRuntime(opts: Pick<CreateOptions, 'runtime' | 'threads'>): void {
    const next: CreateOptions = { ...this.options };
    if (opts.runtime !== undefined) next.runtime = opts.runtime;
    if (opts.threads !== undefined) next.threads = opts.threads;
    this.options = next;
  }

  /** Runs `fn` after everything queued before it; errors reject the returned promise only. */
  private queue<T>(fn: () => Promise<T>): Promise<T> {
    clearTimeout(this.sleepTimer);
    const next = this.chain.then(fn);
    const chain = (this.chain = next.catch(() => undefined));
    // Armed when the queue settles with nothing playing (not once a frame while it plays: the frame
    // that stops playback, or the pause, arms it).
    void chain.then(() => {
      if (this.chain === chain && !this.playing) this.restLater();
    });
    return next;
  }

  /**
   * Once nothing was asked of the run for a while (nothing queued, nothing playing), the session
   * may put its daemon threads to sleep. Not queued itself, so that it does not wait in turn again.
   */
  private restLater(): void {
    clearTimeout(this.sleepTimer);
    this.sleepTimer = setTimeout(() => {
      const src = this.source;
      if (src?.kind !== 'simulation') return;
      if (this.playing || this.busy) {
        this.restLater();
        return;
      }
      this.chain = this.chain
        .then(() => src.session.sleep())
        .then((slept) => slept && this.noteRuntime())
        .catch(() => undefined);
    }, SLEEP_AFTER_MS);
  }

  /** The header of the trace being watched. */
  get header(): TraceHeader | null {
    return this.source?.header ?? null;
  }

  /** The scenario being simulated (null for a recorded trace). */
  get scenario(): Scenario | null {
    return this.source?.kind === 'simulation' ? this.source.scenario : null;
  }

  /** The catalog file the scenario came from, if it did. */
  get file(): string | null {
    return this.source?.kind === 'simulation' ? this.source.file : null;
  }

  /** Whether the run can be extended and take faults (a simulation), or only watched. */
  get live(): boolean {
    return this.source?.kind === 'simulation';
  }

  /**
   * How far playback may go past the scenario's length in this run (a chapter's "try it yourself"
   * asks for the time its outcome takes). Back to 0 with each run opened.
   */
  reach = $state(0);

  /** The end of the timeline: the scenario's length, as far as the run went, or `reach`. */
  get until(): number {
    const src = this.source;
    if (!src) return 0;
    const recorded = src.events.length > 0 ? src.events.at(-1)!.t : 0;
    if (src.kind === 'recorded') return recorded;
    return Math.max(runLength(src.scenario), src.session.sim.endTime, this.reach);
  }

  /** The simulation's trace hash (null for a recorded trace). Hashes what is not hashed yet, at once. */
  hash(): string | null {
    return this.source?.kind === 'simulation' ? this.source.session.hash() : null;
  }

  /**
   * The hash, without holding the page: what is not hashed yet is hashed in slices, with progress
   * after 300 ms (a run of millions of events takes seconds to hash).
   */
  hashInSlices(): Promise<string | null> {
    return this.queue(async () => {
      const src = this.source;
      return src?.kind === 'simulation' ? this.hashOf(src.session) : null;
    });
  }

  /** A session's hash, worked out in slices. */
  private async hashOf(session: Session): Promise<string | null> {
    const sim = session.sim;
    const total = Math.max(1, sim.events.length);
    await this.work(m.busy_hashing(), async (progress) => {
      let left: number;
      while ((left = hashFor(sim, SLICE_MS)) > 0) if (!(await progress(1 - left / total))) return false;
      return true;
    });
    return sim.hashReady();
  }

  /** Hashes the run in the background, a little at a time, then lets the address bar know. */
  private hashLater(): void {
    if (this.hashing || this.playing) return;
    const src = this.source;
    if (src?.kind !== 'simulation' || src.session.sim.hashReady() !== null) return;
    this.hashing = true;
    const step = () => {
      // Playback makes events faster than they are hashed: the hash waits for a pause (whose last
      // frame starts it again), and frames get the page's time meanwhile.
      if (this.source !== src || this.playing) {
        this.hashing = false;
        return;
      }
      if (hashFor(src.session.sim, BACKGROUND_MS) > 0) setTimeout(step, 0);
      else {
        this.hashing = false;
        if (this.frame) this.onchange?.(this.frame);
      }
    };
    setTimeout(step, 0);
  }

  /** Where the daemons run, for the header: kept up to date as threads start and end. */
  private noteRuntime(): void {
    const src = this.source;
    if (src?.kind !== 'simulation') {
      this.runtime = null;
      return;
    }
    const s = src.session;
    const info = { name: s.runtime, threads: s.threads(), transport: s.transport() };
    const was = this.runtime;
    if (!was || was.name !== info.name || was.threads !== info.threads || was.transport !== info.transport)
      this.runtime = info;
  }

  private sim(): SimulationSource {
    const src = this.source;
    if (!src) throw new InputError(m.err_nothing_loaded());
    if (src.kind !== 'simulation') throw new InputError(m.err_recorded_only());
    return src;
  }

  private publish(narrate = true): void {
    const src = this.source;
    const index = this.index;
    if (!src || !index) return;
    index.sync(src.events);
    const world = index.at(this.cursor, this.time);
    const frame: Frame = { cursor: world.cursor, time: this.time, world };
    const drawing = now();
    this.frame = frame;
    // The panels redraw in a microtask queued by the line above: this one runs after them.
    queueMicrotask(() => (this.drawMs = now() - drawing));
    if (narrate && world.last) this.narration = describe(world.last, world);
    this.noteRuntime();
    this.onchange?.(frame);
    this.hashLater();
  }

  // -----------------------------------------------------------------------------------------------
  // Opening runs

  /** Replaces the run with a new scenario. Bad input rejects with a clear message; nothing changes. */
  load(input: unknown, opts: CreateOptions & { file?: string | null } = {}): Promise<Scenario> {
    return this.queue(async () => {
      const parsed = parseScenarioInput(input);
      if (!parsed.ok) {
        this.error = parsed.error;
        throw new InputError(parsed.error);
      }
      const session = await createSession(parsed.scenario, { ...this.options, ...opts });
      this.adopt(simulationSource(session, opts.file ?? null), 0, 0);
      this.branches = [];
      this.narration = m.narr_loaded({ name: exampleName(opts.file ?? null, parsed.scenario.name) });
      return parsed.scenario;
    });
  }

  /**
   * Opens a run document: the same scenario, seed and faults made again, to the same length, and
   * the same moment shown. The run made again must hash as the document says; a difference is
   * said plainly (the run is shown all the same). Bad input rejects; the current run stays.
   */
  openRun(
    doc: RunDoc,
    opts: CreateOptions & { file?: string | null } = {},
  ): Promise<{ hash: string; matches: boolean | null }> {
    return this.queue(async () => {
      const parsed = parseScenarioInput(doc.scenario);
      if (!parsed.ok) throw this.refuse(parsed.error.replace(/^/gm, 'scenario.'));
      const injections = injectionsOf(doc.injections, parsed.scenario);
      if (!injections.ok) throw this.refuse(injections.problems.map(formatProblem).join('\n'));
      const session = await createSession(parsed.scenario, { ...this.options, ...opts, seed: doc.seed });
      session.sim.replayInjections(injections.injections);
      const ok = await this.make(session, doc.events, doc.until, m.busy_reopening({ name: parsed.scenario.name }));
      if (!ok) {
        session.close();
        throw this.refuse(m.err_reopen_cancelled());
      }
      this.adopt(simulationSource(session, opts.file ?? null), doc.cursor, doc.time);
      this.branches = [];
      if (doc.selected && session.sim.spec.nodes.some((n) => n.id === doc.selected)) this.selected = doc.selected;
      const hash = (await this.hashOf(session)) ?? session.hash();
      // A link carries the start of the hash; a run file carries all of it.
      const matches = doc.hash === undefined ? null : hash.startsWith(doc.hash);
      this.narration = m.narr_loaded({ name: parsed.scenario.name });
      if (matches === false) this.error = m.err_hash_mismatch({ want: doc.hash ?? '', got: hash });
      return { hash, matches };
    });
  }

  /** Watches a recorded trace (a real log, a run file with its events): no simulation behind it. */
  openRecorded(header: TraceHeader, events: TraceEvent[], cursor = events.length, time?: number): Promise<void> {
    return this.queue(async () => {
      const src = recordedSource(header, events);
      this.adopt(src, cursor, time ?? src.events.timeBefore(cursor));
      this.branches = [];
      this.narration = m.narr_loaded({ name: header.title });
    });
  }

  /**
   * Replays real Spark logs: `read` parses them (in a Web Worker in the page), with progress and
   * Stop; the replay opens at its first line. A file that is not a Spark log is refused by name, and
   * the run being watched stays.
   */
  openLogs(files: LogFile[], read: LogReader): Promise<LogReplay> {
    return this.queue(async () => {
      if (files.length === 0) throw this.refuse(m.err_logs_none());
      const abort = new AbortController();
      this.abortWork = () => abort.abort();
      let replay: LogReplay | null = null;
      try {
        await this.work(m.busy_reading_logs({ count: files.length }), async (progress) => {
          replay = await read(files, progress, abort.signal);
          return true;
        });
      } catch (err) {
        if (err instanceof Cancelled) throw this.refuse(m.err_logs_cancelled());
        if (err instanceof NotALog) throw this.refuse(m.err_not_a_log({ files: err.files.join(', ') }));
        throw this.refuse(m.err_logs_failed({ error: err instanceof Error ? err.message : String(err) }));
      } finally {
        this.abortWork = null;
      }
      const r = replay as LogReplay | null;
      if (r === null) throw this.refuse(m.err_logs_cancelled());
      if (r.events.length === 0) throw this.refuse(m.err_logs_empty({ files: files.map((f) => f.name).join(', ') }));
      // The world index of a long log is built in slices, so the page keeps answering.
      const src = recordedSource(r.header, r.events);
      const index = new WorldIndex(r.header);
      const built = await this.work(m.busy_reading_logs({ count: files.length }), async (progress) => {
        for (let n = 0; n < src.events.length;) {
          n = Math.min(src.events.length, n + 8192);
          index.sync(src.events, n);
          if (!(await progress(n / src.events.length))) return false;
        }
        return true;
      });
      if (!built) throw this.refuse(m.err_logs_cancelled());
      this.adopt(src, 0, 0, index);
      this.branches = [];
      const { events: _events, header: _header, ...about } = r;
      this.logs = about;
      this.narration = m.narr_loaded({ name: r.header.title });
      return r;
    });
  }

  /** Shows why an input was refused, and gives the error to throw (the run is untouched). */
  refuse(message: string): InputError {
    this.error = message;
    return new InputError(message);
  }

  /** Runs a fresh session to `events` events and the time `until`, in slices. */
  private async make(session: Session, events: number, until: number, label: string): Promise<boolean> {
    const sim = session.sim;
    return this.work(label, async (progress) => {
      while (sim.events.length < events) {
        const n = await session.stepMany(Math.min(4096, events - sim.events.length));
        if (n === 0) break;
        if (!(await progress(sim.events.length / Math.max(1, events)))) return false;
      }
      if (sim.events.length !== events) throw this.refuse(m.err_reopen_short({ events, got: sim.events.length }));
      if (until > sim.endTime) {
        try {
          sim.idleUntil(until);
        } catch {
          throw this.refuse(m.err_reopen_until({ until }));
        }
      }
      return true;
    });
  }

  private adopt(src: TraceSource, cursor: number, time: number, index?: WorldIndex): void {
    const old = this.source;
    if (old?.kind === 'simulation' && old !== src) old.session.close();
    this.source = src;
    this.reach = 0;
    this.index = index ?? new WorldIndex(src.header);
    this.index.sync(src.events);
    this.playing = false;
    this.error = null;
    this.stopReason = null;
    this.cursor = Math.max(0, Math.min(cursor, src.events.length));
    this.time = Math.max(time, src.events.timeBefore(this.cursor));
    this.lastNarrated = -1;
    this.logs = null;
    if (this.selected && !src.header.nodes.some((n) => n.id === this.selected)) this.selected = null;
    this.publish(false);
  }

  /** The run as a document (null for a recorded trace, which a run file carries whole). */
  runDoc(): RunDoc | null {
    const src = this.source;
    if (src?.kind !== 'simulation') return null;
    const sim = src.session.sim;
    const doc: RunDoc = {
      scenario: src.scenario.doc,
      seed: src.seed,
      injections: injectedFaults(sim.injections),
      events: sim.events.length,
      until: sim.endTime,
      cursor: this.cursor,
      time: this.time,
    };
    // The hash when it is known (it is worked out in the background; see `hashInSlices`).
    const hash = sim.hashReady();
    if (hash !== null) doc.hash = hash;
    if (this.selected) doc.selected = this.selected;
    return doc;
  }

  // -----------------------------------------------------------------------------------------------
  // Moving through the run

  /** The next event: from the record, or made now at the end of it. */
  step(): Promise<TraceEvent | null> {
    return this.queue(async () => {
      const src = this.need();
      this.stopReason = null;
      if (this.cursor < src.events.length) {
        this.cursor++;
      } else {
        if (src.kind !== 'simulation') return null;
        await this.toFrontier(src);
        const e = await src.session.step();
        if (!e) return null;
        this.cursor = src.events.length;
      }
      const e = src.events.at(this.cursor - 1) as TraceEvent;
      this.time = e.t;
      this.publish();
      return e;
    });
  }

  back(): Promise<void> {
    return this.queue(async () => {
      const src = this.need();
      this.stopReason = null;
      if (this.cursor === 0) return;
      this.cursor--;
      this.time = src.events.timeBefore(this.cursor);
      this.publish();
    });
  }

  /** Puts the cursor after `index` events (beyond the record, the run goes on to there). */
  seek(index: number): Promise<void> {
    return this.queue(async () => {
      const src = this.need();
      if (!Number.isInteger(index) || index < 0) throw this.refuse(m.err_seek_index({ got: String(index) }));
      // Why playback stopped is no longer what the screen shows once the cursor moves.
      this.stopReason = null;
      if (index > src.events.length) {
        if (src.kind !== 'simulation') throw this.refuse(m.err_seek_past({ index, length: src.events.length }));
        await this.extendTo({ events: index }, m.busy_running());
      }
      this.cursor = Math.min(index, src.events.length);
      this.time = src.events.timeBefore(this.cursor);
      this.publish();
    });
  }

  /** Moves the view to virtual time `t`: the cursor goes after the last event at or before it. */
  seekTime(t: number): Promise<void> {
    return this.queue(async () => {
      const src = this.need();
      if (!Number.isFinite(t) || t < 0) throw this.refuse(m.err_time({ got: String(t) }));
      this.stopReason = null;
      const target = Math.min(t, this.until);
      const ev = src.events;
      if (src.kind === 'simulation' && target > src.session.sim.settledTime) {
        await this.extendTo({ time: target }, m.busy_running());
      }
      this.cursor = countAtOrBefore(ev, target);
      this.time = Math.max(
        Math.min(target, src.kind === 'simulation' ? src.session.sim.endTime : target),
        ev.timeBefore(this.cursor),
      );
      this.publish();
    });
  }

  /** Runs as fast as possible to virtual time `t`, past the scenario's length if asked (the console's `run`). */
  runUntil(t: number): Promise<void> {
    return this.queue(async () => {
      const src = this.sim();
      if (!Number.isFinite(t) || t < 0) throw this.refuse(m.err_time({ got: String(t) }));
      await this.extendTo({ time: t }, m.busy_running());
      this.cursor = countAtOrBefore(src.events, t);
      this.time = Math.max(Math.min(t, src.session.sim.endTime), src.events.timeBefore(this.cursor));
      this.publish();
    });
  }

  /** Records the run on to virtual time `t` without moving the view (the cursor stays). */
  extendRun(t: number): Promise<void> {
    return this.queue(async () => {
      if (!Number.isFinite(t) || t < 0) throw this.refuse(m.err_time({ got: String(t) }));
      await this.extendTo({ time: t }, m.busy_running());
      this.publish(false);
    });
  }

  /** Steps over idle time to the next event that puts a message on the wire or takes one off. */
  skipToNextMessage(): Promise<TraceEvent | null> {
    return this.queue(async () => {
      const src = this.need();
      const carries = (e: TraceEvent) => e.kind === 'deliver' || e.kind === 'drop' || e.fx.some((f) => f.k === 'send');
      for (let n = 0; n < 100_000; n++) {
        let e: TraceEvent | null | undefined;
        if (this.cursor < src.events.length) e = src.events.at(this.cursor);
        else if (src.kind === 'simulation') {
          await this.toFrontier(src);
          e = await src.session.step();
        }
        if (!e) break;
        this.cursor = e.i + 1;
        this.time = e.t;
        if (carries(e)) break;
      }
      this.publish();
      return src.events.at(this.cursor - 1) ?? null;
    });
  }

  /**
   * A fault now, at the time on screen, recorded into the run. Checked first against the same
   * schema as a scenario's faults: a bad fault is refused with a message, and nothing changes.
   * Injected in the recorded past, it forks the run; the future that was recorded is kept as a
   * branch to go back to.
   */
  inject(input: unknown): Promise<Fault> {
    return this.queue(async () => {
      const src = this.sim();
      const checked = checkFault(input, scenarioNodes(src.scenario));
      if (!checked.ok) throw this.refuse(checked.problems.map(formatProblem).join('\n'));
      const fault = checked.fault;
      const sim = src.session.sim;
      let forked: string | null = null;
      if (this.cursor < src.events.length) {
        const doc = this.runDoc();
        if (doc) {
          this.branches = [
            ...this.branches,
            { doc: { ...doc, cursor: this.cursor, time: this.time }, at: this.time, fault: fault.action },
          ];
          forked = m.notice_branch_kept({ events: src.events.length - this.cursor });
        }
        await this.toCursor(src);
        this.index?.truncate(this.cursor);
      } else if (sim.cursor !== this.cursor) {
        await this.toCursor(src);
      }
      src.session.inject(fault, this.time);
      // Said once it is so (the kernel may take a while to get back to the cursor).
      if (forked !== null) this.notice = forked;
      this.error = null;
      this.publish(false);
      this.narration = m.narr_injected({ action: fault.action, node: 'target' in fault ? fault.target : '' });
      return fault;
    });
  }

  /**
   * A fault from the page's menus: injected at the cursor, then applied (stepped up to its event),
   * so that what it does shows at once; a kill left for the next step showed nothing.
   */
  async injectShown(input: unknown): Promise<Fault> {
    const fault = await this.inject(input);
    // While playing, the next frame applies it anyway.
    for (let k = 0; k < MAX_STEPS_TO_FAULT && !this.playing; k++) {
      const e = await this.step();
      if (!e || e.kind === 'fault') break;
    }
    return fault;
  }

  /** Goes back to a branch left by a fault injected in the past. */
  openBranch(i: number): Promise<unknown> {
    const b = this.branches[i];
    if (!b) return Promise.reject(new InputError(m.err_no_branch({ n: i })));
    const rest = this.branches.filter((_, j) => j !== i);
    return this.openRun(b.doc, { file: this.file }).then((r) => {
      this.branches = rest;
      return r;
    });
  }

  /** The kernel is at the end of the record (where the run grows). */
  private async toFrontier(src: SimulationSource): Promise<void> {
    const sim = src.session.sim;
    if (sim.cursor !== src.events.length)
      await this.work(m.busy_catching_up(), async () => {
        await src.session.seek(src.events.length);
        return true;
      });
  }

  /** The kernel is at the view's cursor (to fork there, or to read a daemon's whole state). */
  private async toCursor(src: SimulationSource): Promise<void> {
    if (src.session.sim.cursor !== this.cursor)
      await this.work(m.busy_seeking(), async () => {
        await src.session.seek(this.cursor);
        return true;
      });
  }

  /**
   * Extends the run to a number of events or a virtual time, in slices, with progress after
   * 300 ms and a way to cancel (the run then ends where it got to). Returns whether it got there.
   */
  private async extendTo(goal: { events?: number; time?: number }, label: string): Promise<boolean> {
    const src = this.sim();
    await this.toFrontier(src);
    const sim = src.session.sim;
    const from = { events: sim.events.length, time: sim.endTime };
    let shown = now();
    return this.work(label, async (progress) => {
      for (;;) {
        if (goal.events !== undefined && sim.events.length >= goal.events) return true;
        if (goal.time !== undefined && sim.settledTime >= goal.time) return true;
        const chunk = this.chunkFor(SLICE_MS);
        const t0 = now();
        const n =
          goal.events !== undefined
            ? await src.session.stepMany(Math.min(chunk, goal.events - sim.events.length))
            : await src.session.slice(goal.time as number, chunk, () => now() - t0 > SLICE_MS);
        if (goal.events !== undefined && n === 0) return true; // nothing more happens
        this.measured(n, now() - t0);
        this.index?.sync(sim.events);
        // The threads start as the run reaches their daemons: the header says so, frames or not.
        this.noteRuntime();
        const done =
          goal.events !== undefined
            ? (sim.events.length - from.events) / Math.max(1, goal.events - from.events)
            : (sim.endTime - from.time) / Math.max(1, (goal.time as number) - from.time);
        // A map that is slow to draw does not follow the run: the progress says how far it got.
        const follow = this.drawMs <= FOLLOW_DRAW_MS;
        if (!(await progress(done, follow ? undefined : sim.endTime))) return false;
        if (follow && now() - shown > SHOW_EVERY_MS) {
          // A long run shows itself going: the view follows the end of the record, drawn in a task
          // of its own (a slice and a drawing of 1,000 workers in one would hold the page too long).
          shown = now();
          this.cursor = sim.events.length;
          this.time = sim.endTime;
          this.publish(false);
          await breathe();
        }
      }
    });
  }

  /**
   * Runs long work: it breathes between slices (`progress` yields to the page), shows itself after
   * 300 ms, and stops when cancelled (`progress` then answers false).
   */
  private async work(
    label: string,
    job: (progress: (done: number, time?: number) => Promise<boolean>) => Promise<boolean>,
  ): Promise<boolean> {
    const start = now();
    this.cancelled = false;
    let share = 0;
    // Shown at 300 ms even if no slice has ended by then (the first ones learn how fast events go).
    const show = setTimeout(() => (this.busy = { label, progress: share }), SHOW_PROGRESS_AFTER_MS);
    try {
      return await job(async (done, time) => {
        const t = now();
        share = Math.max(0, Math.min(1, done));
        if (t - start > SHOW_PROGRESS_AFTER_MS) this.busy = { label, progress: share, time };
        // Every slice ends its task: the page draws and answers between any two.
        await breathe();
        return !this.cancelled;
      });
    } finally {
      clearTimeout(show);
      this.busy = null;
    }
  }

  /**
   * How many events fit in `ms` of the page's time, from how fast the last slices went (a slice
   * through shared memory runs whole without yielding, so its length is what holds the page).
   */
  private chunkFor(ms: number): number {
    return Math.max(8, Math.min(1 << 16, Math.floor(this.eventsPerMs * ms)));
  }

  /** Learns how fast events go from a slice that ran `n` events in `ms`. */
  private measured(n: number, ms: number): void {
    if (n < 8 || ms <= 0) return;
    const rate = n / ms;
    // Slow to trust a fast slice, quick to believe a slow one.
    this.eventsPerMs = rate < this.eventsPerMs ? rate : this.eventsPerMs * 0.7 + rate * 0.3;
  }

  /** Stops the long work in progress (Escape, or the Stop button beside its progress). */
  cancel(): void {
    this.cancelled = true;
    this.abortWork?.();
  }

  // -----------------------------------------------------------------------------------------------
  // Playback

  /** One animation frame of playback: `wallMs` of wall time passed. */
  tick(wallMs: number): Promise<void> {
    return this.queue(async () => {
      const src = this.source;
      if (!src || !this.playing || !this.frame) return;
      const flying = this.frame.world.inAir.length > 0;
      const rate = flying ? flightRate(this.speed) : this.speed;
      let target = Math.min(this.until, this.time + Math.min(wallMs, 100) * rate);
      const from = this.cursor;
      const ev = src.events;
      let started = now();
      /** The frame ran the simulation on: it is drawn in a task of its own. */
      let extended = false;
      if (this.speed <= STEPWISE_SPEED) {
        // Slow enough to watch: event by event, stopping at the first that puts a message on the
        // wire, so the next frame shows it leave in slow motion. A big cluster lets one message
        // leave a frame per twenty nodes: 10,000 workers starting at once take 20 frames, not 10,000.
        let sends = Math.ceil(this.frame.world.header.nodes.length / SENDERS_PER_SEND);
        let shown = this.time;
        this.sameTimeWall += Math.min(wallMs, 100);
        for (;;) {
          let e: TraceEvent | null | undefined;
          if (this.cursor < ev.length) {
            const t = ev.time(this.cursor);
            if (t > target) break;
            if (src.kind === 'recorded' && t <= shown) {
              if (this.sameTimeWall < SAME_TIME_LINE_MS / this.speed) {
                // The clock waits with the line: it never runs ahead of lines still to show.
                target = shown;
                break;
              }
              this.sameTimeWall = 0;
            }
            shown = t;
            e = ev.at(this.cursor);
          } else if (src.kind === 'simulation') {
            const next = src.session.sim.nextTime();
            if (next === undefined || next > target || now() - started > FRAME_WORK_MS) {
              if (next !== undefined && next <= target) target = Math.max(this.time, next - 1);
              break;
            }
            await this.toFrontier(src);
            if (sends > 1) {
              // A big cluster's events are made in one batch of at most as many as may still send
              // (one round trip to the daemons' threads, not one each), then walked as recorded.
              const n = await src.session.slice(target, sends);
              extended = true;
              if (n === 0) break;
              continue;
            }
            e = await src.session.step();
          }
          if (!e) break;
          this.cursor = e.i + 1;
          if (e.fx.some((f) => f.k === 'send') && --sends <= 0) {
            target = e.t;
            break;
          }
        }
      } else {
        this.cursor = countAtOrBefore(ev, target, this.cursor);
        if (this.cursor === ev.length && src.kind === 'simulation' && src.session.sim.settledTime < target) {
          // Past the record: run on for at most a frame's share of work, in a task of its own (the
          // last frame's drawing may be in this one).
          await breathe();
          started = now();
          await this.toFrontier(src);
          const sim = src.session.sim;
          for (;;) {
            const left = FRAME_WORK_MS - (now() - started);
            if (sim.settledTime >= target || left <= 1) break;
            const chunk = this.chunkFor(left);
            const t0 = now();
            const n = await src.session.slice(target, chunk, () => now() - started > FRAME_WORK_MS);
            extended = true;
            this.measured(n, now() - t0);
            if (n < chunk) break;
          }
          this.cursor = ev.length;
          target = Math.min(target, Math.max(sim.endTime, ev.timeBefore(this.cursor)));
        }
      }
      this.time = Math.max(target, ev.timeBefore(this.cursor));
      for (let i = from; i < this.cursor; i++) {
        const e = ev.at(i) as TraceEvent;
        const bp = firstHit(this.breakpoints, e);
        if (bp) {
          this.cursor = i + 1;
          this.time = e.t;
          this.playing = false;
          this.stopReason = m.stop_breakpoint({ what: breakpointText(bp), event: i });
          break;
        }
      }
      if (this.atEnd()) {
        this.playing = false;
        this.stopReason = m.stop_end();
      }
      if (extended) await breathe();
      this.publish(false);
      // While playing, narrate about once a second (60 frames), not every frame.
      const last = this.frame?.world.last;
      if (last && last.i !== this.lastNarrated && (!this.playing || ++this.framesSinceNarration >= 60)) {
        this.narration = describe(last, this.frame?.world);
        this.lastNarrated = last.i;
        this.framesSinceNarration = 0;
      }
    });
  }

  /** Nothing left to play: the end of time, and of a recorded log's lines (its last may share the last time). */
  private atEnd(): boolean {
    const src = this.source;
    return this.time >= this.until && (src?.kind !== 'recorded' || this.cursor >= src.events.length);
  }

  play(): void {
    if (!this.source) return;
    this.stopReason = null;
    if (this.atEnd()) return;
    this.sameTimeWall = 0;
    this.playing = true;
  }

  /** Stops playback; resolves once the frame in progress (which may still move the cursor) is done. */
  pause(): Promise<void> {
    this.playing = false;
    // The run is hashed while nothing plays (see `hashLater`).
    return this.queue(async () => this.hashLater());
  }

  toggle(): void {
    if (this.playing) void this.pause();
    else this.play();
  }

  /** A daemon's whole state (its snapshot) at the cursor (the console's `state`). */
  state(id: NodeId): Promise<unknown> {
    return this.queue(async () => {
      const src = this.sim();
      if (!src.session.sim.spec.nodes.some((n) => n.id === id))
        throw this.refuse(
          m.err_unknown_node({ node: String(id), nodes: src.session.sim.spec.nodes.map((n) => n.id).join(', ') }),
        );
      await this.toCursor(src);
      return src.session.state(id);
    });
  }

  /** The session behind the run, for the console's thread tools (null for a recorded trace). */
  session(): Session | null {
    return this.source?.kind === 'simulation' ? this.source.session : null;
  }

  close(): void {
    if (this.source?.kind === 'simulation') this.source.session.close();
  }

  private need(): TraceSource {
    if (!this.source) throw new InputError(m.err_nothing_loaded());
    return this.source;
  }
}

/** How a breakpoint reads. */
export function breakpointText(bp: Breakpoint): string {
  return bp.kind === 'message'
    ? m.bp_message({ type: bp.type })
    : m.bp_state({ node: bp.node ?? m.bp_any_daemon(), state: bp.state });
}
