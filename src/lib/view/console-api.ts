/**
 * `window.spark`: the page's run, for people in DevTools and for end-to-end tests. Documented in
 * docs/console-api.md. Everything goes through the page's player, so the panels follow along, and
 * every argument is checked: a bad one rejects with an Error whose message names it and says what
 * was expected, and the run is left exactly as it was.
 */
import type { RuntimeName, Transport } from '../runtime/session';
import { classify, withoutBom } from '../run/open-file';
import { readLogsInWorker } from '../replay/read-logs';
import { serializeRun } from '../run/run-file';
import type { NodeId, TraceEvent } from '../sim/types';
import { worldJson, type WorldJson } from '../world/world-json';
import { MAX_SPEED, MIN_SPEED, type Player } from './player.svelte';
import { chapterById, chapters } from '../chapters/catalog';
import { text } from '../i18n/text';
import { MAX_DURATION_MS, MAX_RUN_EVENTS } from '../scenario/limits';

/** The longest run the console asks for at once: a virtual week. */
export const MAX_RUN_MS = MAX_DURATION_MS;
/** The furthest event the console seeks to at once. */
export const MAX_SEEK_EVENTS = MAX_RUN_EVENTS;

export interface LoadOptions {
  seed?: number;
  runtime?: RuntimeName;
  threads?: number;
}

export interface SparkConsole {
  load(scenarioOrRun: unknown, opts?: LoadOptions): Promise<string>;
  /** Replays real Spark logs, read together as one cluster: `[{ name: 'master.log', text }]`. */
  replay(files: unknown): Promise<string>;
  /**
   * The real logs being replayed (null otherwise): each file as read, the version, the number of
   * lines not understood and of differences from Spark's model, and how long reading took.
   */
  logs(): {
    files: { name: string; layout: string; lines: number; events: number; unrecognized: number }[];
    spark: string | null;
    unrecognized: number;
    differences: number | null;
    timing: { bytes: number; parseMs: number; totalMs: number } | null;
  } | null;
  run(untilMs: number): Promise<{ events: number; time: number }>;
  step(): Promise<TraceEvent | null>;
  back(): Promise<number>;
  seek(eventIndex: number): Promise<number>;
  hash(): string;
  trace(): TraceEvent[];
  state(nodeId: NodeId): Promise<unknown>;
  /** The world at the cursor as plain JSON: every node, its status, tables and timers, the network, messages in flight. */
  world(): WorldJson;
  /** The run file's text for the run as it is. */
  exportRun(): string;
  readonly runtime: RuntimeName | null;
  /**
   * How requests reach the daemon threads: through a shared-memory lane where the page is
   * cross-origin isolated, else by postMessage (null in-process).
   */
  readonly transport: Transport | null;
  threads(): number;
  inject(fault: unknown): Promise<void>;
  cursor(): number;
  /** Kills the Web Worker a daemon runs on, as if the browser had (crash tests). */
  killThread(nodeId: NodeId, why?: string): boolean;
  /** Mean bare postMessage round trip to a daemon thread over `n` pings, in ms. */
  ping(n?: number): Promise<number>;
  /** Starts playback (optionally at a speed, 0.1 to 1000); `pause()` stops it. */
  play(speed?: number): void;
  /** Resolves once the frame in progress is done: the cursor then stays where it is. */
  pause(): Promise<void>;
  /** Round trips made and inputs handled by the Web Worker runtime since the load. */
  stats(): { roundTrips: number; handled: number } | null;
  /** Every chapter: its id, its title in the page's language, and how many steps it has. */
  chapters(): { id: string; title: string; steps: number }[];
  /** Opens a chapter at a step, from 1 (one past the last is "try it yourself"), as `?chapter=&step=` does. */
  chapter(id: string, step?: number): Promise<void>;
}

/** The most log files replayed at once, and the most text. */
export const MAX_LOG_FILES = 100;
export const MAX_LOG_CHARS = 256 * 1024 * 1024;

function checkLogFiles(files: unknown): { name: string; text: string }[] {
  check(
    Array.isArray(files) && files.length >= 1 && files.length <= MAX_LOG_FILES,
    `replay: files: expected an array of 1 to ${MAX_LOG_FILES} files like [{ name: 'master.log', text: '…' }], got ${Array.isArray(files) ? `${files.length} files` : typeof files}`,
  );
  let chars = 0;
  return (files as unknown[]).map((f, i) => {
    check(
      f !== null && typeof f === 'object' && !Array.isArray(f),
      `replay: files[${i}]: expected an object { name, text }, got ${f === null ? 'null' : typeof f}`,
    );
    const { name, text } = f as { name?: unknown; text?: unknown };
    check(
      typeof name === 'string' && name.length >= 1 && name.length <= 300,
      `replay: files[${i}].name: expected a file name of 1 to 300 characters, got ${typeof name === 'string' ? `${name.length} characters` : typeof name}`,
    );
    check(
      typeof text === 'string',
      `replay: files[${i}].text: expected the file's text (a string), got ${typeof text}`,
    );
    chars += (text as string).length;
    check(
      chars <= MAX_LOG_CHARS,
      `replay: files: expected at most ${MAX_LOG_CHARS / 1048576} M characters in all, got more by files[${i}]`,
    );
    return { name: name as string, text: withoutBom(text as string) };
  });
}

/** What the page does for the console beyond the player. */
export interface ConsoleHooks {
  openChapter?: (id: string, step: number) => Promise<void>;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

const isPlainNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function checkLoadOptions(opts: unknown): LoadOptions {
  if (opts === undefined) return {};
  check(
    opts !== null && typeof opts === 'object' && !Array.isArray(opts),
    'load: options: expected an object like { seed: 7 }',
  );
  const o = opts as Record<string, unknown>;
  for (const key of Object.keys(o))
    check(
      ['seed', 'runtime', 'threads'].includes(key),
      `load: options.${key}: unknown option; expected seed, runtime or threads`,
    );
  if (o.seed !== undefined)
    check(
      Number.isSafeInteger(o.seed) && (o.seed as number) >= 0,
      `load: options.seed: expected a whole number, 0 or more, got ${String(o.seed)}`,
    );
  if (o.runtime !== undefined)
    check(
      o.runtime === 'workers' || o.runtime === 'inprocess',
      `load: options.runtime: expected "workers" or "inprocess", got ${JSON.stringify(o.runtime)}`,
    );
  if (o.threads !== undefined)
    check(
      Number.isInteger(o.threads) && (o.threads as number) >= 1 && (o.threads as number) <= 256,
      `load: options.threads: expected a whole number from 1 to 256, got ${String(o.threads)}`,
    );
  return o as LoadOptions;
}

export function consoleApi(player: Player, hooks: ConsoleHooks = {}): SparkConsole {
  const session = () => {
    const s = player.session();
    if (!s) throw new Error('No simulation is loaded: call spark.load(scenario) first');
    return s;
  };
  const need = () => {
    const f = player.frame;
    if (!f) throw new Error('No run is loaded: call spark.load(scenario) first');
    return f;
  };
  return {
    async load(input, opts) {
      const o = checkLoadOptions(opts);
      const opened =
        typeof input === 'string'
          ? classify(input)
          : input !== null && typeof input === 'object' && 'format' in input
            ? classify(JSON.stringify(input))
            : { kind: 'scenario' as const, doc: input };
      if (opened.kind === 'bad') throw player.refuse(`load: ${opened.error}`);
      if (opened.kind === 'text') throw player.refuse('load: expected a scenario or a run file (JSON), got text');
      if (opened.kind === 'run') {
        if (opened.run.kind === 'recorded') {
          const f = opened.run.file;
          await player.openRecorded(f.header, f.trace, f.cursor, f.time);
          return `Opened the recorded run "${f.header.title}"`;
        }
        const r = await player.openRun(opened.run.doc, o);
        return `Opened the run of "${opened.run.scenario.name}" (${r.matches === false ? 'its hash differs' : 'same hash'})`;
      }
      const s = await player.load(opened.doc, o);
      return `Loaded "${s.name}" (${player.session()?.runtime})`;
    },
    async replay(files) {
      let inputs: { name: string; text: string }[];
      try {
        inputs = checkLogFiles(files);
      } catch (err) {
        throw player.refuse((err as Error).message);
      }
      const r = await player.openLogs(inputs, readLogsInWorker);
      return `Replaying ${r.header.title}: ${r.events.length} events, ${r.header.nodes.length} nodes`;
    },
    logs() {
      const l = player.logs;
      if (!l) return null;
      return {
        files: l.files.map(({ name, layout, lines, events, unrecognized }) => ({
          name,
          layout,
          lines,
          events,
          unrecognized,
        })),
        spark: l.version.spark,
        unrecognized: l.unrecognized.length,
        differences: l.comparison && 'differences' in l.comparison ? l.comparison.differences.length : null,
        timing: l.timing ?? null,
      };
    },
    async run(untilMs) {
      check(
        isPlainNumber(untilMs) && untilMs >= 0 && untilMs <= MAX_RUN_MS,
        `run: untilMs: expected a virtual time in ms from 0 to ${MAX_RUN_MS} (a week), got ${String(untilMs)}`,
      );
      await player.runUntil(untilMs);
      return { events: player.frame?.cursor ?? 0, time: player.frame?.time ?? 0 };
    },
    step: () => {
      need();
      return player.step();
    },
    async back() {
      need();
      await player.back();
      return player.frame?.cursor ?? 0;
    },
    async seek(i) {
      need();
      check(
        Number.isInteger(i) && i >= 0 && i <= MAX_SEEK_EVENTS,
        `seek: eventIndex: expected a whole number from 0 to ${MAX_SEEK_EVENTS}, got ${String(i)}`,
      );
      await player.seek(i);
      return player.frame?.cursor ?? 0;
    },
    hash() {
      const h = player.hash();
      if (h === null) throw new Error('hash: no simulation is loaded');
      return h;
    },
    trace: () => {
      const f = need();
      return f.world.events.slice(0, f.cursor);
    },
    state: (id) => {
      check(typeof id === 'string', `state: nodeId: expected a node id like "master-1", got ${String(id)}`);
      return player.state(id);
    },
    world: () => worldJson(need().world),
    exportRun() {
      const doc = player.runDoc();
      const hash = player.hash();
      if (!doc || hash === null) throw new Error('exportRun: no simulation is loaded');
      return serializeRun({ ...doc, hash });
    },
    get runtime() {
      return player.session()?.runtime ?? null;
    },
    get transport() {
      return player.session()?.transport() ?? null;
    },
    threads: () => session().threads(),
    async inject(fault) {
      await player.inject(fault);
    },
    cursor: () => player.frame?.cursor ?? 0,
    killThread(id, why) {
      check(typeof id === 'string', `killThread: nodeId: expected a node id, got ${String(id)}`);
      return session().host.killThread(id, why);
    },
    async ping(n = 200) {
      check(
        Number.isInteger(n) && n >= 1 && n <= 100_000,
        `ping: n: expected a whole number from 1 to 100000, got ${String(n)}`,
      );
      const s = session();
      if (s.runtime !== 'workers') return NaN;
      await s.host.ping();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await s.host.ping();
      return (performance.now() - t0) / n;
    },
    play(speed) {
      need();
      if (speed !== undefined) {
        check(
          isPlainNumber(speed) && speed >= MIN_SPEED && speed <= MAX_SPEED,
          `play: speed: expected a number from ${MIN_SPEED} to ${MAX_SPEED}, got ${String(speed)}`,
        );
        player.speed = speed;
      }
      player.play();
    },
    pause: () => player.pause(),
    stats() {
      const s = player.session();
      return s?.runtime === 'workers' ? { ...s.sim.stats } : null;
    },
    chapters() {
      return chapters.map((c) => ({ id: c.id, title: text(`ch_${c.key}_title`), steps: c.steps.length }));
    },
    async chapter(id, step = 1) {
      const c = typeof id === 'string' ? chapterById(id) : undefined;
      check(
        c !== undefined,
        `chapter: id: expected one of ${chapters.map((x) => x.id).join(', ')}, got ${JSON.stringify(id)}`,
      );
      const max = (c as { steps: unknown[] }).steps.length + 1;
      check(
        Number.isInteger(step) && step >= 1 && step <= max,
        `chapter: step: expected a whole number from 1 to ${max}, got ${String(step)}`,
      );
      check(hooks.openChapter !== undefined, 'chapter: this page shows no chapters');
      await (hooks.openChapter as NonNullable<ConsoleHooks['openChapter']>)(id, step - 1);
    },
  };
}
