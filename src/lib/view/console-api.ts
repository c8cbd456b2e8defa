/**
 * `window.spark`: the page's run, for people in DevTools and for end-to-end tests. Documented in
 * docs/console-api.md. Everything goes through the page's player, so the panels follow along.
 */
import type { RuntimeName, Transport } from '../runtime/session';
import type { Fault, NodeId, TraceEvent } from '../sim/types';
import { MAX_SPEED, MIN_SPEED, type Player } from './player.svelte';

export interface SparkConsole {
  load(scenario: unknown, opts?: { seed?: number; runtime?: RuntimeName; threads?: number }): Promise<string>;
  run(untilMs: number): Promise<{ events: number; time: number }>;
  step(): Promise<TraceEvent | null>;
  back(): Promise<number>;
  seek(eventIndex: number): Promise<number>;
  hash(): string;
  trace(): TraceEvent[];
  state(nodeId: NodeId): Promise<unknown>;
  readonly runtime: RuntimeName | null;
  /**
   * How requests reach the daemon threads: through a shared-memory lane where the page is
   * cross-origin isolated, else by postMessage (null in-process).
   */
  readonly transport: Transport | null;
  threads(): number;
  inject(fault: Fault): Promise<void>;
  cursor(): number;
  /** Kills the Web Worker a daemon runs on, as if the browser had (crash tests). */
  killThread(nodeId: NodeId, why?: string): boolean;
  /** Mean bare postMessage round trip to a daemon thread over `n` pings, in ms. */
  ping(n?: number): Promise<number>;
  /** Starts playback (optionally at a speed, 0.1 to 1000); `pause()` stops it. */
  play(speed?: number): void;
  pause(): void;
  /** Round trips made and inputs handled by the Web Worker runtime since the load. */
  stats(): { roundTrips: number; handled: number } | null;
}

export function consoleApi(player: Player): SparkConsole {
  const session = () => {
    if (!player.session) throw new Error('No scenario is loaded: call spark.load(scenario) first');
    return player.session;
  };
  return {
    async load(scenario, opts = {}) {
      const s = await player.load(scenario, opts);
      return `Loaded "${s.name}" (${player.session?.runtime})`;
    },
    async run(untilMs) {
      if (typeof untilMs !== 'number' || !(untilMs >= 0)) throw new Error(`run: expected a time in ms, got ${untilMs}`);
      await player.runUntil(untilMs);
      return { events: player.cursor, time: session().sim.now };
    },
    step: () => player.step(),
    async back() {
      await player.back();
      return player.cursor;
    },
    async seek(i) {
      if (!Number.isInteger(i) || i < 0) throw new Error(`seek: expected an event index (0 or more), got ${i}`);
      await player.seek(i);
      return player.cursor;
    },
    hash: () => session().hash(),
    trace: () => session().sim.events.slice(0, session().sim.cursor),
    state: (id) => player.state(id),
    get runtime() {
      return player.session?.runtime ?? null;
    },
    get transport() {
      return player.session?.transport() ?? null;
    },
    threads: () => session().threads(),
    inject: (fault) => player.inject(fault),
    cursor: () => player.cursor,
    killThread(id, why) {
      return session().host.killThread(id, why);
    },
    async ping(n = 200) {
      const s = session();
      if (s.runtime !== 'workers') return NaN;
      await s.host.ping();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await s.host.ping();
      return (performance.now() - t0) / n;
    },
    play(speed) {
      if (speed !== undefined) {
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED))
          throw new Error(`play: speed must be from ${MIN_SPEED} to ${MAX_SPEED}`);
        player.speed = speed;
      }
      player.play();
    },
    pause: () => player.pause(),
    stats() {
      const s = player.session;
      return s?.runtime === 'workers' ? { ...s.sim.stats } : null;
    },
  };
}
